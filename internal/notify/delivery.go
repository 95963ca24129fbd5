package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"dangjian/internal/notify/channel"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/jobs"
	"dangjian/internal/platform/pii"
)

const deliverJob = "notify.deliver"

// deliverAttempts is the job runner's limit for deliverJob (see New): the
// last attempt records a temporary failure as final instead of retrying.
const deliverAttempts = 6

// Delivery states, in the log and the API.
const (
	stateQueued   = "queued"   // waiting for its job
	stateDeferred = "deferred" // SMS held until the recipient's quiet hours end
	stateSending  = "sending"  // handed to the provider; outcome not yet recorded
	stateSent     = "sent"
	stateFailed   = "failed"
	stateNotSent  = "not_sent" // decided not to send (see the reasons)
)

var stateLabels = map[string]string{stateQueued: "排队中", stateSending: "发送中", stateSent: "已发送",
	stateDeferred: "已推迟", stateFailed: "发送失败", stateNotSent: "未发送"}

// Reasons a delivery was not sent or failed.
const (
	reasonOptedOut   = "opted_out"
	reasonNoChannel  = "no_channel"
	reasonNoTemplate = "no_template"
	reasonBudget     = "budget"
	reasonNoContact  = "no_contact"
	reasonWithdrawn  = "withdrawn"
	reasonBadParams  = "bad_params"
	reasonUnknown    = "unknown_outcome"
	reasonRejected   = "rejected"          // the provider refused for good
	reasonExhausted  = "retries_exhausted" // temporary failures until the last attempt
)

// outcome is what a delivery becomes.
type outcome struct {
	state, reason, detail, providerID string
}

func notSent(reason, detail string) *outcome {
	return &outcome{state: stateNotSent, reason: reason, detail: detail}
}

// configured reports whether a sender can send at all: nil and the
// channel.Unconfigured stand-in both mean "no provider".
func configured(snd channel.Sender) bool {
	switch snd.(type) {
	case nil, channel.Unconfigured, *channel.Unconfigured:
		return false
	}
	return true
}

func channelName(ch string) string {
	if ch == SMS {
		return "短信"
	}
	return "邮件"
}

// ---- queueing, inside the sender's transaction ----

// planned is one delivery row to insert; runAt is zero when no job is needed.
type planned struct {
	id, messageID string
	out           outcome
	runAt         time.Time
}

// queueDeliveries records one delivery per new copy and asked-for channel,
// deciding now whether it will be sent: preferences, configuration and the
// SMS budget are settled in the sender's transaction, so a send that rolls
// back reserves nothing, and only deliveries that will really be attempted
// get a job (a million-recipient fan-out past its SMS budget adds rows, not
// jobs). Contacts are looked up when the job runs and never stored here.
func (s *Service) queueDeliveries(ctx context.Context, q db.Querier, m Message, fresh []stored) error {
	chans := channelsOf(m)
	if len(chans) == 0 || len(fresh) == 0 {
		return nil
	}
	who := make([]string, len(fresh))
	for i, f := range fresh {
		who[i] = f.To.ID
	}
	all, err := loadPrefsMany(ctx, q, who)
	if err != nil {
		return err
	}
	params, err := encodeParams(m.Params)
	if err != nil {
		return err
	}
	for _, ch := range chans {
		plan, err := s.plan(ctx, q, m, ch, fresh, all)
		if err != nil {
			return err
		}
		if err := insertDeliveries(ctx, q, m, ch, params, plan, s.clk.Now()); err != nil {
			return err
		}
	}
	return nil
}

// channelsOf is m's external channels, each once, in a fixed order.
func channelsOf(m Message) []string {
	var out []string
	for _, ch := range []string{SMS, Email} {
		if slices.Contains(m.Channels, ch) {
			out = append(out, ch)
		}
	}
	return out
}

func encodeParams(p map[string]string) (string, error) {
	if len(p) == 0 {
		return "", nil
	}
	b, err := json.Marshal(p)
	return string(b), err
}

