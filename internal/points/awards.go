package points

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/files"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
)

// Award states.
const (
	statePending  = "pending"
	stateApproved = "approved"
	stateRejected = "rejected"
)

var stateLabels = map[string]string{statePending: "待审批", stateApproved: "已批准", stateRejected: "已驳回"}

// fileOwner is the file-store owner kind of an award's evidence (证明材料).
const fileOwner = "points_award"

const (
	maxReasonRunes = 500
	maxFiles       = 20 // evidence files of one award
)

// AwardInput is a request for a manual award (加分) or deduction (扣分).
type AwardInput struct {
	MemberID string   `json:"member_id"`
	Points   int      `json:"points"`
	On       string   `json:"on"`
	Reason   string   `json:"reason"`
	FileIDs  []string `json:"file_ids"`
}

// Award is a manual award or deduction and its decision.
type Award struct {
	ID           string     `json:"id"`
	OrgID        string     `json:"org_id"`
	OrgName      string     `json:"org_name"`
	MemberID     string     `json:"member_id"`
	MemberName   string     `json:"member_name"`
	Points       int        `json:"points"`
	On           string     `json:"on"`
	Reason       string     `json:"reason"`
	Files        []FileRef  `json:"files"`
	State        string     `json:"state"`
	StateLabel   string     `json:"state_label"`
	RequestedBy  string     `json:"requested_by"`
	RequestedAt  string     `json:"requested_at"`
	DecidedBy    string     `json:"decided_by"`
	DecidedAt    string     `json:"decided_at"`
	DecisionNote string     `json:"decision_note"`
	hidden       awardState // what the views do not show
}

// FileRef names a piece of evidence.
type FileRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type awardState struct {
	orgPath, requestedByID string
	fileIDs                []string
}

// requestAward records a pending award for a member active under org, with
// its evidence attached.
func (s *Service) requestAward(ctx context.Context, org OrgRef, in AwardInput) (string, error) {
	in.Reason = strings.TrimSpace(in.Reason)
	slices.Sort(in.FileIDs)
	in.FileIDs = slices.Compact(in.FileIDs)
	m, err := s.checkAward(ctx, org, in)
	if err != nil {
		return "", err
	}
	now := s.clk.Now()
	id := ids.At(now)
	p := authz.From(ctx)
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO points_awards (id, org_id, org_path, member_id, member_name, points,
			on_date, reason, file_ids, state, requested_by, requested_by_name, requested_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, org.ID, org.Path, m.ID, m.Name, in.Points, in.On, in.Reason,
			strings.Join(in.FileIDs, ","), statePending, p.AccountID, authz.ActorName(ctx, "系统"), now.UnixMilli()); err != nil {
			return err
		}
		if err := s.files.Attach(ctx, tx, in.FileIDs, fileOwner, id); err != nil {
			return files.AttachErr(err, "file_ids")
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "points.award_request", TargetType: "points_award",
			TargetID: id, After: map[string]any{"org_id": org.ID, "member_id": m.ID, "points": in.Points,
				"on": in.On, "reason": in.Reason, "file_ids": in.FileIDs}})
	})
	return id, err
}

// checkAward validates a request field by field and returns its member.
func (s *Service) checkAward(ctx context.Context, org OrgRef, in AwardInput) (MemberRef, error) {
	var fe httpx.Fields
	m, err := s.dir.Member(ctx, s.db, in.MemberID)
	if err != nil && !db.IsNoRows(err) {
		return m, err
	}
	if err != nil || !m.Active || !strings.HasPrefix(m.OrgPath, org.Path) {
		fe.Add("member_id", "not_in_org", "请选择本组织在册的党员")
	}
	if in.Points == 0 || abs(in.Points) > maxManual {
		fe.Add("points", "invalid", "分值应为 -"+strconv.Itoa(maxManual)+" 至 "+strconv.Itoa(maxManual)+" 之间的非零整数")
	}
	if d, err := time.Parse(clock.DateLayout, in.On); err != nil {
		fe.Add("on", "invalid", "请填写日期（YYYY-MM-DD）")
	} else if d.After(clock.Today(s.clk)) {
		fe.Add("on", "future", "日期不能晚于今天")
	}
	checkText(&fe, "reason", in.Reason, "请填写加减分理由")
	switch {
	case len(in.FileIDs) == 0:
		fe.Add("file_ids", "required", "请上传证明材料")
	case len(in.FileIDs) > maxFiles:
		fe.Add("file_ids", "too_many", "证明材料不超过 "+strconv.Itoa(maxFiles)+" 个文件")
	}
	return m, fe.Err()
}

// checkText refuses a text over maxReasonRunes and, when missing says
// what to fill in, an empty one.
func checkText(fe *httpx.Fields, field, text, missing string) {
	switch n := utf8.RuneCountInString(text); {
	case n == 0 && missing != "":
		fe.Add(field, "required", missing)
	case n > maxReasonRunes:
		fe.Add(field, "too_long", "内容不超过 500 个字")
	}
}

// manualLine is the ledger line of an approved award, counted at the
// member's org as of the approval; manual points have no caps.
func manualLine(a Award, m MemberRef, approver string, now time.Time) line {
	verb := "加分："
	if a.Points < 0 {
		verb = "扣分："
	}
	return line{ID: ids.At(now), Key: "award:" + a.ID, MemberID: m.ID, OrgID: m.OrgID, OrgPath: m.OrgPath,
		Year: yearOf(a.On), On: a.On, Rule: ruleManual, Category: ruleOf(ruleManual).Category, Points: a.Points,
		SourceType: "manual", SourceID: a.ID, Title: verb + a.Reason, Note: "经 " + approver + " 审批"}
}
