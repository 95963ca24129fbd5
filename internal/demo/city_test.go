package demo

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"dangjian/internal/platform/pii"
)

var testDay = date(2026, 11, 22)

func TestCityDeterministic(t *testing.T) {
	a, b := CityAt(7, testDay), CityAt(7, testDay)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed and day must give the same city")
	}
	c := CityAt(8, testDay)
	same := 0
	for i := range a.Members {
		if a.Members[i].Name == c.Members[i].Name && a.Members[i].IDNumber == c.Members[i].IDNumber {
			same++
		}
	}
	if same > 0 || a.Members[0].Phone == c.Members[0].Phone {
		t.Fatalf("a different seed must give different people (%d identical)", same)
	}
	// The tree itself is the story of the demo: it stays, only people change.
	if len(a.Orgs) != len(c.Orgs) || a.Orgs[5].Name != c.Orgs[5].Name {
		t.Fatal("the org tree should be the same for every seed")
	}
}

// checkPeople verifies what every generated member must satisfy and
// returns nothing; it is shared by the City and Scale tests.
func checkPeople(t *testing.T, today time.Time, ms []Member, ids, phones map[uint64]bool) {
	t.Helper()
	for _, m := range ms {
		if err := pii.ValidateIDNumber(m.IDNumber, today); err != nil {
			t.Fatalf("%s: invalid ID number %s: %v", m.Name, m.IDNumber, err)
		}
		if err := pii.ValidatePhone(m.Phone); err != nil {
			t.Fatalf("%s: invalid phone %s", m.Name, m.Phone)
		}
		if g, _ := pii.IDNumberGender(m.IDNumber); g != m.Gender {
			t.Fatalf("%s: ID number gender %s, member %s", m.IDNumber, g, m.Gender)
		}
		if b, _ := pii.IDNumberBirthDate(m.IDNumber); !b.Equal(m.BirthDate) {
			t.Fatalf("%s: ID number birth date differs", m.IDNumber)
		}
		id := digits(m.IDNumber[:17])*10 + uint64(strings.IndexByte("0123456789X", m.IDNumber[17]))
		if ids[id] {
			t.Fatalf("duplicate ID number %s", m.IDNumber)
		}
		ids[id] = true
		if p := digits(m.Phone); phones[p] {
			t.Fatalf("duplicate phone %s", m.Phone)
		} else {
			phones[p] = true
		}
		if m.BirthDate.Year() < 1935 || m.BirthDate.Year() > 2006 {
			t.Fatalf("birth date %s out of 1935–2006", m.BirthDate)
		}
		if m.JoinedOn.Before(m.BirthDate.AddDate(18, 0, 0)) || m.JoinedOn.After(today) {
			t.Fatalf("%s joined at %s, born %s", m.Name, m.JoinedOn, m.BirthDate)
		}
		switch m.Status {
		case StatusProbationary:
			if !m.FullMemberOn.IsZero() || m.JoinedOn.Before(today.AddDate(-1, 0, 0)) {
				t.Fatalf("probationary member joined %s, full %s", m.JoinedOn, m.FullMemberOn)
			}
		case StatusFull:
			if !m.FullMemberOn.Equal(m.JoinedOn.AddDate(1, 0, 0)) || m.FullMemberOn.After(today) {
				t.Fatalf("full member joined %s, full %s", m.JoinedOn, m.FullMemberOn)
			}
		default:
			t.Fatalf("status %q", m.Status)
		}
		if m.Name == "" || m.Address == "" || m.Ethnicity == "" || m.Education == "" || m.Category == "" {
			t.Fatalf("incomplete member %+v", m)
		}
	}
}

func digits(s string) uint64 {
	var n uint64
	for i := 0; i < len(s); i++ {
		n = n*10 + uint64(s[i]-'0')
	}
	return n
}

func TestCityPeopleValidAndUnique(t *testing.T) {
	for _, seed := range []uint64{1, 2, 2026} {
		d := CityAt(seed, testDay)
		checkPeople(t, testDay, d.Members, map[uint64]bool{}, map[uint64]bool{})
	}
}

func between(t *testing.T, what string, got, lo, hi float64) {
	t.Helper()
	if got < lo || got > hi {
		t.Errorf("%s = %.3f, want %.3f..%.3f", what, got, lo, hi)
	}
}

