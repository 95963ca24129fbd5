// Package demo generates synthetic party organizations and members: a
// realistic demo city (City) for trying the platform out, and data at any
// scale (Scale) for benchmarks. Generation is deterministic for a seed and
// a reference day and needs no database; Load writes it through the orgs,
// members and auth capabilities.
//
// Everything generated is fictional: names are drawn from common Chinese
// surnames and given names, ID numbers carry real-looking region codes and a
// valid GB 11643 check digit, but no record describes a real person.
package demo

import "time"

// Organization kinds, unit types, member enums and position titles, as in
// docs/api.md.
const (
	KindLeadingBody   = "leading_body"
	KindCommittee     = "committee"
	KindGeneralBranch = "general_branch"
	KindBranch        = "branch"
	KindGroup         = "group"

	UnitGovernment  = "government"
	UnitInstitution = "institution"
	UnitEnterprise  = "enterprise"
	UnitVillage     = "village"
	UnitCommunity   = "community"
	UnitSchool      = "school"
	UnitRetired     = "retired"
	UnitSocial      = "social"

	StatusFull         = "full"
	StatusProbationary = "probationary"

	TitleSecretary   = "secretary"
	TitleDeputy      = "deputy_secretary"
	TitleOrg         = "organization"
	TitlePublicity   = "publicity"
	TitleDiscipline  = "discipline"
	TitleGroupLeader = "group_leader"
)

// Org is one generated organization. Code is unique and doubles as the
// generation key: ParentCode names the parent ("" for the root). Parents
// always come before their children. Zero times mean "not set".
type Org struct {
	Code          string
	ParentCode    string
	Name          string
	Kind          string
	UnitType      string
	Joint         bool
	Temporary     bool
	EndDate       time.Time // temporary branches only
	TermStart     time.Time
	TermEnd       time.Time
	EstablishedOn time.Time
	Address       string
}

// Member is one generated party member, belonging to the org OrgCode.
type Member struct {
	OrgCode      string
	Name         string
	Gender       string // "male" | "female"
	Ethnicity    string // "汉族", ...
	BirthDate    time.Time
	IDNumber     string // 18 characters, valid check digit
	Phone        string // 11 digits, 1[3-9]…
	Address      string
	Education    string
	Category     string
	Status       string    // StatusFull | StatusProbationary
	JoinedOn     time.Time // 入党时间
	FullMemberOn time.Time // 转正时间; zero for probationary members
}

// Position is a post (职务) held by Members[Member] at the org OrgCode.
type Position struct {
	OrgCode string
	Member  int // index into Dataset.Members
	Title   string
	StartOn time.Time
}

// Dataset is a generated city.
type Dataset struct {
	Seed      uint64
	Today     time.Time
	Orgs      []Org
	Members   []Member
	Positions []Position

	// Material for the demo sign-ins.
	RootCode        string // the organization department (DEMO)
	SecretaryBranch string // a branch whose secretary gets a party_worker account
	RetiredMember   int    // index of a retired member who gets a member account
}

// Org returns the org with the given code (nil when unknown).
func (d *Dataset) Org(code string) *Org {
	for i := range d.Orgs {
		if d.Orgs[i].Code == code {
			return &d.Orgs[i]
		}
	}
	return nil
}

// Secretary returns the index of the member holding the secretary position
// of the org code, or -1.
func (d *Dataset) Secretary(code string) int {
	for _, p := range d.Positions {
		if p.OrgCode == code && p.Title == TitleSecretary {
			return p.Member
		}
	}
	return -1
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func addDays(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }
