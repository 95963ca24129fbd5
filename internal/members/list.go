package members

import (
	"context"
	"net/url"
	"strings"
	"time"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/pii"
)

// Filter selects members inside one org's subtree (api.md: GET /members).
type Filter struct {
	OrgID     string
	Q         string // name prefix, exact phone (11 digits) or exact ID number (18)
	Status    string
	Category  string
	Education string
	Gender    string
	Ethnicity string
	AgeBand   string
	State     string // active (default) or ended
}

// countCap bounds counting for filtered lists: no request counts a
// million rows; beyond the cap the total says "at least".
const countCap = 10_000

// Page is a page of members. TotalCapped means Total is a lower bound.
type Page struct {
	Items       []Member `json:"items"`
	Total       int      `json:"total"`
	TotalCapped bool     `json:"total_capped"`
	Page        int      `json:"page"`
	PageSize    int      `json:"page_size"`
}

// filterOf reads the list filters from a query string.
func filterOf(v url.Values) (Filter, error) {
	f := Filter{OrgID: v.Get("org"), Q: strings.TrimSpace(v.Get("q")), Status: v.Get("status"),
		Category: v.Get("category"), Education: v.Get("education"), Gender: v.Get("gender"),
		Ethnicity: strings.TrimSpace(v.Get("ethnicity")), AgeBand: v.Get("age_band"), State: v.Get("state")}
	var fe httpx.Fields
	for _, c := range []struct {
		field, value string
		e            enum
	}{{"status", f.Status, statuses}, {"category", f.Category, categories}, {"education", f.Education, educations}, {"gender", f.Gender, genders}} {
		if c.value != "" && !c.e.valid(c.value) {
			fe.Add(c.field, "invalid", "筛选条件不正确")
		}
	}
	if _, ok := ageBands[f.AgeBand]; f.AgeBand != "" && !ok {
		fe.Add("age_band", "invalid", "年龄段应为 u30、31_40、41_50、51_60、61_70 或 o70")
	}
	if f.State != "" && f.State != StateActive && f.State != StateEnded {
		fe.Add("state", "invalid", "状态应为 active 或 ended")
	}
	if e, ok := parseEthnicity(f.Ethnicity); ok {
		f.Ethnicity = e
	}
	return f, fe.Err()
}

// query is a filter turned into SQL over the members table.
type query struct {
	where db.Args
	order string
	// simple: only the subtree, state active and perhaps status, so the
	// total can be read from member_counts.
	simple bool
}

// buildQuery turns f into SQL inside the subtree of org. Each shape of
// query walks an index in order: the tree (state, org_path, name, id), the
// name (state, name, org_path, id), or a blind index for phone and ID.
func (s *Service) buildQuery(f Filter, org orgs.Org, today time.Time) query {
	state := f.State
	if state == "" {
		state = StateActive
	}
	qr := query{order: "org_path, name, id", simple: state == StateActive && f.Q == ""}
	qr.where.Add("state = ?", state)
	qr.where.Add("org_path >= ? AND org_path < ?", org.Path, db.PrefixEnd(org.Path))
	switch kind, v := classify(f.Q); kind {
	case "phone":
		qr.where.Add("phone_index = ?", s.phoneIndex(v))
	case "id_number":
		qr.where.Add("id_number_index = ?", s.idIndex(v))
	case "name":
		qr.where.Add("name >= ? AND name < ?", v, db.PrefixEnd(v))
		qr.order = "name, org_path, id"
	}
	for _, c := range [...]struct{ col, v string }{{"status", f.Status}, {"category", f.Category},
		{"education", f.Education}, {"gender", f.Gender}, {"ethnicity", f.Ethnicity}} {
		if c.v != "" {
			qr.where.Add(c.col+" = ?", c.v)
			qr.simple = qr.simple && c.col == "status"
		}
	}
	if band, ok := ageBands[f.AgeBand]; ok {
		oldest := latestBirthForAge(today, band[1]+1).Format(clock.DateLayout)
		youngest := latestBirthForAge(today, band[0]).Format(clock.DateLayout)
		qr.where.Add("birth_date > ? AND birth_date <= ?", oldest, youngest)
		qr.simple = false
	}
	return qr
}

