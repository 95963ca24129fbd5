package elections

import (
	"context"
	"strings"
	"unicode/utf8"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/outbox"
)

// NoticeIn is a written notice (书面通知) an upper organization sent to an
// org whose term is overdue, as it records it.
type NoticeIn struct {
	OrgID  string `json:"org_id"`
	DocNo  string `json:"doc_no"`
	SentOn string `json:"sent_on"`
	Text   string `json:"text"`
}

// Notice is a recorded notice.
type Notice struct {
	ID          string `json:"id"`
	OrgID       string `json:"org_id"`
	OrgName     string `json:"org_name"`
	FromOrgID   string `json:"from_org_id"`
	FromOrgName string `json:"from_org_name"`
	DocNo       string `json:"doc_no"`
	SentOn      string `json:"sent_on"`
	Text        string `json:"text"`
	ActorName   string `json:"actor_name"`
	At          string `json:"at"`
}

// addNotice records a notice from upper to an org strictly in its subtree.
func (s *Service) addNotice(ctx context.Context, upper OrgRef, in NoticeIn) (Notice, error) {
	in.DocNo, in.Text = strings.TrimSpace(in.DocNo), strings.TrimSpace(in.Text)
	var fe httpx.Fields
	target, err := s.dir.Org(ctx, s.db, in.OrgID)
	switch {
	case db.IsNoRows(err) || (err == nil && (target.ID == upper.ID || !inSubtree(target.Path, upper.Path))):
		fe.Add("org_id", "invalid", "只能向本组织的下级党组织发出通知")
	case err != nil:
		return Notice{}, err
	}
	if in.DocNo == "" || utf8.RuneCountInString(in.DocNo) > 50 {
		fe.Add("doc_no", "invalid", "请填写文号（不超过 50 个字）")
	}
	if !validDate(in.SentOn) || in.SentOn > s.today() {
		fe.Add("sent_on", "invalid", "请填写发文日期（不晚于今天）")
	}
	if in.Text == "" || utf8.RuneCountInString(in.Text) > 2000 {
		fe.Add("text", "invalid", "请填写通知内容（不超过 2000 字）")
	}
	if err := fe.Err(); err != nil {
		return Notice{}, err
	}
	now := s.clk.Now()
	n := Notice{ID: ids.At(now), OrgID: target.ID, OrgName: target.Name, FromOrgID: upper.ID, FromOrgName: upper.Name,
		DocNo: in.DocNo, SentOn: in.SentOn, Text: in.Text, ActorName: authz.ActorName(ctx, "系统"), At: clock.Stamp(now.UnixMilli())}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO term_notices (id, org_id, org_path, from_org_id, doc_no, sent_on, body,
			actor_name, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, n.ID, n.OrgID, target.Path, n.FromOrgID, n.DocNo, n.SentOn,
			n.Text, n.ActorName, now.UnixMilli()); err != nil {
			return err
		}
		payload := map[string]any{"notice_id": n.ID, "org_id": n.OrgID, "from_org_id": n.FromOrgID, "doc_no": n.DocNo, "sent_on": n.SentOn}
		if err := audit.RecordAt(ctx, tx, now, audit.Entry{Action: EventNoticeSent, TargetType: "org", TargetID: n.OrgID,
			After: payload}); err != nil {
			return err
		}
		return outbox.EmitAt(ctx, tx, now, outbox.Event{Type: EventNoticeSent, SubjectID: n.OrgID, OrgPath: target.Path, Payload: payload})
	})
	return n, err
}

// maxNotices bounds the notices list of a subtree.
const maxNotices = 200

// notices lists the notices about orgID, or (orgID "") about every org of
// the subtree of path, latest first.
func (s *Service) notices(ctx context.Context, path, orgID string) ([]Notice, error) {
	var a db.Args
	if orgID != "" {
		a.Add("org_id = ?", orgID)
	} else {
		a.Add("org_path >= ? AND org_path < ?", path, db.PrefixEnd(path))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, org_id, from_org_id, doc_no, sent_on, body, actor_name, at
		FROM term_notices`+a.Where()+" ORDER BY sent_on DESC, id DESC LIMIT ?", append(a.Values(), maxNotices)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Notice{}
	var orgIDs []string
	for rows.Next() {
		var n Notice
		var at int64
		if err := rows.Scan(&n.ID, &n.OrgID, &n.FromOrgID, &n.DocNo, &n.SentOn, &n.Text, &n.ActorName, &at); err != nil {
			return nil, err
		}
		n.At = clock.Stamp(at)
		orgIDs = append(orgIDs, n.OrgID, n.FromOrgID)
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	names, err := s.dir.Names(ctx, s.db, orgIDs)
	for i := range out {
		out[i].OrgName, out[i].FromOrgName = names[out[i].OrgID], names[out[i].FromOrgID]
	}
	return out, err
}
