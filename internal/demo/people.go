package demo

import (
	"math"
	"math/rand/v2"
	"time"
)

// profile is the kind of people a branch holds; it drives age, gender,
// education and category.
type profile uint8

const (
	pGov         profile = iota // 机关: civil servants
	pInstitution                // 事业单位 such as a hospital
	pEnterprise                 // 企业
	pVillage                    // 农村
	pCommunity                  // 社区: residents, many retired
	pStudent                    // 学生党支部
	pTeacher                    // 教工党支部
	pRetired                    // 离退休党支部
	pSocial                     // 社会组织
	pJoint                      // 联合党支部 of small non-public firms
	pProject                    // 临时党支部 of a construction project
)

type ageShape struct{ min, mode, max float64 }

var ages = map[profile]ageShape{
	pGov: {24, 42, 62}, pInstitution: {24, 38, 60}, pEnterprise: {23, 36, 60},
	pVillage: {24, 55, 84}, pCommunity: {24, 62, 88}, pStudent: {19, 21, 28},
	pTeacher: {27, 42, 64}, pRetired: {60, 72, 91}, pSocial: {23, 34, 58},
	pJoint: {23, 34, 58}, pProject: {23, 38, 58},
}

// joinAges is the usual age at admission (入党).
var joinAges = map[profile]ageShape{
	pGov: {20, 25, 40}, pInstitution: {20, 25, 40}, pEnterprise: {21, 28, 45},
	pVillage: {21, 32, 55}, pCommunity: {19, 27, 48}, pStudent: {18, 20, 26},
	pTeacher: {20, 25, 42}, pRetired: {18, 26, 45}, pSocial: {20, 28, 45},
	pJoint: {21, 29, 45}, pProject: {21, 28, 45},
}

// Share of probationary members (per thousand).
var probationary = map[profile]int{
	pGov: 70, pInstitution: 75, pEnterprise: 80, pVillage: 60, pCommunity: 50, pStudent: 300,
	pTeacher: 50, pRetired: 0, pSocial: 90, pJoint: 90, pProject: 80,
}

// Female share relative to the age baseline (per hundred).
var femaleFactor = map[profile]int{
	pGov: 95, pInstitution: 140, pEnterprise: 85, pVillage: 65, pCommunity: 120, pStudent: 115,
	pTeacher: 115, pRetired: 90, pSocial: 120, pJoint: 90, pProject: 45,
}

var (
	eduStudentUG   = newWeighted("bachelor:92 college:8")
	eduStudentPG   = newWeighted("master:85 doctorate:15")
	eduTeacher     = newWeighted("doctorate:45 master:40 bachelor:15")
	eduTeacherOld  = newWeighted("bachelor:50 master:30 college:15 doctorate:5")
	eduGovYoung    = newWeighted("bachelor:58 master:32 college:6 doctorate:4")
	eduGovMid      = newWeighted("bachelor:55 master:15 college:25 secondary:5")
	eduGovOld      = newWeighted("college:40 bachelor:30 secondary:25 master:5")
	eduInstYoung   = newWeighted("bachelor:45 master:30 doctorate:12 college:13")
	eduInstOld     = newWeighted("bachelor:45 college:35 master:10 secondary:10")
	eduEntYoung    = newWeighted("bachelor:50 college:30 master:10 secondary:10")
	eduEntOld      = newWeighted("college:35 secondary:30 bachelor:25 junior:10")
	eduVillYoung   = newWeighted("college:30 secondary:35 bachelor:15 junior:20")
	eduVillMid     = newWeighted("junior:45 secondary:35 college:10 primary:10")
	eduVillOld     = newWeighted("primary:35 junior:45 secondary:20")
	eduCommMid     = newWeighted("secondary:35 college:30 bachelor:20 junior:15")
	eduCommOld     = newWeighted("junior:40 secondary:35 primary:15 college:10")
	eduRetiredOld  = newWeighted("primary:20 junior:30 secondary:25 college:15 bachelor:10")
	eduRetiredMid  = newWeighted("secondary:30 college:30 bachelor:30 junior:10")
	catGov         = newWeighted("civil_servant:92 institution:8")
	catVillage     = newWeighted("farmer:86 self_employed:10 other:4")
	catCommunity   = newWeighted("self_employed:30 enterprise:30 other:25 unemployed:15")
	catSocial      = newWeighted("other:60 enterprise:25 self_employed:15")
	catJoint       = newWeighted("enterprise:75 self_employed:25")
	eduYoungPeople = eduEntYoung
)

// place says where a branch's members live.
type place struct {
	areas   []string // address prefixes, e.g. "清源市江北区"
	village bool     // rural addresses: "…村3组15号"
}

func (p place) address(r *rand.Rand) string {
	a := pickOf(r, p.areas)
	if p.village {
		return a + itoa(1+r.IntN(12)) + "组" + itoa(1+r.IntN(90)) + "号"
	}
	return residence(r, a)
}

// people makes members one at a time; the ID-number and phone generators
// guarantee uniqueness across everyone it makes.
type people struct {
	r      *rand.Rand
	today  time.Time
	ids    *idGen
	phones *phoneGen
	n      uint64
	latest time.Time // latest birth date allowed (≥ 19 years old today)
}

