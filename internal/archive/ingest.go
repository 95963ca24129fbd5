package archive

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"dangjian/internal/commendations"
	"dangjian/internal/dues/rules"
	"dangjian/internal/orglife"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/outbox"
)

// Sources of archive entries.
const (
	srcMeeting      = "meeting"
	srcDues         = "dues"
	srcArrears      = "arrears"
	srcAppraisal    = "appraisal"
	srcAssessment   = "assessment"
	srcCommendation = "commendation"
)

// Dues payment codes: a month's dues, or a voluntary payment (自愿多交).
const (
	duesRegular   = "regular"
	duesVoluntary = "voluntary"
)

// converters turn the events the archive follows into entries; a nil entry
// means the event adds nothing (an org's commendation).
var converters = map[string]func(outbox.Delivered) (*entry, error){
	"meeting.attended":             meetingEntry,
	"meeting.leave":                meetingEntry,
	"meeting.absent":               meetingEntry,
	"meeting.attendance_corrected": meetingEntry,
	"dues.paid":                    paidEntry,
	"dues.payment_reversed":        reversalEntry,
	"dues.arrears":                 arrearsEntry,
	"appraisal.graded":             gradeEntry(srcAppraisal),
	"assessment.confirmed":         gradeEntry(srcAssessment),
	"commendation.awarded":         commendationEntry,
}

// Subscribe feeds archive_entries from the outbox, a delivery batch at a
// time in one transaction.
func (s *Service) Subscribe(x *outbox.Dispatcher) {
	x.SubscribeBatch("archive.entries", "", s.ingest)
}

func (s *Service) ingest(ctx context.Context, batch []outbox.Delivered) error {
	set := newEntrySet()
	for _, e := range batch {
		conv, ok := converters[e.Type]
		if !ok {
			continue
		}
		en, err := conv(e)
		if err != nil {
			return fmt.Errorf("archive: event %s (%s): %w", e.ID, e.Type, err)
		}
		if en != nil {
			set.add(*en)
		}
	}
	if len(set.order) == 0 {
		return nil
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error { return set.write(ctx, tx) })
}

// meetingEntry is the member's line of a meeting, dated by the meeting's
// start in Shanghai. A correction replaces the line with the corrected
// status and says what it was before.
func meetingEntry(e outbox.Delivered) (*entry, error) {
	var p orglife.AttendancePayload
	if err := e.Decode(&p); err != nil {
		return nil, err
	}
	at, err := time.Parse(time.RFC3339, p.StartsAt)
	if err != nil {
		return nil, err
	}
	day := at.In(clock.Shanghai)
	en := &entry{MemberID: memberOf(p.MemberID, e), Source: srcMeeting, Ref: p.MeetingID, Year: day.Year(),
		On: day.Format(clock.DateLayout), Code: p.Kind, Label: meetingKindLabel(p.Kind), Status: p.Status,
		Title: p.Topic, Version: e.Seq}
	if e.Type == "meeting.attendance_corrected" {
		en.Note = fmt.Sprintf("更正：%s→%s（%s）", statusWord(p.Previous), statusWord(p.Status), p.Reason)
	}
	return en, nil
}

// payment is dues' payment and reversal payload.
type payment struct {
	MemberID   string `json:"member_id"`
	Month      string `json:"month"`
	AmountFen  int64  `json:"amount_fen"`
	OnTime     bool   `json:"on_time"`
	EntryID    string `json:"entry_id"`
	ReversesID string `json:"reverses_id"`
	Voluntary  bool   `json:"voluntary"`
}

func decodePayment(e outbox.Delivered) (payment, rules.Month, error) {
	var p payment
	if err := e.Decode(&p); err != nil {
		return p, 0, err
	}
	m, err := rules.ParseMonth(p.Month)
	return p, m, err
}

// paidEntry is a payment, counted for the year of the month it pays for
// and shown on the day it was paid.
func paidEntry(e outbox.Delivered) (*entry, error) {
	p, m, err := decodePayment(e)
	if err != nil {
		return nil, err
	}
	code := duesRegular
	if p.Voluntary {
		code = duesVoluntary
	}
	return &entry{MemberID: memberOf(p.MemberID, e), Source: srcDues, Ref: p.EntryID, Year: m.Year(), On: dateOf(e),
		Code: code, Month: p.Month, AmountFen: p.AmountFen, OnTime: p.OnTime, Version: e.Seq}, nil
}

// reversalEntry marks the reversed payment's row (冲正), creating it if the
// payment has not arrived yet.
func reversalEntry(e outbox.Delivered) (*entry, error) {
	p, m, err := decodePayment(e)
	if err != nil {
		return nil, err
	}
	return &entry{MemberID: memberOf(p.MemberID, e), Source: srcDues, Ref: p.ReversesID, Year: m.Year(), On: dateOf(e),
		Month: p.Month, AmountFen: p.AmountFen, UndoneOn: dateOf(e), undoOnly: true}, nil
}

// arrearsEntry is a dues arrears warning (欠缴提醒), one per (since, level)
// as dues records them.
func arrearsEntry(e outbox.Delivered) (*entry, error) {
	var p struct {
		MemberID string `json:"member_id"`
		Months   int    `json:"months"`
		Since    string `json:"since"`
		Level    int    `json:"level"`
	}
	if err := e.Decode(&p); err != nil {
		return nil, err
	}
	return &entry{MemberID: memberOf(p.MemberID, e), Source: srcArrears, Ref: p.Since + ":" + strconv.Itoa(p.Level),
		Year: e.At.In(clock.Shanghai).Year(), On: dateOf(e), Code: strconv.Itoa(p.Level), Month: p.Since, Months: p.Months, Version: e.Seq}, nil
}

// grade is the payload of a 民主评议 or annual assessment (年度考核) grade.
type grade struct {
	AppraisalID string `json:"appraisal_id"`
	MemberID    string `json:"member_id"`
	Year        int    `json:"year"`
	Grade       string `json:"grade"`
	GradeLabel  string `json:"grade_label"`
}

// gradeEntry keeps a grade for its year: a 民主评议 per round, an
// assessment per year (a re-confirmation replaces it).
func gradeEntry(source string) func(outbox.Delivered) (*entry, error) {
	return func(e outbox.Delivered) (*entry, error) {
		var p grade
		if err := e.Decode(&p); err != nil {
			return nil, err
		}
		ref := p.AppraisalID
		if source == srcAssessment {
			ref = strconv.Itoa(p.Year)
		}
		return &entry{MemberID: memberOf(p.MemberID, e), Source: source, Ref: ref, Year: p.Year, On: dateOf(e),
			Code: p.Grade, Label: p.GradeLabel, Version: e.Seq}, nil
	}
}

// commendationEntry is a member's commendation (表彰); an organization's
// is not part of any member's archive.
func commendationEntry(e outbox.Delivered) (*entry, error) {
	var p commendations.AwardedPayload
	if err := e.Decode(&p); err != nil || p.MemberID == "" {
		return nil, err
	}
	return &entry{MemberID: p.MemberID, Source: srcCommendation, Ref: p.RoundID + ":" + p.Kind, Year: p.Year,
		On: dateOf(e), Code: p.Kind, Label: p.KindLabel, Title: p.Title, Version: e.Seq}, nil
}

// memberOf is the payload's member, or the event's subject.
func memberOf(id string, e outbox.Delivered) string {
	if id != "" {
		return id
	}
	return e.SubjectID
}

// dateOf is the Shanghai date the event happened.
func dateOf(e outbox.Delivered) string { return e.At.In(clock.Shanghai).Format(clock.DateLayout) }