// classify tells what a search text is: an exact phone, an exact ID
// number, or a name prefix (returned normalized).
func classify(q string) (kind, value string) {
	if q == "" {
		return "", ""
	}
	if p := pii.NormalizePhone(q); len(p) == 11 && pii.ValidatePhone(p) == nil {
		return "phone", p
	}
	if id := pii.NormalizeIDNumber(q); len(id) == 18 && isIDShape(id) {
		return "id_number", id
	}
	return "name", strings.TrimSpace(q)
}

// isIDShape: 17 digits and a digit or X (the checksum is not needed to
// look one up: an invalid number simply finds no one).
func isIDShape(s string) bool {
	for i := 0; i < 17; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return (s[17] >= '0' && s[17] <= '9') || s[17] == 'X'
}

// List returns one page of the members in the subtree of f.OrgID that the
// caller may read; an org outside the caller's scope is 404.
func (s *Service) List(ctx context.Context, f Filter, pg httpx.Paging) (Page, error) {
	org, err := s.listOrg(ctx, f.OrgID, authz.MemberRead)
	if err != nil {
		return Page{}, err
	}
	qr := s.buildQuery(f, org, clock.Today(s.clk))
	recs, err := queryRecords(ctx, s.db, qr.where.Where()+" ORDER BY "+qr.order+" LIMIT ? OFFSET ?",
		append(qr.where.Values(), pg.Size, pg.Offset())...)
	if err != nil {
		return Page{}, err
	}
	items, err := s.views(ctx, s.db, recs)
	if err != nil {
		return Page{}, err
	}
	total, capped, err := s.total(ctx, qr, org, f.Status, countCap)
	if err != nil {
		return Page{}, err
	}
	return Page{Items: items, Total: total, TotalCapped: capped, Page: pg.Page, PageSize: pg.Size}, nil
}

// listOrg is the org a list or export is about: the one asked for, or the
// caller's only scope root when none is named.
func (s *Service) listOrg(ctx context.Context, orgID string, perm authz.Perm) (orgs.Org, error) {
	if orgID == "" {
		orgID = soleScope(authz.From(ctx), perm)
	}
	if orgID == "" {
		return orgs.Org{}, fieldErr("org", "required", "请选择党组织")
	}
	return s.scopedOrg(ctx, s.db, orgID, perm)
}

// soleScope is the org of the caller's single scope root for perm ("" if
// there are several or none).
func soleScope(p *authz.Principal, perm authz.Perm) string {
	if p == nil {
		return ""
	}
	scopes := p.Scopes(perm)
	if len(scopes) != 1 {
		return ""
	}
	for _, g := range p.Grants {
		if g.OrgPath == scopes[0] && g.Role.Grants(perm) {
			return g.OrgID
		}
	}
	return ""
}

// total counts the query's rows: O(1) from member_counts for the plain
// subtree (optionally by status), otherwise counting at most limit rows.
func (s *Service) total(ctx context.Context, qr query, org orgs.Org, status string, limit int) (int, bool, error) {
	if qr.simple {
		c, err := s.Counts(ctx, s.db, []string{org.ID})
		if err != nil {
			return 0, false, err
		}
		switch status {
		case StatusFull:
			return c[org.ID].Full, false, nil
		case StatusProbationary:
			return c[org.ID].Probationary, false, nil
		}
		return c[org.ID].Total, false, nil
	}
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM members"+qr.where.Where()+
		" LIMIT ?) t", append(qr.where.Values(), limit+1)...).Scan(&n)
	if n > limit {
		return limit, true, err
	}
	return n, false, err
}
