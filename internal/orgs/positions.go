package orgs

import (
	"context"
	"fmt"
	"strings"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
)

// Position titles (职务).
var titleLabels = map[string]string{
	"secretary": "书记", "deputy_secretary": "副书记", "organization": "组织委员", "publicity": "宣传委员",
	"discipline": "纪检委员", "committee_member": "委员", "group_leader": "党小组长", "youth": "青年委员", "other": "其他",
}

// committeeTitles are the posts that make up a committee (支委会/总支委员会/党委).
var committeeTitles = map[string]bool{"secretary": true, "deputy_secretary": true, "organization": true,
	"publicity": true, "discipline": true, "committee_member": true, "youth": true}

// Position is a post held by a member at an org, with its dates.
type Position struct {
	ID         string
	OrgID      string
	OrgName    string
	MemberID   string
	MemberName string
	Title      string
	TitleLabel string
	StartOn    string
	EndOn      string
	Active     bool
}

const positionColumns = `p.id, p.org_id, o.name, p.member_id, p.member_name, p.title, p.start_on, p.end_on`

func queryPositions(ctx context.Context, q db.Querier, where string, args ...any) ([]Position, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+positionColumns+" FROM positions p JOIN orgs o ON o.id = p.org_id "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Position
	for rows.Next() {
		var p Position
		if err := rows.Scan(&p.ID, &p.OrgID, &p.OrgName, &p.MemberID, &p.MemberName, &p.Title, &p.StartOn, &p.EndOn); err != nil {
			return nil, err
		}
		p.TitleLabel, p.Active = titleLabels[p.Title], p.EndOn == ""
		out = append(out, p)
	}
	return out, rows.Err()
}

// Positions lists an org's posts, the current ones first.
func (s *Service) Positions(ctx context.Context, q db.Querier, orgID string, includeEnded bool) ([]Position, error) {
	where := "WHERE p.org_id = ?"
	if !includeEnded {
		where += " AND p.end_on = ''"
	}
	return queryPositions(ctx, q, where+" ORDER BY p.end_on, p.start_on, p.id", orgID)
}

// PositionsOf lists every post a member has held, ended ones included.
func (s *Service) PositionsOf(ctx context.Context, q db.Querier, memberID string) ([]Position, error) {
	return queryPositions(ctx, q, "WHERE p.member_id = ? ORDER BY p.start_on DESC, p.id", memberID)
}

// HoldersUnder lists the current posts with one of titles (codes such as
// "secretary", or their Chinese labels such as 书记) in the orgs under path:
// the audience "all branch secretaries of this subtree".
func (s *Service) HoldersUnder(ctx context.Context, q db.Querier, path string, titles []string) ([]Position, error) {
	codes := titleCodes(titles)
	if len(codes) == 0 {
		return nil, nil
	}
	args := append([]any{path, db.PrefixEnd(path)}, db.Strings(codes)...)
	return queryPositions(ctx, q, "WHERE o.path >= ? AND o.path < ? AND p.end_on = '' AND p.title IN ("+
		db.Placeholders(len(codes))+") ORDER BY o.path, p.id", args...)
}

// titleCodes maps titles given as codes or labels to codes, dropping
// unknown ones.
func titleCodes(titles []string) []string {
	var out []string
	for _, t := range titles {
		if _, ok := titleLabels[t]; ok {
			out = append(out, t)
			continue
		}
		for code, label := range titleLabels {
			if label == t {
				out = append(out, code)
			}
		}
	}
	return out
}

// activePositions returns the current posts of the given orgs, by org.
func activePositions(ctx context.Context, q db.Querier, orgIDs []string) (map[string][]Position, error) {
	out := map[string][]Position{}
	if len(orgIDs) == 0 {
		return out, nil
	}
	list, err := queryPositions(ctx, q, "WHERE p.org_id IN ("+db.Placeholders(len(orgIDs))+") AND p.end_on = '' ORDER BY p.start_on, p.id", db.Strings(orgIDs)...)
	for _, p := range list {
		out[p.OrgID] = append(out[p.OrgID], p)
	}
	return out, err
}

// NewPosition appoints a member to a post.
type NewPosition struct {
	MemberID string `json:"member_id"`
	Title    string `json:"title"`
	StartOn  string `json:"start_on"`
	EndOn    string `json:"end_on"`
}

