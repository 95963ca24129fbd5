// Package rollup keeps the incremental aggregates behind the dashboards and
// the standard statistics: subtree counters (rollup_counts) that every
// figure of an organization reads with a primary-key lookup, projections of
// members and organizations (the lists behind a number), spans of each
// member's history (as-of reports), and per-branch facts and health.
//
// Everything is derived from outbox events, fed batch by batch through one
// durable subscriber, so nothing is counted on a page view and the whole
// store can be rebuilt by replaying the outbox (Rebuild). Figures that
// depend on the date (age and 党龄 bands, overdue terms, health) are
// re-derived by a daily Refresh.
package rollup

import (
	"context"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// OrgRef is what rollup needs to know about an organization as it is now.
type OrgRef struct {
	ID, ParentID, Path, Name, Kind, UnitType, Status, EstablishedOn, DissolvedOn, TermEnd string
	Longitude, Latitude                                                                   *float64
}

// MemberFacts is a member's counted facts, without personal data: what
// the member.* events carry under "member" (ID and OrgPath come from the
// event itself), and what the register holds when the rollups are seeded.
type MemberFacts struct {
	ID           string `json:"-"`
	OrgID        string `json:"org_id"`
	OrgPath      string `json:"-"`
	Name         string `json:"name"`
	Gender       string `json:"gender"`
	Ethnicity    string `json:"ethnicity"`
	BirthDate    string `json:"birth_date"`
	Education    string `json:"education"`
	Category     string `json:"category"`
	Status       string `json:"status"`
	JoinedOn     string `json:"joined_on"`
	FullMemberOn string `json:"full_member_on"`
	State        string `json:"state"`
	EndedKind    string `json:"ended_kind"`
	EndedOn      string `json:"ended_on"`
}

// Directory is what rollup needs from the orgs and members capabilities;
// the application adapts it. Org events carry only name/kind/detail, so on
// any org.* event the org is re-read here; Rebuild seeds the store from the
// register as it stands, since bulk loads record no events.
type Directory interface {
	// Org returns the org as it is now, dissolved ones too (db.ErrNoRows
	// when unknown).
	Org(ctx context.Context, q db.Querier, id string) (OrgRef, error)
	// AllOrgs returns every org as it is now, dissolved ones too.
	AllOrgs(ctx context.Context, q db.Querier) ([]OrgRef, error)
	// MemberPage returns up to limit members (ended ones too) by ID after
	// the ID after ("" for the first page).
	MemberPage(ctx context.Context, q db.Querier, after string, limit int) ([]MemberFacts, error)
}

// Store is the rollup store.
type Store struct {
	db  *db.DB
	clk clock.Clock
	dir Directory
}

// New builds the store; Subscribe connects it to the outbox and Register
// schedules its daily refresh.
func New(d *db.DB, clk clock.Clock, dir Directory) *Store {
	return &Store{db: d, clk: clk, dir: dir}
}
