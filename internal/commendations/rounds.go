package commendations

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
)

// RoundIn opens a round. Disqualifiers left out (null) are the whole
// catalogue; an empty list is none.
type RoundIn struct {
	Year          int       `json:"year"`
	Title         string    `json:"title"`
	Kinds         []QuotaIn `json:"kinds"`
	Disqualifiers []string  `json:"disqualifiers"`
	NominateUntil string    `json:"nominate_until"`
}

// QuotaIn is one kind of a round and how many may be commended.
type QuotaIn struct {
	Kind  string `json:"kind"`
	Quota int    `json:"quota"`
}

// Bounds of the input.
const (
	firstYear = 2000
	maxQuota  = 10000
	maxTitle  = 100
)

// validate checks in against today and fills its defaults.
func (in *RoundIn) validate(today time.Time) error {
	var fe httpx.Fields
	if in.Year == 0 {
		in.Year = today.Year()
	}
	if in.Year < firstYear || in.Year > today.Year() {
		fe.Add("year", "invalid", "评选年度应在 2000 年至今年之间")
	}
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" || utf8.RuneCountInString(in.Title) > maxTitle {
		fe.Add("title", "required", "请填写评选名称（不超过 100 字）")
	}
	validateKinds(&fe, in.Kinds)
	if in.Disqualifiers == nil {
		for _, d := range catalogue {
			in.Disqualifiers = append(in.Disqualifiers, d.Key)
		}
	}
	for _, k := range in.Disqualifiers {
		if _, ok := disqualifier(k); !ok {
			fe.Add("disqualifiers", "invalid", "未知的否决情形："+k)
		}
	}
	slices.Sort(in.Disqualifiers)
	in.Disqualifiers = slices.Compact(in.Disqualifiers)
	if d, err := time.Parse(clock.DateLayout, in.NominateUntil); err != nil || d.Before(today) {
		fe.Add("nominate_until", "invalid", "提名截止日期应为今天或以后的日期（YYYY-MM-DD）")
	}
	return fe.Err()
}

func validateKinds(fe *httpx.Fields, kinds []QuotaIn) {
	if len(kinds) == 0 {
		fe.Add("kinds", "required", "请至少选择一个表彰类别")
	}
	seen := map[string]bool{}
	for _, k := range kinds {
		switch {
		case kindLabels[k.Kind] == "":
			fe.Add("kinds", "invalid", "未知的表彰类别："+k.Kind)
		case seen[k.Kind]:
			fe.Add("kinds", "duplicate", kindLabels[k.Kind]+"重复")
		case k.Quota < 1 || k.Quota > maxQuota:
			fe.Add("kinds", "invalid", kindLabels[k.Kind]+"名额应为 1–10000")
		}
		seen[k.Kind] = true
	}
}

// createRound opens a round at org.
func (s *Service) createRound(ctx context.Context, org OrgRef, in RoundIn) (Round, error) {
	if err := in.validate(clock.Today(s.clk)); err != nil {
		return Round{}, err
	}
	now := s.clk.Now()
	id := ids.At(now)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO commendation_rounds (id, org_id, org_path, org_name, year, title,
			disqualifiers, nominate_until, state, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, org.ID, org.Path, org.Name, in.Year, in.Title, strings.Join(in.Disqualifiers, ","), in.NominateUntil,
			stateOpen, authz.ActorName(ctx, "系统"), now.UnixMilli()); err != nil {
			return err
		}
		for _, k := range in.Kinds {
			if _, err := tx.ExecContext(ctx, "INSERT INTO commendation_quotas (round_id, kind, quota) VALUES (?, ?, ?)",
				id, k.Kind, k.Quota); err != nil {
				return err
			}
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "commendation.round.create", TargetType: "commendation_round",
			TargetID: id, After: map[string]any{"org_id": org.ID, "year": in.Year, "title": in.Title, "kinds": in.Kinds,
				"disqualifiers": in.Disqualifiers, "nominate_until": in.NominateUntil}})
	})
	if err != nil {
		return Round{}, err
	}
	return s.loadRound(ctx, s.db, id, false)
}

const roundColumns = `id, org_id, org_path, org_name, year, title, disqualifiers, nominate_until, state,
	created_by, created_at, published_by, published_at`

func scanRound(row interface{ Scan(...any) error }) (Round, error) {
	var r Round
	var dqs string
	var created, published int64
	err := row.Scan(&r.ID, &r.OrgID, &r.orgPath, &r.OrgName, &r.Year, &r.Title, &dqs, &r.NominateUntil, &r.State,
		&r.CreatedBy, &created, &r.PublishedBy, &published)
	r.StateLabel, r.CreatedAt, r.Disqualifiers = roundStateLabels[r.State], clock.Stamp(created), []Disqualifier{}
	if published > 0 {
		r.PublishedAt = clock.Stamp(published)
	}
	for k := range strings.SplitSeq(dqs, ",") {
		if d, ok := disqualifier(k); ok {
			r.Disqualifiers = append(r.Disqualifiers, d)
		}
	}
	return r, err
}

// loadRound reads round id with its kinds; lock takes its row lock inside
// a transaction, which serializes the decisions on the round.
func (s *Service) loadRound(ctx context.Context, q db.Querier, id string, lock bool) (Round, error) {
	query := "SELECT " + roundColumns + " FROM commendation_rounds WHERE id = ?"
	if tx, ok := q.(*db.Tx); ok && lock {
		query += tx.ForUpdate()
	}
	r, err := scanRound(q.QueryRowContext(ctx, query, id))
	if err != nil {
		return Round{}, err
	}
	kinds, err := kindsOf(ctx, q, []string{id})
	r.Kinds = kinds[id]
	return r, err
}

// kindsOf reads the kinds of the rounds with their quotas and how many
// nominations are approved and pending, in the catalogue's order.
func kindsOf(ctx context.Context, q db.Querier, roundIDs []string) (map[string][]KindQuota, error) {
	rows, err := q.QueryContext(ctx, `SELECT k.round_id, k.kind, k.quota,
		(SELECT COUNT(*) FROM commendation_nominations n WHERE n.round_id = k.round_id AND n.kind = k.kind AND n.state = ?),
		(SELECT COUNT(*) FROM commendation_nominations n WHERE n.round_id = k.round_id AND n.kind = k.kind AND n.state = ?)
		FROM commendation_quotas k WHERE k.round_id IN (`+db.Placeholders(len(roundIDs))+")",
		append([]any{nomApproved, nomPending}, db.Strings(roundIDs)...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]KindQuota{}
	for rows.Next() {
		var id string
		var k KindQuota
		if err := rows.Scan(&id, &k.Kind, &k.Quota, &k.Approved, &k.Pending); err != nil {
			return nil, err
		}
		k.KindLabel = kindLabels[k.Kind]
		out[id] = append(out[id], k)
	}
	for _, list := range out {
		slices.SortFunc(list, func(a, b KindQuota) int {
			return slices.Index(kindOrder, a.Kind) - slices.Index(kindOrder, b.Kind)
		})
	}
	return out, rows.Err()
}

// quotaOf is the round's quota of kind (0 when the round has no such kind).
func (r Round) quotaOf(kind string) KindQuota {
	for _, k := range r.Kinds {
		if k.Kind == kind {
			return k
		}
	}
	return KindQuota{}
}

// disqualifies reports whether the round chose disqualifier key.
func (r Round) disqualifies(key string) bool {
	return slices.ContainsFunc(r.Disqualifiers, func(d Disqualifier) bool { return d.Key == key })
}
