package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"dangjian/internal/platform/clock"
)

// Batch is one slice of a Scale run, to be written in one transaction:
// first Orgs (parents before children, and every parent in this or an
// earlier batch), then Members (whose orgs are in this or an earlier batch).
// A batch's slices are reused: they are valid only during the callback.
type Batch struct {
	Orgs    []Org
	Members []Member
}

// ScaleOptions tune a Scale run.
type ScaleOptions struct {
	BatchSize int       // members per batch; default 5,000
	Today     time.Time // reference day; default today in Asia/Shanghai
}

// DefaultBatchSize is the number of members per Scale batch.
const DefaultBatchSize = 5000

// Scale generates members synthetic members for benchmarks, about one
// organization per 20 members, in a province-like tree: the province's
// organization department → city organization departments → 机关工委,
// district and county committees → primary committees, street and town
// bodies → general branches → branches. It streams: at most about one
// batch of members is in memory at a time.
func Scale(seed uint64, members int, yield func(*Batch) error) error {
	return ScaleWith(seed, members, ScaleOptions{}, yield)
}

// ScaleWith is Scale with options.
func ScaleWith(seed uint64, members int, opt ScaleOptions, yield func(*Batch) error) error {
	if members < 1 {
		return fmt.Errorf("demo: members must be at least 1")
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = DefaultBatchSize
	}
	if opt.Today.IsZero() {
		opt.Today = clock.Today(clock.Real{})
	}
	today := time.Date(opt.Today.Year(), opt.Today.Month(), opt.Today.Day(), 0, 0, 0, 0, time.UTC)
	r := newRand(seed, 11)
	branches := int(math.Round(float64(members) * 0.044))
	branches = max(1, min(branches, members/3))
	s := &scaler{
		r:        r,
		today:    today,
		yield:    yield,
		size:     opt.BatchSize,
		people:   newPeople(newRand(seed, 12), today, newIDGen(homeRegions, otherRegions, 30)),
		left:     members,
		branchK:  branches,
		batch:    &Batch{Members: make([]Member, 0, opt.BatchSize+50)},
		kids:     map[string]int{},
		province: placeName(r),
	}
	return s.run()
}

type scaler struct {
	r        *rand.Rand
	today    time.Time
	yield    func(*Batch) error
	size     int
	people   *people
	left     int // members still to place
	branchK  int // branches still to make
	batch    *Batch
	kids     map[string]int
	province string
}

func (s *scaler) flush() error {
	if len(s.batch.Orgs) == 0 && len(s.batch.Members) == 0 {
		return nil
	}
	err := s.yield(s.batch)
	s.batch.Orgs = s.batch.Orgs[:0]
	s.batch.Members = s.batch.Members[:0]
	return err
}

// split divides n into k parts of roughly equal size (±30%), each ≥ 1
// when n ≥ k.
func split(r *rand.Rand, n, k int) []int {
	if k < 1 {
		k = 1
	}
	w := make([]float64, k)
	total := 0.0
	for i := range w {
		w[i] = 0.7 + 0.6*r.Float64()
		total += w[i]
	}
	parts := make([]int, k)
	used := 0
	for i := range parts {
		parts[i] = int(float64(n) * w[i] / total)
		if parts[i] < 1 && n >= k {
			parts[i] = 1
		}
		used += parts[i]
	}
	for i := 0; used != n; i = (i + 1) % k {
		if used < n {
			parts[i]++
			used++
		} else if parts[i] > 1 || (n < k && parts[i] > 0) {
			parts[i]--
			used--
		}
	}
	return parts
}

func groupsOf(n, per, most int) int {
	return max(1, min(most, int(math.Round(float64(n)/float64(per)))))
}

func (s *scaler) org(parent string, o Org) string {
	if parent == "" {
		o.Code = "SCALE"
	} else {
		s.kids[parent]++
		o.Code = fmt.Sprintf("%s-%02d", parent, s.kids[parent])
		o.ParentCode = parent
	}
	years := 0
	switch {
	case o.Kind == KindLeadingBody || o.Kind == KindGroup || o.Temporary:
	case o.Kind == KindCommittee, o.UnitType == UnitVillage, o.UnitType == UnitCommunity:
		years = 5
	default:
		years = 3
	}
	r := s.r
	if years > 0 {
		// About one in 40 overdue and one in 20 ending within 6 months.
		months := 7 + r.IntN(years*12-7)
		switch x := r.IntN(40); {
		case x == 0:
			months = -1 - r.IntN(6)
		case x <= 2:
			months = r.IntN(6)
		}
		o.TermEnd = addDays(s.today.AddDate(0, months, 0), r.IntN(28))
		o.TermStart = o.TermEnd.AddDate(-years, 0, 0)
		o.EstablishedOn = o.TermStart.AddDate(-years*r.IntN(8), 0, 0)
	} else {
		o.EstablishedOn = date(1950+r.IntN(45), time.Month(1+r.IntN(12)), 1+r.IntN(28))
	}
	if o.Temporary {
		o.EstablishedOn = addDays(s.today, -30-r.IntN(300))
		o.EndDate = addDays(s.today, 60+r.IntN(600))
	}
	s.batch.Orgs = append(s.batch.Orgs, o)
	return o.Code
}

