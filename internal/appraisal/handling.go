package appraisal

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Handling states.
const (
	handlingPending  = "pending"     // 不合格 confirmed; measure not chosen yet
	handlingUnderway = "in_progress" // measure recorded
	handlingClosed   = "closed"      // outcome recorded
)

var handlingStates = []Option{{handlingPending, "待确定处置方式"}, {handlingUnderway, "处置中"}, {handlingClosed, "已办结"}}

// Measures (处置方式) under 处置办法 and 党章 第七条: full members are
// rectified within a deadline, persuaded to leave or expelled; probationary
// members have their probation extended or cancelled.
const measureRectify = "rectify"

var (
	fullMeasures = []Option{{measureRectify, "限期改正"}, {"persuade_leave", "劝其退党"}, {"expel", "除名"}}
	probMeasures = []Option{{"extend_probation", "延长预备期"}, {"cancel_probation", "取消预备党员资格"}}
	// measuresWithDeadline may carry a deadline (期限).
	measuresWithDeadline = []string{measureRectify, "extend_probation"}
)

const (
	maxNoteRunes   = 1000
	rectifyMonths  = 12 // 限期改正: conventionally one year from the confirmation
	measuresRefuse = "对不合格的预备党员，应延长预备期或取消预备党员资格，不适用“限期改正”“劝其退党”“除名”" +
		"（《中国共产党章程》第七条；《中国共产党不合格党员组织处置办法》）"
	probOnly = "“延长预备期”“取消预备党员资格”只适用于预备党员（《中国共产党章程》第七条）"
)

// measuresFor are the measures open to a member of status.
func measuresFor(status string) []Option {
	if status == statusProbationary {
		return probMeasures
	}
	return fullMeasures
}

// Handling is a handling record (处置) of a member graded 不合格.
type Handling struct {
	ID             string   `json:"id"`
	MemberID       string   `json:"member_id"`
	Name           string   `json:"name"`
	Status         string   `json:"status"`
	StatusLabel    string   `json:"status_label"`
	Measure        string   `json:"measure"`
	MeasureLabel   string   `json:"measure_label"`
	MeasureOptions []Option `json:"measure_options"`
	Deadline       string   `json:"deadline"`
	Note           string   `json:"note"`
	State          string   `json:"state"`
	StateLabel     string   `json:"state_label"`
	Outcome        string   `json:"outcome"`
	OpenedAt       string   `json:"opened_at"`
	DecidedAt      string   `json:"decided_at"`
	ClosedAt       string   `json:"closed_at"`
}

