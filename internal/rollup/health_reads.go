package rollup

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Branch is a branch's health as of the last refresh (AsOf).
type Branch struct {
	OrgID          string         `json:"org_id"`
	OrgPath        string         `json:"org_path"`
	Name           string         `json:"name"`
	Members        int64          `json:"members"`
	FullMembers    int64          `json:"full_members"`
	Score          int            `json:"score"`
	Color          string         `json:"color"`
	Components     map[string]int `json:"components"`
	Reasons        []Reason       `json:"reasons"`
	LastActivityOn string         `json:"last_activity_on"`
	LastMeetingOn  string         `json:"last_meeting_on"`
	AsOf           string         `json:"as_of"`
}

// BranchFilter narrows Branches: to one color, to the branches at risk,
// or to those at risk for one reason (a health.risk bucket: a reason code,
// or "all" for any).
type BranchFilter struct {
	Color  string
	AtRisk bool
	Reason string
}

// reasonFilter adds the branches at risk for f.Reason to a. The reasons
// are stored as JSON, so a reason is matched as its code inside that text
// (codes are fixed ASCII words; the texts never contain one), among the
// branches at risk under the path (the (at_risk, org_path) index).
func reasonFilter(a *db.Args, reason string) error {
	switch {
	case reason == riskAll:
		a.Add("at_risk = 1")
	case slices.Contains(reasonCodes, reason):
		a.Add(`at_risk = 1 AND reasons LIKE ? ESCAPE '\'`, db.Contains(`"code":"`+reason+`"`))
	default:
		return invalidField("reason", "不支持的风险类型")
	}
	return nil
}

// Cursor is the position after b in a Branches listing.
func (b Branch) Cursor() string { return strconv.Itoa(b.Score) + "\x00" + b.OrgID }

// errBadCursor answers a cursor Branches did not hand out.
var errBadCursor = httpx.BadRequest("分页位置无效，请从第一页重新查看")

// Branches lists the branches at or under path that pass f, worst first
// (by score, then org ID), after the cursor after ("" for the start).
func (s *Store) Branches(ctx context.Context, path string, f BranchFilter, after string, limit int) ([]Branch, error) {
	var a db.Args
	a.Add("org_path >= ? AND org_path < ?", path, db.PrefixEnd(path))
	if f.Color != "" {
		a.Add("color = ?", f.Color)
	}
	if f.AtRisk {
		a.Add("at_risk = 1")
	}
	if f.Reason != "" {
		if err := reasonFilter(&a, f.Reason); err != nil {
			return nil, err
		}
	}
	if after != "" {
		score, id, ok := strings.Cut(after, "\x00")
		n, err := strconv.Atoi(score)
		if !ok || err != nil {
			return nil, errBadCursor
		}
		a.Add("(score > ? OR (score = ? AND org_id > ?))", n, n, id)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT org_id, org_path, name, members, full_members, score, color, components,
		reasons, last_activity_on, last_meeting_on, as_of FROM rollup_branches`+a.Where()+` ORDER BY score, org_id LIMIT ?`,
		append(a.Values(), limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Branch{}
	for rows.Next() {
		var b Branch
		var comps, reasons string
		if err := rows.Scan(&b.OrgID, &b.OrgPath, &b.Name, &b.Members, &b.FullMembers, &b.Score, &b.Color, &comps,
			&reasons, &b.LastActivityOn, &b.LastMeetingOn, &b.AsOf); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(comps), &b.Components); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(reasons), &b.Reasons); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
