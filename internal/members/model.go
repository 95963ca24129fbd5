package members

import (
	"time"

	"dangjian/internal/platform/clock"
)

// Details are a member's own fields as a person enters them, personal
// data in plaintext (normalized). They exist only in memory: the stored
// form is a record.
type Details struct {
	Name         string `json:"name"`
	Gender       string `json:"gender"`
	Ethnicity    string `json:"ethnicity"`
	BirthDate    string `json:"birth_date"`
	IDNumber     string `json:"id_number"`
	Phone        string `json:"phone"`
	Address      string `json:"address"`
	Education    string `json:"education"`
	Category     string `json:"category"`
	Status       string `json:"status"`
	JoinedOn     string `json:"joined_on"`
	FullMemberOn string `json:"full_member_on"`
}

// record is a stored member row: personal data sealed, indexed and masked.
type record struct {
	ID           string
	OrgID        string
	OrgPath      string
	Name         string
	Gender       string
	Ethnicity    string
	BirthDate    string
	IDSealed     string
	IDIndex      string
	IDMasked     string
	PhoneSealed  string
	PhoneIndex   string
	PhoneMasked  string
	AddrSealed   string
	AddrMasked   string
	Education    string
	Category     string
	Status       string
	JoinedOn     string
	FullMemberOn string
	State        string
	EndedKind    string
	EndedOn      string
	EndedReason  string
	CreatedAt    int64
	UpdatedAt    int64
	Version      int
}

// active reports whether the member still belongs to the Party.
func (r record) active() bool { return r.State == StateActive }

// Member is the API view of a member: personal data masked, age and 党龄
// derived for today.
type Member struct {
	ID           string `json:"id"`
	OrgID        string `json:"org_id"`
	OrgName      string `json:"org_name"`
	Name         string `json:"name"`
	Gender       string `json:"gender"`
	Ethnicity    string `json:"ethnicity"`
	BirthDate    string `json:"birth_date"`
	Age          int    `json:"age"`
	IDNumber     string `json:"id_number"`
	Phone        string `json:"phone"`
	Address      string `json:"address"`
	Education    string `json:"education"`
	Category     string `json:"category"`
	Status       string `json:"status"`
	JoinedOn     string `json:"joined_on"`
	FullMemberOn string `json:"full_member_on"`
	PartyAge     int    `json:"party_age"`
	State        string `json:"state"`
	EndedKind    string `json:"ended_kind"`
	EndedOn      string `json:"ended_on"`
	CreatedAt    string `json:"created_at"`
	UpdatedAt    string `json:"updated_at"`
	Version      int    `json:"version"`
}

// view renders r for the API as of today.
func (r record) view(orgName string, today time.Time) Member {
	return Member{
		ID: r.ID, OrgID: r.OrgID, OrgName: orgName, Name: r.Name, Gender: r.Gender,
		Ethnicity: r.Ethnicity, BirthDate: r.BirthDate, Age: yearsSince(r.BirthDate, today),
		IDNumber: r.IDMasked, Phone: r.PhoneMasked, Address: r.AddrMasked,
		Education: r.Education, Category: r.Category, Status: r.Status,
		JoinedOn: r.JoinedOn, FullMemberOn: r.FullMemberOn, PartyAge: r.partyAge(today),
		State: r.State, EndedKind: r.EndedKind, EndedOn: r.EndedOn,
		CreatedAt: clock.Stamp(r.CreatedAt), UpdatedAt: clock.Stamp(r.UpdatedAt), Version: r.Version,
	}
}

// partyAge is 党龄: full years since 转正 (DOMAIN.md), 0 while probationary.
func (r record) partyAge(today time.Time) int {
	if r.Status != StatusFull || r.FullMemberOn == "" {
		return 0
	}
	return yearsSince(r.FullMemberOn, today)
}

// masked is the record's auditable form: what changed, without personal
// data in the clear (audit rows and outbox payloads carry only this).
type masked struct {
	OrgID        string `json:"org_id"`
	Name         string `json:"name"`
	Gender       string `json:"gender"`
	Ethnicity    string `json:"ethnicity"`
	BirthDate    string `json:"birth_date"`
	IDNumber     string `json:"id_number"`
	Phone        string `json:"phone"`
	Address      string `json:"address"`
	Education    string `json:"education"`
	Category     string `json:"category"`
	Status       string `json:"status"`
	JoinedOn     string `json:"joined_on"`
	FullMemberOn string `json:"full_member_on"`
	State        string `json:"state"`
	EndedKind    string `json:"ended_kind,omitempty"`
	EndedOn      string `json:"ended_on,omitempty"`
}

func (r record) masked() masked {
	return masked{OrgID: r.OrgID, Name: r.Name, Gender: r.Gender, Ethnicity: r.Ethnicity,
		BirthDate: r.BirthDate, IDNumber: r.IDMasked, Phone: r.PhoneMasked, Address: r.AddrMasked,
		Education: r.Education, Category: r.Category, Status: r.Status, JoinedOn: r.JoinedOn,
		FullMemberOn: r.FullMemberOn, State: r.State, EndedKind: r.EndedKind, EndedOn: r.EndedOn}
}

// parseDate reads a YYYY-MM-DD date (midnight UTC, like clock.Today).
func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(clock.DateLayout, s)
	return t, err == nil
}

// yearsSince is the number of full years from the date s to today (age,
// 党龄); 0 for an empty or invalid date or one in the future. Someone born
// on 29 February turns a year older on 1 March in common years.
func yearsSince(s string, today time.Time) int {
	d, ok := parseDate(s)
	if !ok || d.After(today) {
		return 0
	}
	n := today.Year() - d.Year()
	if today.Month() < d.Month() || (today.Month() == d.Month() && today.Day() < d.Day()) {
		n--
	}
	return n
}

// latestBirthForAge is the latest birth date of someone who is at least n
// full years old today, consistent with yearsSince (29 February → 28
// February in common years).
func latestBirthForAge(today time.Time, n int) time.Time {
	y := today.Year() - n
	m, d := today.Month(), today.Day()
	if m == time.February && d == 29 && !isLeap(y) {
		d = 28
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }
