package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// CityMembers is the number of members CityAt generates.
const CityMembers = 1500

// CityName is the fictional city of the demo data.
const CityName = "清源市"

// CityAt generates the demo city for seed, with dates reckoned from today
// (midnight UTC of the date). The same seed on the same day gives the same data.
func CityAt(seed uint64, today time.Time) *Dataset {
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	b := &cityBuilder{
		r:     newRand(seed, 1),
		today: today,
		ds:    &Dataset{Seed: seed, Today: today, RetiredMember: -1},
		kids:  map[string]int{},
	}
	b.plan()
	b.sizes(CityMembers)
	b.people(seed)
	b.positions()
	return b.ds
}

// branchPlan is a branch waiting for its members.
type branchPlan struct {
	code        string
	prof        profile
	where       place
	lo, hi      int // size range
	size        int
	fixed       bool // size is part of the story (warnings): never adjusted
	allFull     bool
	noCommittee bool // ≥ 7 full members but no committee: the warning case
	groups      []string
	members     []int
}

type cityBuilder struct {
	r        *rand.Rand
	today    time.Time
	ds       *Dataset
	kids     map[string]int
	branches []*branchPlan

	retiredBranch string
}

var (
	cityAreas = place{areas: []string{"清源市江北区", "清源市城南区", "清源市江北区", "清源市城南区",
		"清源市高新技术产业开发区", "清源市青石县城关镇"}}
	cityOrgAddr = "清源市江北区人民路1号"
)

func (b *cityBuilder) add(parent string, o Org) string {
	if parent == "" {
		o.Code = "DEMO"
	} else {
		b.kids[parent]++
		o.Code = fmt.Sprintf("%s-%02d", parent, b.kids[parent])
		o.ParentCode = parent
	}
	r := b.r
	years := 0
	switch {
	case o.Kind == KindCommittee, o.UnitType == UnitVillage || o.UnitType == UnitCommunity:
		years = 5
	case o.Kind == KindGeneralBranch, o.Kind == KindBranch:
		years = 3
	}
	if o.Kind == KindGroup || o.Kind == KindLeadingBody || o.Temporary {
		years = 0
	}
	if years > 0 {
		// Most terms end comfortably later than the 6-month reminder.
		months := 7 + r.IntN(years*12-8)
		o.TermEnd = addDays(b.today.AddDate(0, months, 0), r.IntN(28))
		o.TermStart = o.TermEnd.AddDate(-years, 0, 0)
		o.EstablishedOn = o.TermStart.AddDate(-years*(1+r.IntN(7)), 0, 0)
	} else {
		o.EstablishedOn = date(1950+r.IntN(45), time.Month(1+r.IntN(12)), 1+r.IntN(28))
	}
	if o.Temporary {
		o.EstablishedOn = addDays(b.today.AddDate(0, -10, 0), r.IntN(20))
		o.EndDate = b.today.AddDate(0, 8, 0)
	}
	if o.Kind == KindGroup {
		o.EstablishedOn = time.Time{}
	}
	b.ds.Orgs = append(b.ds.Orgs, o)
	return o.Code
}

func (b *cityBuilder) org(parent, name, kind, unit, addr string) string {
	return b.add(parent, Org{Name: name, Kind: kind, UnitType: unit, Address: addr})
}

func (b *cityBuilder) branch(parent, name, unit string, prof profile, where place, lo, hi int) *branchPlan {
	addr := where.areas[0]
	code := b.add(parent, Org{Name: name, Kind: KindBranch, UnitType: unit, Address: addr})
	bp := &branchPlan{code: code, prof: prof, where: where, lo: lo, hi: hi}
	b.branches = append(b.branches, bp)
	return bp
}

func (b *cityBuilder) groups(bp *branchPlan, n int) {
	for i := 1; i <= n; i++ {
		bp.groups = append(bp.groups, b.add(bp.code, Org{Name: "第" + ordinal(i) + "党小组", Kind: KindGroup,
			UnitType: b.ds.Org(bp.code).UnitType}))
	}
}

// term moves an org's term so that it ends months from today (negative:
// already overdue), for the term warnings.
func (b *cityBuilder) term(code string, months int) {
	o := b.ds.Org(code)
	years := int(o.TermEnd.Sub(o.TermStart).Hours()/24/365 + 0.5)
	o.TermEnd = b.today.AddDate(0, months, 3)
	o.TermStart = o.TermEnd.AddDate(-years, 0, 0)
	if o.EstablishedOn.After(o.TermStart) {
		o.EstablishedOn = o.TermStart
	}
}

func town(name string) place { return place{areas: []string{"清源市青石县" + name}} }

func village(townName, v string) place {
	return place{areas: []string{"清源市青石县" + townName + v}, village: true}
}

func street(district, s string) place { return place{areas: []string{"清源市" + district + s}} }

