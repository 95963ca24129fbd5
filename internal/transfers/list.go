package transfers

import (
	"context"
	"net/http"
	"strconv"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// filter is what a list asks for.
type filter struct {
	in      bool   // direction=in: transfers into the subtree; else out of it
	state   string // open | done | all
	lapsing bool   // open, the letter running out within 7 days or already
	cursor  string // the last ID of the previous page
	limit   int
}

const defaultLimit, maxLimit = 50, 200

func parseFilter(r *http.Request) (filter, error) {
	q := r.URL.Query()
	f := filter{state: "all", limit: defaultLimit, cursor: q.Get("cursor"), lapsing: q.Get("lapsing") == "1"}
	var fe httpx.Fields
	switch q.Get("direction") {
	case "", "out":
	case "in":
		f.in = true
	default:
		fe.Add("direction", "invalid", "方向应为 out（转出）或 in（转入）")
	}
	switch v := q.Get("state"); v {
	case "":
	case "open", "done", "all":
		f.state = v
	default:
		fe.Add("state", "invalid", "状态应为 open（未办结）、done（已办结）或 all")
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			fe.Add("limit", "invalid", "每页条数应为 1 到 200")
		}
		f.limit = n
	}
	return f, fe.Err()
}

// list pages through the transfers out of (or into) org's subtree, newest
// first (IDs are time-ordered), and returns the cursor of the next page
// ("" at the end).
func (s *Service) list(ctx context.Context, org OrgRef, f filter) ([]*Transfer, string, error) {
	col := "from_org_path"
	if f.in {
		col = "to_org_path"
	}
	today := s.today()
	var a db.Args
	a.Add(col+" >= ? AND "+col+" < ?", org.Path, db.PrefixEnd(org.Path))
	switch {
	case f.lapsing:
		a.Add("state IN (?, ?) AND valid_until <> '' AND valid_until <= ?", StatePending, StateIssued, lapseHorizon(today))
	case f.state == "open":
		a.Add("state IN (?, ?)", StatePending, StateIssued)
	case f.state == "done":
		a.Add("state NOT IN (?, ?)", StatePending, StateIssued)
	}
	if f.cursor != "" {
		a.Add("id < ?", f.cursor)
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+transferColumns+" FROM transfers"+a.Where()+
		" ORDER BY id DESC LIMIT ?", append(a.Values(), f.limit+1)...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	out := []*Transfer{}
	for rows.Next() {
		t, err := scanTransfer(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, t.shown(today))
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > f.limit {
		out, next = out[:f.limit], out[f.limit-1].ID
	}
	return out, next, nil
}
