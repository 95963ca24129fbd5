package development

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"unicode/utf8"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// listQuery is a page of a subtree's files. The overdue list is ordered by
// (next_due, id) — the longest overdue first — and reads only the index of
// files with a running time limit; any other list goes by (org_path, id),
// branch after branch.
type listQuery struct {
	stage   int
	overdue bool
	q       string
	state   string // "" = in progress, "all", or one state
	after   cursor
	limit   int
}

// cursor is where a page ended: the sort key and the file ID.
type cursor struct {
	Key string `json:"k"`
	ID  string `json:"i"`
}

func (c cursor) String() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// parseList reads the query string of a files list.
func parseList(r *http.Request) (listQuery, error) {
	v := r.URL.Query()
	lq := listQuery{overdue: v.Get("overdue") == "1" || v.Get("overdue") == "true", q: v.Get("q"), state: v.Get("state"), limit: 20}
	var fe httpx.Fields
	if s := v.Get("stage"); s != "" {
		if n, err := strconv.Atoi(s); err != nil || n < 1 || n > 5 {
			fe.Add("stage", "invalid", "阶段应为 1 至 5")
		} else {
			lq.stage = n
		}
	}
	if s := v.Get("limit"); s != "" {
		if n, err := strconv.Atoi(s); err != nil || n < 1 || n > 100 {
			fe.Add("limit", "invalid", "每页条数应为 1 到 100")
		} else {
			lq.limit = n
		}
	}
	switch lq.state {
	case "", "all", StateActive, StateAdmitted, StateFull, StateStopped:
	default:
		fe.Add("state", "invalid", "状态应为 active、admitted、full、stopped 或 all")
	}
	if utf8.RuneCountInString(lq.q) > 30 {
		fe.Add("q", "too_long", "搜索内容不能超过 30 个字")
	}
	if s := v.Get("cursor"); s != "" {
		b, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil || json.Unmarshal(b, &lq.after) != nil || lq.after.ID == "" {
			fe.Add("cursor", "invalid", "翻页标记无效，请从第一页重新查询")
		}
	}
	return lq, fe.Err()
}

// list answers a page of files under path and the cursor of the next page
// ("" on the last).
func (s *Service) list(ctx context.Context, path string, lq listQuery) ([]FileSummary, string, error) {
	today := clock.Today(s.clk).Format(clock.DateLayout)
	var a db.Args
	a.Add("org_path >= ? AND org_path < ?", path, db.PrefixEnd(path))
	key := "org_path"
	switch {
	case lq.overdue:
		key = "next_due"
		a.Add("next_due <> '' AND next_due < ?", today)
	case lq.state == "":
		a.Add("state IN (?, ?)", StateActive, StateAdmitted)
	case lq.state != "all":
		a.Add("state = ?", lq.state)
	}
	if lq.stage != 0 {
		a.Add("stage = ?", lq.stage)
	}
	if lq.q != "" {
		a.Add(`name LIKE ? ESCAPE '\'`, db.Contains(lq.q))
	}
	if lq.after.ID != "" {
		a.Add("("+key+", id) > (?, ?)", lq.after.Key, lq.after.ID)
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+fileCols+" FROM dev_files"+a.Where()+
		" ORDER BY "+key+", id LIMIT ?", append(a.Values(), lq.limit+1)...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var page []fileRow
	for rows.Next() {
		var r fileRow
		if err := rows.Scan(r.fields()...); err != nil {
			return nil, "", err
		}
		page = append(page, r)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	next := ""
	if len(page) > lq.limit {
		page = page[:lq.limit]
		last := page[len(page)-1]
		next = cursor{Key: last.OrgPath, ID: last.ID}.String()
		if lq.overdue {
			next = cursor{Key: last.NextDue, ID: last.ID}.String()
		}
	}
	return s.summaries(ctx, page, today, next)
}

// summaries names the orgs of a page.
func (s *Service) summaries(ctx context.Context, page []fileRow, today, next string) ([]FileSummary, string, error) {
	orgIDs := make([]string, 0, len(page))
	for _, r := range page {
		orgIDs = append(orgIDs, r.OrgID)
	}
	names, err := s.dir.Names(ctx, s.db, orgIDs)
	if err != nil {
		return nil, "", err
	}
	out := make([]FileSummary, 0, len(page))
	for _, r := range page {
		out = append(out, summary(r, names[r.OrgID], today))
	}
	return out, next, nil
}