func (n NewPosition) validate() error {
	var fe httpx.Fields
	if n.MemberID == "" {
		fe.Add("member_id", "required", "请选择任职党员")
	}
	if _, ok := titleLabels[n.Title]; !ok {
		fe.Add("title", "invalid", "请选择职务")
	}
	if !validDate(n.StartOn) {
		fe.Add("start_on", "invalid", "请填写任职日期（YYYY-MM-DD）")
	}
	if n.EndOn != "" && (!validDate(n.EndOn) || n.EndOn < n.StartOn) {
		fe.Add("end_on", "invalid", "离任日期须晚于任职日期")
	}
	return fe.Err()
}

// AddPosition appoints a member of the org's subtree to a post there.
func (s *Service) AddPosition(ctx context.Context, orgID string, n NewPosition) (Position, error) {
	if err := n.validate(); err != nil {
		return Position{}, err
	}
	var out Position
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		o, err := getOrg(ctx, tx, orgID)
		if err != nil {
			return err
		}
		if !o.Active() {
			return httpx.Conflict("org_dissolved", "该组织已撤销，不能任命职务")
		}
		m, err := s.memberFor(ctx, tx, o, n.MemberID)
		if err != nil {
			return err
		}
		if err := s.checkSingleSecretary(ctx, tx, o.ID, n.Title); err != nil {
			return err
		}
		now := s.clk.Now()
		out = Position{ID: ids.At(now), OrgID: o.ID, OrgName: o.Name, MemberID: m.ID, MemberName: m.Name,
			Title: n.Title, TitleLabel: titleLabels[n.Title], StartOn: n.StartOn, EndOn: n.EndOn, Active: n.EndOn == ""}
		if _, err := tx.ExecContext(ctx, `INSERT INTO positions (id, org_id, member_id, member_name, title, start_on, end_on, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, out.ID, o.ID, m.ID, m.Name, n.Title, n.StartOn, n.EndOn, now.UnixMilli()); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s 自 %s 起任%s", m.Name, n.StartOn, out.TitleLabel)
		return s.record(ctx, tx, o, "position_started", detail, nil, positionView(out))
	})
	return out, err
}

// memberFor checks the member exists, has not left and belongs to the org's subtree.
func (s *Service) memberFor(ctx context.Context, q db.Querier, o Org, memberID string) (MemberRef, error) {
	if s.members == nil {
		return MemberRef{}, fieldErr("member_id", "not_found", "党员不存在")
	}
	m, err := s.members.Member(ctx, q, memberID)
	if db.IsNoRows(err) || (err == nil && (!m.Active || !strings.HasPrefix(m.OrgPath, o.Path))) {
		return MemberRef{}, fieldErr("member_id", "not_in_org", "只能任命本组织（含下级）的在册党员")
	}
	return m, err
}

func (s *Service) checkSingleSecretary(ctx context.Context, q db.Querier, orgID, title string) error {
	if title != "secretary" {
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM positions WHERE org_id = ? AND title = ? AND end_on = ''", orgID, title).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return httpx.Conflict("secretary_exists", "该组织已有在任书记，请先办理原书记离任")
	}
	return nil
}

// EndPosition records the end of a post (离任); allowed checks the caller's
// scope at the post's org.
func (s *Service) EndPosition(ctx context.Context, id, endOn string, allowed func(path string) bool) (Position, error) {
	var out Position
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		list, err := queryPositions(ctx, tx, "WHERE p.id = ?", id)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return httpx.NotFound()
		}
		p := list[0]
		o, err := getOrg(ctx, tx, p.OrgID)
		if err != nil {
			return err
		}
		if allowed != nil && !allowed(o.Path) {
			return httpx.NotFound()
		}
		if !p.Active {
			return httpx.Conflict("position_ended", "该职务已离任")
		}
		if !validDate(endOn) || endOn < p.StartOn {
			return fieldErr("end_on", "invalid", "离任日期须为不早于任职日期的 YYYY-MM-DD")
		}
		if _, err := tx.ExecContext(ctx, "UPDATE positions SET end_on = ? WHERE id = ?", endOn, id); err != nil {
			return err
		}
		before := p
		p.EndOn, p.Active = endOn, false
		out = p
		return s.record(ctx, tx, o, "position_ended", fmt.Sprintf("%s 于 %s 离任%s", p.MemberName, endOn, p.TitleLabel),
			positionView(before), positionView(p))
	})
	return out, err
}

// endOrgPositions ends the current posts of a dissolved org on its last day.
func endOrgPositions(ctx context.Context, tx *db.Tx, orgID, on string) error {
	_, err := tx.ExecContext(ctx, "UPDATE positions SET end_on = ? WHERE org_id = ? AND end_on = ''", on, orgID)
	return err
}
