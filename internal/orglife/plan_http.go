package orglife

import (
	"context"
	"net/http"
	"strconv"
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

// PlanLine is one meeting of a branch's annual plan with how it went.
type PlanLine struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	KindLabel string `json:"kind_label"`
	Date      string `json:"date"`
	Topic     string `json:"topic"`
	MeetingID string `json:"meeting_id"`
	Status    string `json:"status"` // planned | due | held | missed
}

// PlanView is a branch's plan for a year; Saved is false while it is only
// the platform's proposal.
type PlanView struct {
	OrgID string     `json:"org_id"`
	Year  int        `json:"year"`
	Saved bool       `json:"saved"`
	Items []PlanLine `json:"items"`
}

// planOrg reads the branch and year of a plan request.
func (s *Service) planOrg(r *http.Request, perm authz.Perm) (OrgRef, int, error) {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"), perm)
	if err != nil {
		return org, 0, err
	}
	if org.Kind != orgBranch {
		return org, 0, httpx.Conflict("not_a_branch", "年度计划由党支部制定，请选择党支部")
	}
	year := clock.Today(s.clk).Year()
	if y := r.URL.Query().Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2100 {
			return org, 0, fieldErr("year", "invalid", "年份不正确")
		}
		year = n
	}
	return org, year, nil
}

func (s *Service) handlePlan(w http.ResponseWriter, r *http.Request) error {
	org, year, err := s.planOrg(r, authz.OrgLifeRead)
	if err != nil {
		return err
	}
	v, err := s.plan(r.Context(), org, year)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, v)
}

// plan is the saved plan, or the proposal from the frequencies in force.
func (s *Service) plan(ctx context.Context, org OrgRef, year int) (PlanView, error) {
	v := PlanView{OrgID: org.ID, Year: year, Items: []PlanLine{}}
	err := s.db.QueryRowContext(ctx, "SELECT 1 FROM orglife_plans WHERE org_id = ? AND year = ?", org.ID, year).Scan(new(int))
	switch {
	case err == nil:
		v.Saved = true
		v.Items, err = savedPlan(ctx, s.db, org.ID, year)
	case db.IsNoRows(err):
		v.Items, err = s.proposal(ctx, org, year)
	}
	if err != nil {
		return v, err
	}
	return v, s.planStatus(ctx, org, year, v.Items)
}

func (s *Service) proposal(ctx context.Context, org OrgRef, year int) ([]PlanLine, error) {
	vals, err := catalog.Resolve(ctx, s.db, org.Path)
	if err != nil {
		return nil, err
	}
	freqs := map[Kind]Frequency{}
	for _, k := range Kinds {
		freqs[k] = Frequency(vals.String(freqKey(k)))
	}
	var out []PlanLine
	for _, it := range ProposePlan(year, freqs, vals.Int("theme_day.day"), s.clk.Now()) {
		out = append(out, PlanLine{Kind: string(it.Kind), KindLabel: it.Kind.Label(), Date: it.Date})
	}
	return out, nil
}