func loadHandlings(ctx context.Context, q db.Querier, roundID string) ([]Handling, error) {
	rows, err := q.QueryContext(ctx, `SELECT h.id, h.member_id, p.name, p.status, h.measure, h.deadline, h.note,
		h.state, h.outcome, h.opened_at, h.decided_at, h.closed_at
		FROM appraisal_handlings h JOIN appraisal_participants p
		ON p.appraisal_id = h.appraisal_id AND p.member_id = h.member_id
		WHERE h.appraisal_id = ? ORDER BY p.position`, roundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Handling{}
	for rows.Next() {
		var h Handling
		var opened, decided, closed int64
		if err := rows.Scan(&h.ID, &h.MemberID, &h.Name, &h.Status, &h.Measure, &h.Deadline, &h.Note, &h.State,
			&h.Outcome, &opened, &decided, &closed); err != nil {
			return nil, err
		}
		h.StatusLabel, h.MeasureOptions = labelOf(statusOptions, h.Status), measuresFor(h.Status)
		h.MeasureLabel, h.StateLabel = labelOf(h.MeasureOptions, h.Measure), labelOf(handlingStates, h.State)
		h.OpenedAt, h.DecidedAt, h.ClosedAt = clock.Stamp(opened), clock.Stamp(decided), clock.Stamp(closed)
		out = append(out, h)
	}
	return out, rows.Err()
}

// lockHandling locks the confirmed round and finds its handling hid.
func (s *Service) lockHandling(ctx context.Context, tx *db.Tx, roundID, hid string) (round, Handling, error) {
	cur, err := s.lockRound(ctx, tx, roundID, stageConfirmed)
	if err != nil {
		return cur, Handling{}, err
	}
	list, err := loadHandlings(ctx, tx, roundID)
	if err != nil {
		return cur, Handling{}, err
	}
	i := slices.IndexFunc(list, func(h Handling) bool { return h.ID == hid })
	if i < 0 {
		return cur, Handling{}, httpx.NotFound()
	}
	if list[i].State == handlingClosed {
		return cur, list[i], httpx.Conflict("handling_closed", "该处置已办结，不能再修改")
	}
	return cur, list[i], nil
}

// HandlingDecision is the body of PUT .../handlings/{hid}.
type HandlingDecision struct {
	Measure  string `json:"measure"`
	Deadline string `json:"deadline"` // 2006-01-02; rectify defaults to a year after the confirmation
	Note     string `json:"note"`
}

// checkDecision validates d for h and fills in the default deadline.
func (s *Service) checkDecision(cur round, h Handling, d *HandlingDecision) error {
	var fe httpx.Fields
	d.Deadline, d.Note = strings.TrimSpace(d.Deadline), strings.TrimSpace(d.Note)
	switch {
	case labelOf(h.MeasureOptions, d.Measure) != "": // open to this member
	case h.Status == statusProbationary && labelOf(fullMeasures, d.Measure) != "":
		fe.Add("measure", "probationary", measuresRefuse)
	case labelOf(probMeasures, d.Measure) != "":
		fe.Add("measure", "not_probationary", probOnly)
	default:
		fe.Add("measure", "invalid", "请选择处置方式")
	}
	if d.Deadline == "" && d.Measure == measureRectify {
		confirmed := time.UnixMilli(cur.ConfirmedAt).In(clock.Shanghai)
		d.Deadline = clock.AddMonths(confirmed, rectifyMonths).Format(clock.DateLayout)
	}
	if d.Deadline != "" {
		day, err := time.Parse(clock.DateLayout, d.Deadline)
		switch {
		case !slices.Contains(measuresWithDeadline, d.Measure):
			fe.Add("deadline", "not_applicable", "该处置方式不设期限")
		case err != nil:
			fe.Add("deadline", "invalid", "期限应为日期，如 2027-12-31")
		case !day.After(clock.Today(s.clk)):
			fe.Add("deadline", "past", "期限须晚于今天")
		}
	}
	if utf8.RuneCountInString(d.Note) > maxNoteRunes {
		fe.Add("note", "too_long", fmt.Sprintf("说明不能超过 %d 字", maxNoteRunes))
	}
	return fe.Err()
}

// decide records (or changes, until closed) the measure taken for a member
// graded 不合格. The system records the decision only: it never changes the
// member's status itself.
func (s *Service) decide(ctx context.Context, roundID, hid string, d HandlingDecision) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		cur, h, err := s.lockHandling(ctx, tx, roundID, hid)
		if err != nil {
			return err
		}
		if err := s.checkDecision(cur, h, &d); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE appraisal_handlings SET measure = ?, deadline = ?, note = ?, state = ?,
			decided_at = ? WHERE id = ?`, d.Measure, d.Deadline, d.Note, handlingUnderway, ms(s.clk.Now()), hid); err != nil {
			return err
		}
		detail := "对" + h.Name + "采取“" + labelOf(h.MeasureOptions, d.Measure) + "”"
		if d.Deadline != "" {
			detail += "，期限至 " + d.Deadline
		}
		return s.record(ctx, tx, roundID, "handling_decided", detail, handlingAudit(h.ID, h.MemberID, h.Measure, h.Deadline, h.Note),
			handlingAudit(h.ID, h.MemberID, d.Measure, d.Deadline, d.Note))
	})
}

// closeHandling records the outcome of a handling and closes it.
func (s *Service) closeHandling(ctx context.Context, roundID, hid, outcome string) error {
	var fe httpx.Fields
	outcome = checkText(outcome, maxNoteRunes, "outcome", "处置结果", &fe)
	if err := fe.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		_, h, err := s.lockHandling(ctx, tx, roundID, hid)
		if err != nil {
			return err
		}
		if h.State == handlingPending {
			return httpx.Conflict("measure_missing", "请先确定处置方式，再办结")
		}
		if _, err := tx.ExecContext(ctx, "UPDATE appraisal_handlings SET state = ?, outcome = ?, closed_at = ? WHERE id = ?",
			handlingClosed, outcome, ms(s.clk.Now()), hid); err != nil {
			return err
		}
		after := map[string]any{"handling_id": h.ID, "member_id": h.MemberID, "state": handlingClosed, "outcome": textDigest(outcome)}
		return s.record(ctx, tx, roundID, "handling_closed", h.Name+"的处置（"+h.MeasureLabel+"）已办结",
			map[string]any{"handling_id": h.ID, "state": h.State}, after)
	})
}

// handlingAudit is a handling as the audit log keeps it: the note, which
// may describe the member's conduct, only as a fingerprint.
func handlingAudit(id, memberID, measure, deadline, note string) map[string]any {
	return map[string]any{"handling_id": id, "member_id": memberID, "measure": measure, "deadline": deadline,
		"note": textDigest(note)}
}