// plan lays out the organization tree of the demo city: about 60 branches
// of every unit type under five primary bodies.
func (b *cityBuilder) plan() {
	gov, inst, ent, vil, com, sch, ret, soc := UnitGovernment, UnitInstitution, UnitEnterprise,
		UnitVillage, UnitCommunity, UnitSchool, UnitRetired, UnitSocial
	root := b.org("", "中共清源市委组织部", KindLeadingBody, gov, cityOrgAddr)
	b.ds.RootCode = root

	// 市直机关工委: government departments, a hospital, retired cadres.
	jg := b.org(root, "中共清源市直属机关工作委员会", KindLeadingBody, gov, cityOrgAddr)
	b.branch(jg, "清源市发展和改革委员会机关党支部", gov, pGov, cityAreas, 12, 26)
	cz := b.org(jg, "清源市财政局机关党总支", KindGeneralBranch, gov, "清源市江北区人民路9号")
	fin := b.branch(cz, "清源市财政局机关第一党支部", gov, pGov, cityAreas, 14, 22)
	b.ds.SecretaryBranch = fin.code
	b.branch(cz, "清源市财政局机关第二党支部", gov, pGov, cityAreas, 10, 20)
	b.branch(cz, "清源市财政局机关第三党支部", gov, pGov, cityAreas, 8, 16)
	b.branch(jg, "清源市教育局机关党支部", gov, pGov, cityAreas, 12, 24)
	mz := b.branch(jg, "清源市民政局机关党支部", gov, pGov, cityAreas, 9, 9)
	mz.fixed, mz.allFull, mz.noCommittee = true, true, true
	b.branch(jg, "清源市人力资源和社会保障局机关党支部", gov, pGov, cityAreas, 10, 24)
	b.branch(jg, "清源市自然资源和规划局机关党支部", gov, pGov, cityAreas, 10, 22)
	jt := b.branch(jg, "清源市交通运输局机关党支部", gov, pGov, cityAreas, 10, 22)
	b.branch(jg, "清源市市场监督管理局机关党支部", gov, pGov, cityAreas, 12, 26)
	b.branch(jg, "清源市统计局机关党支部", gov, pGov, cityAreas, 4, 6)
	yy := b.org(jg, "中共清源市人民医院委员会", KindCommittee, inst, "清源市江北区解放路128号")
	for _, d := range hospitalDepts[:5] {
		b.branch(yy, "清源市人民医院"+d+"党支部", inst, pInstitution, cityAreas, 18, 40)
	}
	rc := b.branch(jg, "清源市直机关离退休干部第一党支部", ret, pRetired, cityAreas, 25, 40)
	b.branch(jg, "清源市直机关离退休干部第二党支部", ret, pRetired, cityAreas, 20, 35)

	// 江北区委: two streets with their communities.
	jb := b.org(root, "中共清源市江北区委员会", KindLeadingBody, gov, "清源市江北区长江路66号")
	xh := b.org(jb, "中共清源市江北区新华街道工作委员会", KindLeadingBody, com, "清源市江北区新华街道新华路20号")
	b.branch(xh, "新华街道机关党支部", gov, pGov, street("江北区", "新华街道"), 10, 20)
	xfl := b.org(xh, "中共新华街道幸福里社区委员会", KindCommittee, com, "清源市江北区新华街道幸福路8号")
	b.branch(xfl, "幸福里社区第一党支部", com, pCommunity, street("江北区", "新华街道"), 20, 40)
	b.branch(xfl, "幸福里社区第二党支部", com, pCommunity, street("江北区", "新华街道"), 20, 40)
	xr := b.branch(xfl, "幸福里社区退休党员党支部", ret, pRetired, street("江北区", "新华街道"), 28, 42)
	b.groups(xr, 2)
	b.branch(xh, "新华街道光明社区党支部", com, pCommunity, street("江北区", "新华街道"), 15, 35)
	b.branch(xh, "新华街道和平社区党支部", com, pCommunity, street("江北区", "新华街道"), 15, 35)
	lh := b.branch(xh, "新华街道商务楼宇联合党支部", ent, pJoint, street("江北区", "新华街道"), 8, 8)
	lh.fixed = true
	b.ds.Org(lh.code).Joint = true
	bh := b.org(jb, "中共清源市江北区滨河街道工作委员会", KindLeadingBody, com, "清源市江北区滨河街道滨河路3号")
	b.branch(bh, "滨河街道机关党支部", gov, pGov, street("江北区", "滨河街道"), 8, 18)
	b.branch(bh, "滨河街道滨河社区党支部", com, pCommunity, street("江北区", "滨河街道"), 15, 38)
	cy := b.branch(bh, "滨河街道翠苑社区党支部", com, pCommunity, street("江北区", "滨河街道"), 15, 35)
	b.branch(bh, "滨河街道锦绣社区党支部", com, pCommunity, street("江北区", "滨河街道"), 15, 35)
	b.branch(bh, "清源市阳光社会工作服务中心党支部", soc, pSocial, street("江北区", "滨河街道"), 4, 6)

	// 国有企业党委.
	cj := b.org(root, "中共清源城市建设投资集团有限公司委员会", KindCommittee, ent, "清源市城南区建设路200号")
	hq := b.org(cj, "城建集团本部党总支", KindGeneralBranch, ent, "清源市城南区建设路200号")
	for _, d := range departments[:3] {
		b.branch(hq, "城建集团"+d+"部党支部", ent, pEnterprise, cityAreas, 8, 20)
	}
	gc := b.branch(cj, "城建集团第一工程公司党支部", ent, pEnterprise, cityAreas, 25, 42)
	b.groups(gc, 2)
	b.branch(cj, "城建集团第二工程公司党支部", ent, pEnterprise, cityAreas, 20, 38)
	wy := b.branch(cj, "城建集团物业公司党支部", ent, pEnterprise, cityAreas, 10, 24)
	b.branch(cj, "城建集团置业公司党支部", ent, pEnterprise, cityAreas, 4, 6)
	b.branch(cj, "城建集团离退休职工党支部", ret, pRetired, cityAreas, 20, 38)
	tmp := b.add(cj, Org{Name: "清源地铁3号线项目临时党支部", Kind: KindBranch, UnitType: ent, Temporary: true,
		Address: "清源市城南区地铁3号线项目部"})
	b.branches = append(b.branches, &branchPlan{code: tmp, prof: pProject, where: cityAreas, lo: 11, hi: 11, fixed: true})

	// 青石县: two towns and their villages.
	qs := b.org(root, "中共青石县委员会", KindLeadingBody, gov, "清源市青石县城关镇县府路1号")
	lhz := b.org(qs, "中共青石县柳河镇委员会", KindCommittee, vil, "清源市青石县柳河镇")
	b.branch(lhz, "柳河镇机关党支部", gov, pGov, town("柳河镇"), 10, 20)
	big := b.branch(lhz, "柳河村党支部", vil, pVillage, village("柳河镇", "柳河村"), 56, 56)
	big.fixed = true
	b.groups(big, 4)
	wjz := b.branch(lhz, "王家庄村党支部", vil, pVillage, village("柳河镇", "王家庄村"), 18, 36)
	for _, v := range []string{"李家坳村", "石桥村", "杨柳湾村", "东岭村"} {
		b.branch(lhz, v+"党支部", vil, pVillage, village("柳河镇", v), 12, 35)
	}
	bsz := b.org(qs, "中共青石县白沙镇委员会", KindCommittee, vil, "清源市青石县白沙镇")
	b.branch(bsz, "白沙镇机关党支部", gov, pGov, town("白沙镇"), 8, 18)
	bsc := b.branch(bsz, "白沙村党支部", vil, pVillage, village("白沙镇", "白沙村"), 30, 45)
	b.groups(bsc, 3)
	for _, v := range []string{"沙河村", "前进村", "红旗村"} {
		b.branch(bsz, v+"党支部", vil, pVillage, village("白沙镇", v), 10, 30)
	}

	// 大学党委.
	dx := b.org(root, "中共清源大学委员会", KindCommittee, sch, "清源市城南区学府路1号")
	campus := street("城南区", "")
	jx := b.org(dx, "机械工程学院党总支", KindGeneralBranch, sch, "清源市城南区学府路1号")
	b.branch(jx, "机械工程学院教工党支部", sch, pTeacher, campus, 15, 30)
	b.branch(jx, "机械工程学院本科生第一党支部", sch, pStudent, campus, 12, 28)
	b.branch(jx, "机械工程学院本科生第二党支部", sch, pStudent, campus, 12, 28)
	b.branch(jx, "机械工程学院研究生党支部", sch, pStudent, campus, 15, 35)
	jsj := b.org(dx, "计算机科学与技术学院党总支", KindGeneralBranch, sch, "清源市城南区学府路1号")
	b.branch(jsj, "计算机科学与技术学院教工党支部", sch, pTeacher, campus, 15, 30)
	b.branch(jsj, "计算机科学与技术学院本科生党支部", sch, pStudent, campus, 15, 35)
	b.branch(jsj, "计算机科学与技术学院研究生党支部", sch, pStudent, campus, 15, 35)
	b.branch(dx, "马克思主义学院教工党支部", sch, pTeacher, campus, 10, 20)
	jgz := b.org(dx, "清源大学机关党总支", KindGeneralBranch, sch, "清源市城南区学府路1号")
	b.branch(jgz, "清源大学党政办公室党支部", sch, pTeacher, campus, 8, 15)
	b.branch(jgz, "清源大学教务处党支部", sch, pTeacher, campus, 4, 6)
	b.branch(dx, "清源大学离退休教职工党支部", ret, pRetired, campus, 25, 42)

	// Term warnings: two overdue, two ending within 6 months.
	b.term(wjz.code, -3)
	b.term(jt.code, -1)
	b.term(wy.code, 2)
	b.term(cy.code, 5)
	b.retiredBranch = rc.code
}