func newPeople(r *rand.Rand, today time.Time, ids *idGen) *people {
	latest := today.AddDate(-19, 0, -1)
	if latest.After(maxBirth) {
		latest = maxBirth
	}
	return &people{r: r, today: today, ids: ids, phones: newPhoneGen(r), latest: latest}
}

func (s ageShape) sample(r *rand.Rand) float64 {
	// Triangular distribution.
	u := r.Float64()
	f := (s.mode - s.min) / (s.max - s.min)
	if u < f {
		return s.min + math.Sqrt(u*(s.max-s.min)*(s.mode-s.min))
	}
	return s.max - math.Sqrt((1-u)*(s.max-s.min)*(s.max-s.mode))
}

func yearsBefore(t time.Time, years float64) time.Time {
	return t.AddDate(0, 0, -int(years*365.25))
}

// member makes one member of a branch with the given profile. forceFull
// makes a full member whatever the odds (for branches that must have them).
func (p *people) member(orgCode string, prof profile, where place, forceFull bool) Member {
	r := p.r
	p.n++
	birth := yearsBefore(p.today, ages[prof].sample(r))
	if birth.Before(minBirth) {
		birth = addDays(minBirth, r.IntN(365))
	}
	if birth.After(p.latest) {
		birth = addDays(p.latest, -r.IntN(200))
	}
	age := p.today.Sub(birth).Hours() / 24 / 365.25

	pf := 17
	switch {
	case age < 35:
		pf = 46
	case age < 50:
		pf = 33
	case age < 65:
		pf = 24
	}
	pf = pf * femaleFactor[prof] / 100
	female := r.IntN(100) < pf

	// Admission: at least 18 years old; full members at least a year ago.
	earliest := birth.AddDate(18, 0, 0)
	latestFull := p.today.AddDate(-1, 0, -1)
	m := Member{
		OrgCode:   orgCode,
		Name:      personName(r, birth.Year(), female),
		Gender:    "male",
		Ethnicity: ethnicities.pick(r),
		BirthDate: birth,
		Phone:     p.phones.phone(p.n),
		Address:   where.address(r),
		Status:    StatusFull,
	}
	if female {
		m.Gender = "female"
	}
	prob := !forceFull && r.IntN(1000) < probationary[prof]
	if earliest.After(latestFull) {
		prob = true // too young to have finished probation
	}
	if prob {
		m.Status = StatusProbationary
		m.JoinedOn = addDays(p.today, -(15 + r.IntN(340)))
		if m.JoinedOn.Before(earliest) {
			m.JoinedOn = earliest
		}
	} else {
		ja := joinAges[prof].sample(r)
		if ja > age-1 {
			ja = age - 1 - r.Float64()*(age-19)
		}
		m.JoinedOn = birth.AddDate(0, 0, int(ja*365.25))
		if m.JoinedOn.Before(earliest) {
			m.JoinedOn = earliest
		}
		if m.JoinedOn.After(latestFull) {
			m.JoinedOn = latestFull
		}
		m.FullMemberOn = m.JoinedOn.AddDate(1, 0, 0)
	}
	m.Education = education(r, prof, birth.Year(), age)
	m.Category = category(r, prof, age)
	m.IDNumber = p.ids.next(r, birth, female)
	return m
}

func education(r *rand.Rand, prof profile, by int, age float64) string {
	switch prof {
	case pStudent:
		if age < 23 {
			return eduStudentUG.pick(r)
		}
		return eduStudentPG.pick(r)
	case pTeacher:
		if by < 1970 {
			return eduTeacherOld.pick(r)
		}
		return eduTeacher.pick(r)
	case pGov:
		switch {
		case by >= 1980:
			return eduGovYoung.pick(r)
		case by >= 1965:
			return eduGovMid.pick(r)
		}
		return eduGovOld.pick(r)
	case pInstitution:
		if by >= 1980 {
			return eduInstYoung.pick(r)
		}
		return eduInstOld.pick(r)
	case pVillage:
		switch {
		case by >= 1985:
			return eduVillYoung.pick(r)
		case by >= 1960:
			return eduVillMid.pick(r)
		}
		return eduVillOld.pick(r)
	case pCommunity:
		switch {
		case by >= 1985:
			return eduYoungPeople.pick(r)
		case by >= 1960:
			return eduCommMid.pick(r)
		}
		return eduCommOld.pick(r)
	case pRetired:
		if by < 1950 {
			return eduRetiredOld.pick(r)
		}
		return eduRetiredMid.pick(r)
	}
	if by >= 1985 {
		return eduEntYoung.pick(r)
	}
	return eduEntOld.pick(r)
}

func category(r *rand.Rand, prof profile, age float64) string {
	switch prof {
	case pGov:
		return catGov.pick(r)
	case pInstitution, pTeacher:
		return "institution"
	case pEnterprise, pProject:
		return "enterprise"
	case pVillage:
		return catVillage.pick(r)
	case pCommunity:
		if age >= 60 {
			return "retired"
		}
		return catCommunity.pick(r)
	case pStudent:
		return "student"
	case pRetired:
		return "retired"
	case pSocial:
		return catSocial.pick(r)
	case pJoint:
		return catJoint.pick(r)
	}
	return "other"
}

// newRand is the one way generators get randomness: PCG seeded from the
// seed and a per-purpose stream number.
func newRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream^0x9e3779b97f4a7c15))
}