func (s *scaler) run() error {
	root := s.org("", Org{Name: "中共" + s.province + "省委组织部", Kind: KindLeadingBody,
		UnitType: UnitGovernment, Address: s.province + "省省府路1号"})
	nb := s.branchK
	cities := split(s.r, nb, max(1, min(21, int(math.Round(float64(nb)/2750)))))
	used := map[string]bool{}
	for _, bc := range cities {
		name := placeName(s.r)
		for used[name] {
			name = placeName(s.r)
		}
		used[name] = true
		if err := s.city(root, name, bc); err != nil {
			return err
		}
	}
	return s.flush()
}

// area is a city-level unit: 机关工委, a district or a county.
type area struct {
	city, name string // "金川", "东城区" / "临河县" / ""
	kind       int    // 0 机关工委, 1 district, 2 county
	addr       place
}

func (s *scaler) city(parent, city string, branches int) error {
	code := s.org(parent, Org{Name: "中共" + city + "市委组织部", Kind: KindLeadingBody,
		UnitType: UnitGovernment, Address: city + "市人民路1号"})
	parts := split(s.r, branches, groupsOf(branches, 280, 15))
	used := map[string]bool{}
	for i, n := range parts {
		a := area{city: city}
		switch {
		case i == 0:
			a.kind = 0
			a.addr = place{areas: []string{city + "市"}}
		case i%3 == 0:
			a.kind = 2
		default:
			a.kind = 1
		}
		if a.kind > 0 {
			for a.name == "" || used[a.name] {
				a.name = placeName(s.r) + map[int]string{1: "区", 2: "县"}[a.kind]
			}
			used[a.name] = true
			a.addr = place{areas: []string{city + "市" + a.name}}
		}
		if err := s.area(code, a, n); err != nil {
			return err
		}
	}
	return nil
}

// primary is a primary committee or street/town body and how its branches
// are named and peopled.
type primary struct {
	name, stem string
	kind, unit string
	where      place
	// branch returns the i-th branch's name, unit type, profile and place.
	branch func(i int) (string, string, profile, place)
}

func (s *scaler) area(parent string, a area, branches int) error {
	var name, unit string
	switch a.kind {
	case 0:
		name, unit = "中共"+a.city+"市直属机关工作委员会", UnitGovernment
	case 1:
		name, unit = "中共"+a.city+"市"+a.name+"委员会", UnitGovernment
	default:
		name, unit = "中共"+a.name+"委员会", UnitGovernment
	}
	code := s.org(parent, Org{Name: name, Kind: KindLeadingBody, UnitType: unit, Address: a.addr.areas[0]})
	parts := split(s.r, branches, groupsOf(branches, 28, 40))
	used := map[string]bool{}
	for _, n := range parts {
		p := s.primary(a)
		for tries := 0; used[p.name] && tries < 10; tries++ {
			p = s.primary(a)
		}
		used[p.name] = true
		if err := s.primaryOrg(code, p, n); err != nil {
			return err
		}
	}
	return nil
}