// sizes draws each branch's size within its range, then nudges the sizes
// (keeping every ordinary branch within 3..45) until they add up to total.
func (b *cityBuilder) sizes(total int) {
	sum := 0
	var adjustable []*branchPlan
	for _, bp := range b.branches {
		bp.size = bp.lo
		if !bp.fixed {
			bp.size += b.r.IntN(bp.hi - bp.lo + 1)
			adjustable = append(adjustable, bp)
		}
		sum += bp.size
	}
	for diff, n := total-sum, 0; diff != 0; n++ {
		if n > 1_000_000 {
			panic("demo: cannot make the branch sizes add up")
		}
		bp := adjustable[b.r.IntN(len(adjustable))]
		switch {
		case diff > 0 && bp.size < 45 && bp.lo > 6:
			bp.size++
			diff--
		case diff < 0 && bp.size > 7:
			bp.size--
			diff++
		}
	}
}

// people fills every branch; the first three of each are full members so
// that every branch could have been set up (3 full members).
func (b *cityBuilder) people(seed uint64) {
	pp := newPeople(newRand(seed, 2), b.today, newIDGen(homeRegions, otherRegions, 60))
	for _, bp := range b.branches {
		for i := 0; i < bp.size; i++ {
			bp.members = append(bp.members, len(b.ds.Members))
			b.ds.Members = append(b.ds.Members, pp.member(bp.code, bp.prof, bp.where, bp.allFull || i < 3))
		}
		if bp.code == b.retiredBranch {
			b.ds.RetiredMember = bp.members[0]
		}
	}
}

func (b *cityBuilder) age(i int) int {
	return int(b.today.Sub(b.ds.Members[i].BirthDate).Hours() / 24 / 365.25)
}

// pick takes a full member out of candidates, preferring working age for
// posts; -1 when none is left.
func (b *cityBuilder) pick(cands []int, taken map[int]bool) int {
	var pref, any []int
	for _, i := range cands {
		if taken[i] || b.ds.Members[i].Status != StatusFull {
			continue
		}
		any = append(any, i)
		if a := b.age(i); a >= 28 && a <= 60 {
			pref = append(pref, i)
		}
	}
	if len(pref) == 0 {
		pref = any
	}
	if len(pref) == 0 {
		return -1
	}
	i := pref[b.r.IntN(len(pref))]
	taken[i] = true
	return i
}

func (b *cityBuilder) post(code string, m int, title string) {
	o := b.ds.Org(code)
	start := o.TermStart
	if start.IsZero() {
		start = o.EstablishedOn
	}
	if fm := b.ds.Members[m].FullMemberOn; start.Before(fm) {
		start = fm
	}
	if start.After(b.today) {
		start = b.today
	}
	b.ds.Positions = append(b.ds.Positions, Position{OrgCode: code, Member: m, Title: title, StartOn: start})
}

// positions: every branch a secretary; branches with 7+ full members a
// committee (the bigger ones five strong); group leaders; and secretaries
// of the primary committees and general branches from their subtree.
func (b *cityBuilder) positions() {
	taken := map[int]bool{}
	for _, bp := range b.branches {
		full := 0
		for _, i := range bp.members {
			if b.ds.Members[i].Status == StatusFull {
				full++
			}
		}
		b.post(bp.code, b.pick(bp.members, taken), TitleSecretary)
		if full >= 7 && !bp.noCommittee {
			titles := []string{TitleOrg, TitlePublicity}
			if len(bp.members) >= 20 {
				titles = []string{TitleDeputy, TitleOrg, TitlePublicity, TitleDiscipline}
			}
			for _, t := range titles {
				b.post(bp.code, b.pick(bp.members, taken), t)
			}
		}
		for _, g := range bp.groups {
			b.post(g, b.pick(bp.members, taken), TitleGroupLeader)
		}
	}
	for _, o := range b.ds.Orgs {
		if o.Kind != KindCommittee && o.Kind != KindGeneralBranch {
			continue
		}
		var sub []int
		for i, m := range b.ds.Members {
			if len(m.OrgCode) > len(o.Code) && m.OrgCode[:len(o.Code)+1] == o.Code+"-" {
				sub = append(sub, i)
			}
		}
		slices.Sort(sub)
		b.post(o.Code, b.pick(sub, taken), TitleSecretary)
		if o.Kind == KindCommittee {
			b.post(o.Code, b.pick(sub, taken), TitleDeputy)
		}
	}
}