// plan decides each copy's delivery on channel ch: first what rules it out
// for that recipient, then (SMS) the budget for those left, in order, then
// when to send.
func (s *Service) plan(ctx context.Context, q db.Querier, m Message, ch string, fresh []stored, all map[string]prefs) ([]planned, error) {
	plan := make([]planned, len(fresh))
	var open []int
	for i, f := range fresh {
		plan[i] = planned{id: ids.New(), messageID: f.ID}
		if o := s.gate(ch, m.Kind, prefsOf(all, f.To.ID)); o != nil {
			plan[i].out = *o
			continue
		}
		open = append(open, i)
	}
	if ch == SMS && len(open) > 0 {
		granted, daily, err := s.reserveSMS(ctx, q, m.SenderOrgID, len(open))
		if err != nil {
			return nil, err
		}
		for _, i := range open[granted:] {
			plan[i].out = *notSent(reasonBudget, fmt.Sprintf("未发送：超出本组织每日短信额度（%d 条）", daily))
		}
		open = open[:granted]
	}
	now := s.clk.Now()
	for _, i := range open {
		plan[i].out, plan[i].runAt = outcome{state: stateQueued}, now
		if ch != SMS {
			continue // quiet hours hold SMS only: an e-mail waits in the mailbox anyway
		}
		if end, ok := prefsOf(all, fresh[i].To.ID).Quiet.until(now); ok {
			plan[i].out = outcome{state: stateDeferred, detail: "免打扰时段，将于 " + end.Format("01-02 15:04") + " 发送"}
			plan[i].runAt = end
		}
	}
	return plan, nil
}

// gate is why a recipient gets nothing on ch whatever the budget, or nil.
// E-mail without an address on file is settled here because the
// preferences are loaded anyway; it saves a job that could only say so.
func (s *Service) gate(ch, kind string, p prefs) *outcome {
	snd, on := s.cfg.SMS, p.SMS
	if ch == Email {
		snd, on = s.cfg.Email, p.Email
	}
	switch {
	case !on:
		return notSent(reasonOptedOut, "未发送：收件人已关闭"+channelName(ch)+"通知")
	case !configured(snd):
		return notSent(reasonNoChannel, "未发送：未配置"+channelName(ch)+"渠道")
	case ch == SMS && s.cfg.SMSTemplates[kind] == "":
		return notSent(reasonNoTemplate, "未发送：该类消息没有已审核的短信模板")
	case ch == Email && p.EmailSealed == "":
		return noContact(Email)
	}
	return nil
}

func noContact(ch string) *outcome {
	if ch == SMS {
		return notSent(reasonNoContact, "未发送：没有收件人的手机号码")
	}
	return notSent(reasonNoContact, "未发送：收件人未登记电子邮箱")
}

// deliveryColumns are written at queue time, 12 per row.
const deliveryColumns = `id, message_id, subject_id, channel, params, sender_org_id, state, reason, detail,
	next_at, created_at, updated_at`

