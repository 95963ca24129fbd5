package rollup

import (
	"context"
	"log/slog"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
)

// memberEventTypes are the member events that carry the member's masked
// record ({"id":..., "member":{...}}), i.e. every change to what is counted.
var memberEventTypes = []string{"member.created", "member.updated", "member.status_changed",
	"member.moved", "member.left", "member.transferred_out"}

func (s *Store) memberHandlers() map[string]handler {
	out := map[string]handler{}
	for _, t := range memberEventTypes {
		out[t] = s.onMember
	}
	return out
}

// memberPayload is the members capability's event payload (masked data).
type memberPayload struct {
	ID     string      `json:"id"`
	Member MemberFacts `json:"member"`
}

// member is a member as counted: a rollup_members row.
type member struct {
	ID, Name string
	facts
	AgeBand, PartyAgeBand string
	Active                bool
}

// facts are the attributes a member's spans record.
type facts struct {
	OrgID, OrgPath, Gender, Ethnicity, BirthDate, Education, Category, Status, JoinedOn, FullMemberOn string
}

// Status codes as the members capability stores them.
const (
	statusFull         = "full"
	statusProbationary = "probationary"
)

// bucketNone is the bucket of a fact left empty.
const bucketNone = "none"

// deltas are the counters m adds to (sign +1) or takes from (-1) at its org.
func (m member) deltas(sign int64) []Delta {
	if !m.Active {
		return nil
	}
	return []Delta{
		{"members.total", "all", sign},
		{"members.status", orNone(m.Status), sign},
		{"members.gender", orNone(m.Gender), sign},
		{"members.ethnicity", orNone(m.Ethnicity), sign},
		{"members.education", orNone(m.Education), sign},
		{"members.category", orNone(m.Category), sign},
		{"members.age_band", m.AgeBand, sign},
		{"members.party_age_band", m.PartyAgeBand, sign},
		{"members.joined", orNone(monthOf(m.JoinedOn)), sign},
	}
}

// monthOf is the month "YYYY-MM" of a date ("" for none).
func monthOf(date string) string {
	if len(date) < len("2006-01") {
		return ""
	}
	return date[:len("2006-01")]
}

func orNone(s string) string {
	if s == "" {
		return bucketNone
	}
	return s
}

// onMember counts the member's new state instead of the one stored, and
// records the change in the member's spans.
func (s *Store) onMember(ctx context.Context, tx *db.Tx, e outbox.Delivered) error {
	var p memberPayload
	if err := e.Decode(&p); err != nil || p.ID == "" || e.OrgPath == "" {
		slog.Warn("rollup: unreadable member event skipped", "event", e.ID, "type", e.Type, "err", err)
		return nil
	}
	old, seq, err := loadMember(ctx, tx, p.ID)
	found := err == nil
	if err != nil && !db.IsNoRows(err) {
		return err
	}
	f := p.Member
	f.ID, f.OrgPath = p.ID, e.OrgPath
	nw := memberOf(f, clock.Today(s.clk))
	if found && seq >= e.Seq {
		return respan(ctx, tx, e, p, nw) // counted before: by this event, or by the seed
	}
	if err := s.recount(ctx, tx, old, nw); err != nil {
		return err
	}
	if err := saveMembers(ctx, tx, e.Seq, nw); err != nil {
		return err
	}
	return writeSpans(ctx, tx, nw, !found, effectiveOn(e, p), p.Member.EndedKind, p.Member.EndedOn)
}

// recount moves m's counts from its old state to its new one and marks both
// orgs for reclassification.
func (s *Store) recount(ctx context.Context, q db.Querier, old, nw member) error {
	if err := s.add(ctx, q, old.OrgPath, old.deltas(-1)); err != nil {
		return err
	}
	markDirty(ctx, old.OrgID, nw.OrgID)
	return s.add(ctx, q, nw.OrgPath, nw.deltas(+1))
}

// markDirty queues orgs whose branch classes follow their member counts.
func markDirty(ctx context.Context, orgIDs ...string) {
	if p := pendingOf(ctx); p != nil {
		for _, id := range orgIDs {
			if id != "" {
				p.dirty[id] = true
			}
		}
	}
}

func memberOf(r MemberFacts, today time.Time) member {
	m := member{ID: r.ID, Name: r.Name, Active: r.State == "active", facts: facts{OrgID: r.OrgID, OrgPath: r.OrgPath,
		Gender: r.Gender, Ethnicity: r.Ethnicity, BirthDate: r.BirthDate, Education: r.Education,
		Category: r.Category, Status: r.Status, JoinedOn: r.JoinedOn, FullMemberOn: r.FullMemberOn}}
	m.AgeBand, m.PartyAgeBand = ageBand(m.BirthDate, today), partyAgeBand(m.Status, m.FullMemberOn, today)
	return m
}

// effectiveOn is the day a member event took effect: joining, leaving and
// 转正 carry their date; other changes count from the day they were made.
func effectiveOn(e outbox.Delivered, p memberPayload) string {
	r := p.Member
	on := ""
	switch {
	case e.Type == "member.created":
		on = r.JoinedOn
	case r.State != "active":
		on = r.EndedOn
	case e.Type == "member.status_changed" && r.Status == statusFull:
		on = r.FullMemberOn
	}
	if on == "" {
		on = e.At.In(clock.Shanghai).Format(clock.DateLayout)
	}
	return on
}

const memberColumns = `member_id, name, org_id, org_path, gender, ethnicity, birth_date, education, category,
	status, joined_on, full_member_on, age_band, party_age_band, active`

func (m *member) scanArgs() []any {
	return []any{&m.ID, &m.Name, &m.OrgID, &m.OrgPath, &m.Gender, &m.Ethnicity, &m.BirthDate, &m.Education,
		&m.Category, &m.Status, &m.JoinedOn, &m.FullMemberOn, &m.AgeBand, &m.PartyAgeBand, &m.Active}
}

// loadMember reads the stored state and its seq, locking the row.
func loadMember(ctx context.Context, tx *db.Tx, id string) (m member, seq int64, err error) {
	err = tx.QueryRowContext(ctx, "SELECT "+memberColumns+", seq FROM rollup_members WHERE member_id = ?"+tx.ForUpdate(), id).
		Scan(append(m.scanArgs(), &seq)...)
	return m, seq, err
}

// saveMembers writes members as counted up to the event seq.
func saveMembers(ctx context.Context, q db.Querier, seq int64, ms ...member) error {
	return execRows(ctx, q, "INSERT INTO rollup_members ("+memberColumns+", seq)",
		`ON CONFLICT (member_id) DO UPDATE SET name = excluded.name, org_id = excluded.org_id,
			org_path = excluded.org_path, gender = excluded.gender, ethnicity = excluded.ethnicity,
			birth_date = excluded.birth_date, education = excluded.education, category = excluded.category,
			status = excluded.status, joined_on = excluded.joined_on, full_member_on = excluded.full_member_on,
			age_band = excluded.age_band, party_age_band = excluded.party_age_band, active = excluded.active,
			seq = excluded.seq`, 16, ms, func(m member) []any {
			return []any{m.ID, m.Name, m.OrgID, m.OrgPath, m.Gender, m.Ethnicity, m.BirthDate, m.Education,
				m.Category, m.Status, m.JoinedOn, m.FullMemberOn, m.AgeBand, m.PartyAgeBand, dbBool(m.Active), seq}
		})
}

// dbBool is a flag as the INTEGER columns store it (both engines).
func dbBool(b bool) int {
	if b {
		return 1
	}
	return 0
}