func TestCityTree(t *testing.T) {
	d := CityAt(42, testDay)
	if len(d.Members) != CityMembers {
		t.Fatalf("members = %d", len(d.Members))
	}
	root := d.Orgs[0]
	if root.Code != "DEMO" || root.Kind != KindLeadingBody || root.Name != "中共清源市委组织部" || root.ParentCode != "" {
		t.Fatalf("root %+v", root)
	}
	codeRe := regexp.MustCompile(`^DEMO(-\d\d)*$`)
	seen := map[string]*Org{}
	units := map[string]int{}
	kinds := map[string]int{}
	branches, joint, temporary, overdue, soon := 0, 0, 0, 0, 0
	for i := range d.Orgs {
		o := &d.Orgs[i]
		if !codeRe.MatchString(o.Code) || seen[o.Code] != nil {
			t.Fatalf("bad or duplicate code %q", o.Code)
		}
		if i > 0 && (seen[o.ParentCode] == nil || !strings.HasPrefix(o.Code, o.ParentCode+"-")) {
			t.Fatalf("%s: parent %q must come first", o.Code, o.ParentCode)
		}
		seen[o.Code] = o
		kinds[o.Kind]++
		if o.Kind == KindGroup && seen[o.ParentCode].Kind != KindBranch {
			t.Fatalf("group %s outside a branch", o.Code)
		}
		if o.Kind == KindBranch {
			branches++
			units[o.UnitType]++
		}
		if o.Joint {
			joint++
		}
		if o.Temporary {
			temporary++
			if o.EndDate.IsZero() || !o.EndDate.After(testDay) {
				t.Fatalf("temporary branch without a future end date: %+v", o)
			}
		}
		if !o.TermEnd.IsZero() {
			if !o.TermStart.Before(o.TermEnd) {
				t.Fatalf("%s: term %s..%s", o.Code, o.TermStart, o.TermEnd)
			}
			switch {
			case o.TermEnd.Before(testDay):
				overdue++
			case o.TermEnd.Before(testDay.AddDate(0, 6, 0)):
				soon++
			}
		}
		if (o.Kind == KindBranch && !o.Temporary || o.Kind == KindCommittee || o.Kind == KindGeneralBranch) && o.TermEnd.IsZero() {
			t.Fatalf("%s has no term", o.Code)
		}
	}
	between(t, "branches", float64(branches), 55, 65)
	for _, u := range []string{UnitGovernment, UnitInstitution, UnitEnterprise, UnitVillage, UnitCommunity, UnitSchool, UnitRetired, UnitSocial} {
		if units[u] == 0 {
			t.Errorf("no %s branch", u)
		}
	}
	for _, u := range []string{UnitGovernment, UnitEnterprise, UnitVillage, UnitCommunity, UnitSchool, UnitRetired} {
		if units[u] < 4 {
			t.Errorf("only %d %s branches", units[u], u)
		}
	}
	if joint != 1 || temporary != 1 {
		t.Errorf("joint=%d temporary=%d, want one each", joint, temporary)
	}
	if kinds[KindGroup] < 3 || kinds[KindGeneralBranch] < 3 || kinds[KindCommittee] < 4 || kinds[KindLeadingBody] < 3 {
		t.Errorf("kinds %v", kinds)
	}
	if overdue < 2 || soon < 2 || overdue > 3 || soon > 3 {
		t.Errorf("terms: %d overdue, %d ending within 6 months; want a couple of each", overdue, soon)
	}

	// Sizes: 3..45 everywhere but one branch over 50.
	size, full := map[string]int{}, map[string]int{}
	for _, m := range d.Members {
		if o := seen[m.OrgCode]; o == nil || o.Kind != KindBranch {
			t.Fatalf("member in %q, not a branch", m.OrgCode)
		}
		size[m.OrgCode]++
		if m.Status == StatusFull {
			full[m.OrgCode]++
		}
	}
	over50 := 0
	for code, o := range seen {
		if o.Kind != KindBranch {
			continue
		}
		switch n := size[code]; {
		case n > 50:
			over50++
		case n < 3 || n > 45:
			t.Errorf("%s has %d members", o.Name, n)
		}
		if full[code] < 3 {
			t.Errorf("%s has only %d full members", o.Name, full[code])
		}
	}
	if over50 != 1 {
		t.Errorf("%d branches over 50 members, want 1", over50)
	}

	// Positions: a secretary everywhere; committees exactly where 7+ full
	// members are, except the one warning case.
	titles := map[string]map[string]int{}
	for _, p := range d.Positions {
		m := d.Members[p.Member]
		if m.Status != StatusFull || p.StartOn.Before(m.FullMemberOn) || p.StartOn.After(testDay) {
			t.Fatalf("position %+v for %+v", p, m)
		}
		o := seen[p.OrgCode]
		switch o.Kind {
		case KindBranch:
			if m.OrgCode != o.Code {
				t.Fatalf("%s holds a post in %s but belongs to %s", m.Name, o.Code, m.OrgCode)
			}
		case KindGroup:
			if m.OrgCode != o.ParentCode {
				t.Fatalf("group leader from another branch")
			}
		default:
			if !strings.HasPrefix(m.OrgCode, o.Code+"-") {
				t.Fatalf("%s secretary from outside its subtree", o.Code)
			}
		}
		if titles[p.OrgCode] == nil {
			titles[p.OrgCode] = map[string]int{}
		}
		titles[p.OrgCode][p.Title]++
	}
	noCommittee := 0
	for code, o := range seen {
		ts := titles[code]
		switch o.Kind {
		case KindBranch:
			if ts[TitleSecretary] != 1 {
				t.Errorf("%s: %d secretaries", o.Name, ts[TitleSecretary])
			}
			committee := ts[TitleOrg] > 0
			if full[code] >= 7 && !committee {
				noCommittee++
			}
			if full[code] < 7 && committee {
				t.Errorf("%s: committee with %d full members", o.Name, full[code])
			}
		case KindGroup:
			if ts[TitleGroupLeader] != 1 {
				t.Errorf("%s %s: no group leader", code, o.Name)
			}
		case KindCommittee, KindGeneralBranch:
			if ts[TitleSecretary] != 1 {
				t.Errorf("%s: no secretary", o.Name)
			}
		}
	}
	if noCommittee != 1 {
		t.Errorf("%d branches with 7+ full members and no committee, want 1", noCommittee)
	}
	if d.Org(d.SecretaryBranch).Kind != KindBranch || d.Secretary(d.SecretaryBranch) < 0 {
		t.Error("no secretary branch for the demo sign-in")
	}
	if rm := d.Members[d.RetiredMember]; rm.Category != "retired" || seen[rm.OrgCode].UnitType != UnitRetired {
		t.Errorf("retired demo member %+v", rm)
	}
}

func TestCityMix(t *testing.T) {
	for _, seed := range []uint64{1, 42, 99} {
		d := CityAt(seed, testDay)
		unit := map[string]string{}
		for _, o := range d.Orgs {
			unit[o.Code] = o.UnitType
		}
		n := float64(len(d.Members))
		var female, young, youngFemale, prob, han float64
		eth, edu := map[string]bool{}, map[string]int{}
		byUnit := map[string]map[string]int{}
		oldest, newest := 3000, 0
		for _, m := range d.Members {
			age := testDay.Sub(m.BirthDate).Hours() / 24 / 365.25
			if m.Gender == "female" {
				female++
			}
			if age < 35 {
				young++
				if m.Gender == "female" {
					youngFemale++
				}
			}
			if m.Status == StatusProbationary {
				prob++
			}
			if m.Ethnicity == "汉族" {
				han++
			}
			eth[m.Ethnicity] = true
			edu[m.Education]++
			u := unit[m.OrgCode]
			if byUnit[u] == nil {
				byUnit[u] = map[string]int{}
			}
			byUnit[u][m.Category]++
			byUnit[u][""]++
			oldest, newest = min(oldest, m.BirthDate.Year()), max(newest, m.BirthDate.Year())
		}
		between(t, "female share", female/n, 0.25, 0.36)
		if youngFemale/young <= female/n {
			t.Errorf("women should be more common among the young: %.2f vs %.2f", youngFemale/young, female/n)
		}
		between(t, "probationary share", prob/n, 0.05, 0.11)
		between(t, "汉族 share", han/n, 0.85, 0.96)
		if len(eth) < 6 {
			t.Errorf("only %d ethnicities", len(eth))
		}
		for _, e := range []string{"doctorate", "master", "bachelor", "college", "secondary", "junior", "primary"} {
			if edu[e] == 0 {
				t.Errorf("no member with education %s", e)
			}
		}
		between(t, "bachelor or above", float64(edu["bachelor"]+edu["master"]+edu["doctorate"])/n, 0.3, 0.6)
		if oldest > 1945 || newest < 2000 {
			t.Errorf("birth years %d..%d: want the old and the young", oldest, newest)
		}
		share := func(u, cat string) float64 { return float64(byUnit[u][cat]) / float64(byUnit[u][""]) }
		between(t, "civil servants in government branches", share(UnitGovernment, "civil_servant"), 0.85, 1)
		between(t, "farmers in village branches", share(UnitVillage, "farmer"), 0.75, 0.95)
		between(t, "retired in retired branches", share(UnitRetired, "retired"), 1, 1)
		between(t, "enterprise staff in enterprise branches", share(UnitEnterprise, "enterprise"), 0.8, 1)
		between(t, "students in school branches", share(UnitSchool, "student"), 0.4, 0.8)
		between(t, "staff in school branches", share(UnitSchool, "institution"), 0.2, 0.6)
		between(t, "institution staff in institution branches", share(UnitInstitution, "institution"), 1, 1)
	}
}