func (s *scaler) primary(a area) primary {
	r := s.r
	prefix := a.addr.areas[0]
	x := r.IntN(100)
	switch {
	case a.kind == 0 && x < 65: // a department's 机关党委
		ag := pickOf(r, agencies)
		stem := a.city + "市" + ag
		return primary{name: "中共" + stem + "机关委员会", stem: stem, kind: KindCommittee, unit: UnitGovernment,
			where: a.addr, branch: func(i int) (string, string, profile, place) {
				if i > 0 && i%8 == 0 {
					return stem + "离退休干部第" + ordinal(i/8) + "党支部", UnitRetired, pRetired, a.addr
				}
				return stem + "机关第" + ordinal(i+1) + "党支部", UnitGovernment, pGov, a.addr
			}}
	case a.kind == 0 && x < 85:
		stem := a.city + "市第" + ordinal(1+r.IntN(9)) + "人民医院"
		return primary{name: "中共" + stem + "委员会", stem: stem, kind: KindCommittee, unit: UnitInstitution,
			where: a.addr, branch: func(i int) (string, string, profile, place) {
				if i%10 == 9 {
					return stem + "离退休第" + ordinal(i/10+1) + "党支部", UnitRetired, pRetired, a.addr
				}
				d := hospitalDepts[i%len(hospitalDepts)]
				if i >= len(hospitalDepts) {
					d += "第" + ordinal(i/len(hospitalDepts)+1)
				}
				return stem + d + "党支部", UnitInstitution, pInstitution, a.addr
			}}
	case a.kind == 0 || x < 12:
		stem := a.city + placeName(r) + "学院"
		if a.kind > 0 {
			stem = prefix + "第" + ordinal(1+r.IntN(12)) + "中学"
		}
		return primary{name: "中共" + stem + "委员会", stem: stem, kind: KindCommittee, unit: UnitSchool,
			where: a.addr, branch: func(i int) (string, string, profile, place) {
				c := collegeNames[(i/3)%len(collegeNames)]
				switch y := r.IntN(20); {
				case y < 7:
					return stem + c + "教工第" + ordinal(i+1) + "党支部", UnitSchool, pTeacher, a.addr
				case y < 18:
					return stem + c + "学生第" + ordinal(i+1) + "党支部", UnitSchool, pStudent, a.addr
				}
				return stem + "离退休教职工第" + ordinal(i+1) + "党支部", UnitRetired, pRetired, a.addr
			}}
	case x < 30:
		stem := a.city + "市" + placeName(r) + pickOf(r, enterpriseKinds)
		return primary{name: "中共" + stem + "委员会", stem: stem, kind: KindCommittee, unit: UnitEnterprise,
			where: a.addr, branch: func(i int) (string, string, profile, place) {
				switch y := r.IntN(40); {
				case y < 4:
					return stem + "离退休职工第" + ordinal(i+1) + "党支部", UnitRetired, pRetired, a.addr
				case y == 4:
					return stem + placeName(r) + "项目临时党支部", UnitEnterprise, pProject, a.addr
				}
				return stem + departments[i%len(departments)] + "第" + ordinal(i/len(departments)+1) + "党支部",
					UnitEnterprise, pEnterprise, a.addr
			}}
	case a.kind == 1: // a street and its communities
		st := placeName(r) + "街道"
		where := place{areas: []string{prefix + st}}
		comms := map[string]int{}
		return primary{name: "中共" + prefix + st + "工作委员会", stem: st, kind: KindLeadingBody, unit: UnitCommunity,
			where: where, branch: func(i int) (string, string, profile, place) {
				if i == 0 {
					return st + "机关党支部", UnitGovernment, pGov, where
				}
				c := pickOf(r, communityNames)
				comms[c]++
				if comms[c] > 1 {
					c += "社区第" + ordinal(comms[c]) + "党支部"
				} else {
					c += "社区党支部"
				}
				switch y := r.IntN(50); {
				case y < 4:
					return st + "退休党员" + c, UnitRetired, pRetired, where
				case y < 6:
					return st + "社会组织" + c, UnitSocial, pSocial, where
				case y == 6:
					return st + "非公企业第" + ordinal(i) + "联合党支部", UnitEnterprise, pJoint, where
				}
				return st + c, UnitCommunity, pCommunity, where
			}}
	default: // a town and its villages
		tn := placeName(r) + "镇"
		where := place{areas: []string{prefix + tn}}
		seen := map[string]bool{}
		return primary{name: "中共" + a.name + tn + "委员会", stem: tn, kind: KindCommittee, unit: UnitVillage,
			where: where, branch: func(i int) (string, string, profile, place) {
				if i == 0 {
					return tn + "机关党支部", UnitGovernment, pGov, where
				}
				v := villageName(r)
				for seen[v] {
					v = villageName(r) + itoa(i)
				}
				seen[v] = true
				return tn + v + "党支部", UnitVillage, pVillage, place{areas: []string{where.areas[0] + v}, village: true}
			}}
	}
}

func (s *scaler) primaryOrg(parent string, p primary, branches int) error {
	code := s.org(parent, Org{Name: p.name, Kind: p.kind, UnitType: p.unit, Address: p.where.areas[0]})
	// Roughly one general branch per 9 branches above a dozen, each with a
	// handful of branches; the rest sit directly under the primary body.
	ngb := 0
	if branches >= 12 {
		ngb = branches / 9
	}
	idx := 0
	under := 0
	if ngb > 0 {
		under = branches * 2 / 3
	}
	for gi, n := range split(s.r, under, max(1, ngb)) {
		if ngb == 0 {
			break
		}
		gb := s.org(code, Org{Name: p.stem + "第" + ordinal(gi+1) + "党总支", Kind: KindGeneralBranch,
			UnitType: p.unit, Address: p.where.areas[0]})
		for j := 0; j < n; j++ {
			if err := s.branch(gb, p, idx); err != nil {
				return err
			}
			idx++
		}
	}
	for ; idx < branches; idx++ {
		if err := s.branch(code, p, idx); err != nil {
			return err
		}
	}
	return nil
}

func (s *scaler) branch(parent string, p primary, i int) error {
	name, unit, prof, where := p.branch(i)
	o := Org{Name: name, Kind: KindBranch, UnitType: unit, Address: where.areas[0],
		Joint: prof == pJoint, Temporary: prof == pProject}
	code := s.org(parent, o)
	// Draw this branch's size around the remaining average, keeping every
	// later branch feasible (3..45 members).
	k := s.branchK
	n := s.left
	if k > 1 {
		avg := float64(s.left) / float64(k)
		n = int(avg * (0.35 + 1.3*s.r.Float64()))
		n = max(3, min(45, n))
		n = max(s.left-45*(k-1), min(s.left-3*(k-1), n))
	}
	s.branchK--
	s.left -= n
	for j := 0; j < n; j++ {
		s.batch.Members = append(s.batch.Members, s.people.member(code, prof, where, j < 3))
	}
	if len(s.batch.Members) >= s.size {
		return s.flush()
	}
	return nil
}