func savedPlan(ctx context.Context, q db.Querier, orgID string, year int) ([]PlanLine, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, kind, on_date, topic FROM orglife_plan_items WHERE org_id = ? AND year = ?
		ORDER BY on_date, position`, orgID, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []PlanLine{}
	for rows.Next() {
		var l PlanLine
		if err := rows.Scan(&l.ID, &l.Kind, &l.Date, &l.Topic); err != nil {
			return nil, err
		}
		l.KindLabel = Kind(l.Kind).Label()
		out = append(out, l)
	}
	return out, rows.Err()
}

// planStatus marks each line held (by a finalized meeting of its kind in
// the same month), missed (its month is over), due (its day has passed) or
// planned.
func (s *Service) planStatus(ctx context.Context, org OrgRef, year int, lines []PlanLine) error {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, clock.Shanghai)
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, starts_at FROM meetings WHERE org_id = ? AND state = ?
		AND starts_at >= ? AND starts_at < ? ORDER BY starts_at`, org.ID, StateFinalized, ms(from), ms(from.AddDate(1, 0, 0)))
	if err != nil {
		return err
	}
	held := map[string]string{} // kind + month → meeting
	for rows.Next() {
		var id, kind string
		var at int64
		if err := rows.Scan(&id, &kind, &at); err != nil {
			rows.Close()
			return err
		}
		key := kind + PeriodOf(Monthly, time.UnixMilli(at)).Key
		if held[key] == "" {
			held[key] = id
		}
	}
	rows.Close()
	today := clock.Today(s.clk).Format(clock.DateLayout)
	thisMonth := PeriodOf(Monthly, s.clk.Now()).Key
	for i, l := range lines {
		month := l.Date[:7]
		switch l.MeetingID = held[l.Kind+month]; {
		case l.MeetingID != "":
			lines[i].Status, lines[i].MeetingID = "held", l.MeetingID
		case month < thisMonth:
			lines[i].Status = "missed"
		case l.Date < today:
			lines[i].Status = "due"
		default:
			lines[i].Status = "planned"
		}
	}
	return rows.Err()
}

// PlanEntry is one line of a plan as the secretary saves it.
type PlanEntry struct {
	Kind  string `json:"kind"`
	Date  string `json:"date"`
	Topic string `json:"topic"`
}

func (s *Service) handleSavePlan(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, year, err := s.planOrg(r, authz.OrgLifeManage)
	if err != nil {
		return err
	}
	var b struct {
		Items []PlanEntry `json:"items"`
	}
	if err := httpx.DecodeJSON(r, &b); err != nil {
		return err
	}
	if err := checkPlan(year, b.Items); err != nil {
		return err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM orglife_plan_items WHERE org_id = ? AND year = ?", org.ID, year); err != nil {
			return err
		}
		for i, it := range b.Items {
			if _, err := tx.ExecContext(ctx, `INSERT INTO orglife_plan_items (id, org_id, year, kind, on_date, topic, position)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, ids.New(), org.ID, year, it.Kind, it.Date, strings.TrimSpace(it.Topic), i); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO orglife_plans (org_id, year, saved_at, saved_by_name) VALUES (?, ?, ?, ?)
			ON CONFLICT (org_id, year) DO UPDATE SET saved_at = excluded.saved_at, saved_by_name = excluded.saved_by_name`,
			org.ID, year, ms(s.clk.Now()), authz.ActorName(ctx, systemActorName)); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "orglife.plan", TargetType: "org", TargetID: org.ID,
			After: map[string]any{"year": year, "items": len(b.Items)}})
	})
	if err != nil {
		return err
	}
	v, err := s.plan(ctx, org, year)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, v)
}

// maxPlanItems bounds a year's plan (six monthly kinds are 72).
const maxPlanItems = 200

// checkPlan validates every line, reporting each by its row.
func checkPlan(year int, items []PlanEntry) error {
	var fe httpx.Fields
	if len(items) > maxPlanItems {
		fe.Add("items", "too_many", "年度计划不超过 200 项")
	}
	for i, it := range items {
		row := "items[" + strconv.Itoa(i) + "]"
		if !Kind(it.Kind).Valid() {
			fe.Add(row+".kind", "invalid", "第 "+strconv.Itoa(i+1)+" 行：会议类型不正确")
		}
		d, err := time.Parse(clock.DateLayout, it.Date)
		if err != nil || d.Year() != year {
			fe.Add(row+".date", "invalid", "第 "+strconv.Itoa(i+1)+" 行：日期应为 "+strconv.Itoa(year)+" 年内的日期（如 "+
				strconv.Itoa(year)+"-03-15）")
		}
		if utf8.RuneCountInString(strings.TrimSpace(it.Topic)) > maxTopicRunes {
			fe.Add(row+".topic", "too_long", "第 "+strconv.Itoa(i+1)+" 行：主题不超过 100 个字")
		}
	}
	return fe.Err()
}
