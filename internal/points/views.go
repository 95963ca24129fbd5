package points

import (
	"context"
	"dangjian/internal/platform/authz"
	"net/http"
	"strconv"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// MemberPoints is a member's points of a year with the source of each.
type MemberPoints struct {
	MemberID   string        `json:"member_id"`
	Name       string        `json:"name"`
	Year       int           `json:"year"`
	Total      int           `json:"total"`
	ByCategory []CategorySum `json:"by_category"`
	Entries    []Entry       `json:"entries"`
}

// CategorySum is the points of one category.
type CategorySum struct {
	Category string `json:"category"`
	Label    string `json:"label"`
	Points   int    `json:"points"`
}

// Entry is a ledger line as a member sees it.
type Entry struct {
	ID            string `json:"id"`
	On            string `json:"on"`
	Rule          string `json:"rule"`
	RuleLabel     string `json:"rule_label"`
	CategoryLabel string `json:"category_label"`
	Points        int    `json:"points"`
	SourceType    string `json:"source_type"`
	SourceTitle   string `json:"source_title"`
	Note          string `json:"note"`
	ReversesID    string `json:"reverses_id"`
	Reversed      bool   `json:"reversed"`
}

// memberPoints reads the member's lines of the year, newest first; a
// reversal line falls in the year of the line it reverses, so "reversed"
// is known from the year's lines alone.
func memberPoints(ctx context.Context, q db.Querier, m MemberRef, year int) (MemberPoints, error) {
	out := MemberPoints{MemberID: m.ID, Name: m.Name, Year: year, Entries: []Entry{}}
	rows, err := q.QueryContext(ctx, "SELECT "+lineColumns+` FROM points_ledger l WHERE l.member_id = ? AND l.year = ?
		ORDER BY l.on_date DESC, l.created_at DESC, l.id DESC`, m.ID, year)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	sums, reversed := map[string]int{}, map[string]bool{}
	for rows.Next() {
		l, err := scanLine(rows)
		if err != nil {
			return out, err
		}
		r := ruleOf(l.Rule)
		out.Entries = append(out.Entries, Entry{ID: l.ID, On: l.On, Rule: l.Rule, RuleLabel: r.Label,
			CategoryLabel: categoryLabel(l.Category), Points: l.Points, SourceType: l.SourceType,
			SourceTitle: l.Title, Note: l.Note, ReversesID: l.ReversesID})
		out.Total += l.Points
		sums[l.Category] += l.Points
		reversed[l.ReversesID] = true
	}
	for i := range out.Entries {
		out.Entries[i].Reversed = reversed[out.Entries[i].ID]
	}
	for _, c := range Categories {
		out.ByCategory = append(out.ByCategory, CategorySum{Category: c.Key, Label: c.Label, Points: sums[c.Key]})
	}
	return out, rows.Err()
}

func (s *Service) getMemberPoints(w http.ResponseWriter, r *http.Request) error {
	m, err := s.scopedMember(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.writeMemberPoints(w, r, m)
}

func (s *Service) getMyPoints(w http.ResponseWriter, r *http.Request) error {
	m, err := s.myMember(r.Context())
	if err != nil {
		return err
	}
	return s.writeMemberPoints(w, r, m)
}

func (s *Service) writeMemberPoints(w http.ResponseWriter, r *http.Request, m MemberRef) error {
	year, err := s.yearParam(r)
	if err != nil {
		return err
	}
	v, err := memberPoints(r.Context(), s.db, m, year)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, v)
}

// orgYear is the org of the path's {id}, where the caller may read
// points, and ?year=.
func (s *Service) orgYear(r *http.Request) (OrgRef, int, error) {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"), authz.PointsRead)
	if err != nil {
		return org, 0, err
	}
	year, err := s.yearParam(r)
	return org, year, err
}

// yearParam is ?year= (this year in Shanghai when left out).
func (s *Service) yearParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("year")
	if v == "" {
		return clock.Today(s.clk).Year(), nil
	}
	year, err := strconv.Atoi(v)
	if err != nil || year < 1921 || year > 9999 {
		var fe httpx.Fields
		fe.Add("year", "invalid", "年度格式不正确")
		return 0, fe.Err()
	}
	return year, nil
}