// insertDeliveries writes the planned rows in one statement and enqueues a
// job for each new row that will be attempted.
func insertDeliveries(ctx context.Context, q db.Querier, m Message, ch, params string, plan []planned, now time.Time) error {
	args := make([]any, 0, len(plan)*12)
	for _, p := range plan {
		next := int64(0)
		if !p.runAt.IsZero() {
			next = ms(p.runAt)
		}
		args = append(args, p.id, p.messageID, m.SubjectID, ch, params, m.SenderOrgID,
			p.out.state, p.out.reason, p.out.detail, next, ms(now), ms(now))
	}
	rows, err := q.QueryContext(ctx, "INSERT INTO deliveries ("+deliveryColumns+") VALUES "+db.Rows(len(plan), 12)+
		" ON CONFLICT (message_id, channel) DO NOTHING RETURNING id", args...)
	if err != nil {
		return err
	}
	inserted := make(map[string]bool, len(plan))
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		inserted[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range plan { // in plan order: RETURNING gives none
		if !inserted[p.id] || p.runAt.IsZero() {
			continue
		}
		if _, err := jobs.Enqueue(ctx, q, deliverJob, p.id, map[string]string{"delivery": p.id}, p.runAt); err != nil {
			return err
		}
	}
	return nil
}

// ---- sending, on the job runner ----

// delivery is a delivery row with the message it carries.
type delivery struct {
	ID, Channel, Params, SenderOrg, State, Reason string
	CreatedAt                                     int64
	Recipient, Kind, SubjectID, Title, Body, Link string
}

func (s *Service) loadDelivery(ctx context.Context, id string) (delivery, error) {
	var d delivery
	err := s.db.QueryRowContext(ctx, `SELECT d.id, d.channel, d.params, d.sender_org_id, d.state, d.reason, d.created_at,
		m.recipient, m.kind, m.subject_id, m.title, m.body, m.link
		FROM deliveries d JOIN messages m ON m.id = d.message_id WHERE d.id = ?`, id).
		Scan(&d.ID, &d.Channel, &d.Params, &d.SenderOrg, &d.State, &d.Reason, &d.CreatedAt,
			&d.Recipient, &d.Kind, &d.SubjectID, &d.Title, &d.Body, &d.Link)
	return d, err
}

// runDelivery hands one delivery to its provider at most once. The state
// "sending" is committed before the provider is called, so a run that finds
// it (the process died mid-call, or after the call but before recording it)
// cannot know whether the message left and records "unknown" rather than
// risk a duplicate SMS. Temporary failures go back to "queued" and the
// returned error makes the runner retry with backoff.
func (s *Service) runDelivery(ctx context.Context, j jobs.Job) error {
	var p struct {
		Delivery string `json:"delivery"`
	}
	if err := j.Decode(&p); err != nil || p.Delivery == "" {
		return jobs.Permanent(errors.New("notify: bad delivery job payload"))
	}
	d, err := s.loadDelivery(ctx, p.Delivery)
	if db.IsNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	switch d.State {
	case stateSent, stateFailed, stateNotSent:
		return nil
	case stateSending:
		_, err := s.settle(ctx, d, outcome{state: stateFailed, reason: reasonUnknown,
			detail: "发送结果未知（发送时服务中断），为避免重复发送未自动重试"}, fromSending)
		return err
	}
	msg, snd, skip, err := s.compose(ctx, d)
	if err != nil {
		return s.composeFailed(ctx, d, j.Attempt, err)
	}
	if skip != nil {
		return s.skip(ctx, d, *skip)
	}
	if ok, err := s.claim(ctx, d.ID); err != nil || !ok {
		return err
	}
	res, sendErr := snd.Send(ctx, msg)
	return s.record(ctx, d, j.Attempt, res, sendErr, scrubber(msg.To))
}

// composeFailed lets the runner retry a delivery that could not be
// prepared (the directory or the database failed), and on the last attempt
// records it as failed so the log does not show it queued forever. The
// error itself is not stored: it may quote personal data.
func (s *Service) composeFailed(ctx context.Context, d delivery, attempt int, err error) error {
	if attempt < deliverAttempts {
		return err
	}
	_, serr := s.settle(ctx, d, outcome{state: stateFailed, reason: reasonExhausted,
		detail: "准备发送时多次出错，已放弃发送"}, fromPending)
	return errors.Join(err, serr)
}

// compose builds the provider message from the data as it is now, or says
// why nothing can be sent: the subject was withdrawn, the recipient opted
// out since, the channel or template went away, or there is no contact.
func (s *Service) compose(ctx context.Context, d delivery) (channel.Message, channel.Sender, *outcome, error) {
	var none channel.Message
	if gone, err := s.withdrawn(ctx, d.SubjectID); err != nil || gone {
		return none, nil, notSent(reasonWithdrawn, "未发送：消息已撤回"), err
	}
	p, err := loadPrefs(ctx, s.db, d.Recipient)
	if err != nil {
		return none, nil, nil, err
	}
	if d.Channel == SMS {
		return s.composeSMS(ctx, d, p)
	}
	return s.composeEmail(d, p)
}

// withdrawn reports whether the sender withdrew the subject meanwhile: its
// in-app copies are hidden, so an SMS or e-mail must not go out either.
func (s *Service) withdrawn(ctx context.Context, subjectID string) (bool, error) {
	if subjectID == "" {
		return false, nil
	}
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM message_subjects WHERE subject_id = ?", subjectID).Scan(&n)
	return n > 0, err
}

func (s *Service) composeSMS(ctx context.Context, d delivery, p prefs) (channel.Message, channel.Sender, *outcome, error) {
	var none channel.Message
	if o := s.gate(SMS, d.Kind, p); o != nil {
		return none, nil, o, nil
	}
	phone, err := s.dir.Phone(ctx, d.Recipient)
	if err != nil {
		return none, nil, nil, err
	}
	if phone = pii.NormalizePhone(phone); phone == "" {
		return none, nil, noContact(SMS), nil
	}
	var params map[string]string
	if d.Params != "" {
		if err := json.Unmarshal([]byte(d.Params), &params); err != nil {
			return none, nil, notSent(reasonBadParams, "未发送：短信模板参数无效"), nil
		}
	}
	return channel.Message{ID: d.ID, To: phone, Template: s.cfg.SMSTemplates[d.Kind], Params: params}, s.cfg.SMS, nil, nil
}

func (s *Service) composeEmail(d delivery, p prefs) (channel.Message, channel.Sender, *outcome, error) {
	var none channel.Message
	if o := s.gate(Email, d.Kind, p); o != nil {
		return none, nil, o, nil
	}
	addr, err := s.prot.Open(fieldEmail, p.EmailSealed)
	if err != nil {
		return none, nil, nil, err
	}
	body := d.Body
	if d.Link != "" {
		body = strings.TrimRight(body, "\n") + "\n\n查看详情：" + d.Link
	}
	return channel.Message{ID: d.ID, To: addr, Subject: s.cfg.EmailSubjectPrefix + d.Title, Body: body}, s.cfg.Email, nil, nil
}

// Conditions on the current state for settle: a provider's answer may also
// overwrite an "unknown" recorded by a run that took the job over meanwhile,
// since the answer is the truth.
const (
	fromPending = "state IN ('queued', 'deferred')"
	fromSending = "state = 'sending'"
	fromAnswer  = "(state = 'sending' OR (state = 'failed' AND reason = 'unknown_outcome'))"
)

// claim commits "sending" and counts the attempt before the provider is
// called; false when another run got there first.
func (s *Service) claim(ctx context.Context, id string) (bool, error) {
	res, err := s.db.ExecContext(ctx, "UPDATE deliveries SET state = ?, reason = '', attempts = attempts + 1, updated_at = ? WHERE id = ? AND "+fromPending,
		stateSending, ms(s.clk.Now()), id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// settle moves d to o if its state still matches from, reporting whether it did.
func (s *Service) settle(ctx context.Context, d delivery, o outcome, from string) (bool, error) {
	return settleIn(ctx, s.db, d.ID, o, from, ms(s.clk.Now()))
}

func settleIn(ctx context.Context, q db.Querier, id string, o outcome, from string, now int64) (bool, error) {
	res, err := q.ExecContext(ctx, "UPDATE deliveries SET state = ?, reason = ?, detail = ?, provider_id = ?, updated_at = ? WHERE id = ? AND "+from,
		o.state, o.reason, truncate(o.detail), o.providerID, now, id)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// skip records that d will not be sent; an SMS gives its reserved budget
// back, in the same transaction so it is refunded once.
func (s *Service) skip(ctx context.Context, d delivery, o outcome) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		ok, err := settleIn(ctx, tx, d.ID, o, fromPending, ms(s.clk.Now()))
		if err != nil || !ok || d.Channel != SMS {
			return err
		}
		return refundSMS(ctx, tx, d.SenderOrg, d.CreatedAt)
	})
}

// record keeps the provider's answer. Only a temporary failure before the
// last attempt returns an error (scrubbed: the runner logs it and keeps it
// in the job row), so the runner retries.
func (s *Service) record(ctx context.Context, d delivery, attempt int, res channel.Result, sendErr error, scrub func(string) string) error {
	var o outcome
	var retry error
	switch {
	case sendErr == nil:
		o = outcome{state: stateSent, providerID: res.ProviderID, detail: scrub(res.Raw)}
	case errors.Is(sendErr, channel.ErrNotConfigured):
		o = *notSent(reasonNoChannel, "未发送：未配置"+channelName(d.Channel)+"渠道")
	case channel.IsPermanent(sendErr):
		o = outcome{state: stateFailed, reason: reasonRejected, detail: "发送失败：" + scrub(describe(sendErr))}
	case attempt >= deliverAttempts:
		o = outcome{state: stateFailed, reason: reasonExhausted,
			detail: fmt.Sprintf("重试 %d 次仍失败：%s", attempt, scrub(describe(sendErr)))}
	default:
		msg := scrub(describe(sendErr))
		o = outcome{state: stateQueued, detail: fmt.Sprintf("第 %d 次发送临时失败，将自动重试：%s", attempt, msg)}
		retry = errors.New("notify: delivery failed temporarily: " + msg)
	}
	if _, err := s.settle(ctx, d, o, fromAnswer); err != nil {
		return errors.Join(err, retry)
	}
	return retry
}

// describe is a provider error for the log: "code：message" for a
// SendError (whose wrapped transport error may carry the request URL, and
// with it the phone number), else the error text.
func describe(err error) string {
	var se *channel.SendError
	if errors.As(err, &se) {
		return se.Code + "：" + se.Message
	}
	return err.Error()
}

// maxDetail bounds a stored detail (a provider's raw answer can be long).
const maxDetail = 500

func truncate(s string) string {
	r := []rune(s)
	if len(r) <= maxDetail {
		return s
	}
	return string(r[:maxDetail]) + "…"
}

var (
	digitRun  = regexp.MustCompile(`\+?[0-9]{11,}`)
	emailLike = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
)

// scrubber masks personal data in provider answers before they are stored
// or logged (SECURITY.md): the recipient's own address wherever it appears,
// and anything else shaped like a mobile number or an e-mail address
// (Tencent echoes the number; SMTP servers echo the mailbox).
func scrubber(to string) func(string) string {
	return func(s string) string {
		if to != "" {
			s = strings.ReplaceAll(s, to, maskContact(to))
		}
		s = emailLike.ReplaceAllStringFunc(s, maskEmail)
		return digitRun.ReplaceAllStringFunc(s, maskPhoneRun)
	}
}

func maskContact(to string) string {
	if strings.Contains(to, "@") {
		return maskEmail(to)
	}
	return pii.MaskPhone(to)
}

// maskPhoneRun masks a whole run of digits that is a mobile number, bare or
// with its country code ("+86", "86"); longer runs (ids, timestamps) that
// merely contain eleven digits starting with 1 stay as they are.
func maskPhoneRun(run string) string {
	digits := strings.TrimPrefix(run, "+")
	prefix := run[:len(run)-len(digits)]
	if len(digits) == 13 && strings.HasPrefix(digits, "86") {
		prefix, digits = prefix+"86", digits[2:]
	}
	if len(digits) != 11 || pii.ValidatePhone(digits) != nil {
		return run
	}
	return prefix + pii.MaskPhone(digits)
}

// DeliveryCounts counts the deliveries about a subject by state, so the
// capability that sent it can show its sender what failed or was not sent.
func (s *Service) DeliveryCounts(ctx context.Context, subjectID string) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT state, COUNT(*) FROM deliveries WHERE subject_id = ? GROUP BY state", subjectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, err
		}
		out[state] = n
	}
	return out, rows.Err()
}
