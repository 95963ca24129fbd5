package notify

import (
	"context"
	"errors"
	"strings"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
)

// Channels besides in-app, which every message always uses.
const (
	SMS   = "sms"
	Email = "email"
)

// Message is one thing to tell some people. Key makes the send exactly-once:
// each recipient's copy is keyed Key + ":" + recipient, so sending the same
// Message again (a retried job, a second server, a restart mid-send) adds
// nothing for the recipients already reached.
type Message struct {
	Key         string
	Kind        string // e.g. "notice", "term_end", "political_birthday"
	SubjectID   string // what it is about (a notice, an org, a member)
	SenderOrgID string // whose name it goes out in; SMS counts against its budget
	Title       string
	Body        string
	Link        string // the UI route it opens, e.g. "/notices/01J..."
	AckRequired bool   // the recipient is asked to confirm receipt (回执)
	Tally       bool   // keep per-organization read counts for the subject
	// Channels asked for besides in-app (SMS, Email); each recipient's
	// preferences may decline them.
	Channels []string
	// Params fill the SMS template of Kind (and are listed in the e-mail).
	Params map[string]string
	To     []Recipient
	// ToOfficersOf adds the officers of these organizations (see
	// Directory.Officers), resolved when the message is sent.
	ToOfficersOf []string
}

func (m Message) validate() error {
	switch {
	case m.Key == "" || m.Kind == "" || m.Title == "":
		return errors.New("notify: a message needs a key, a kind and a title")
	case strings.Contains(m.Key, "\x00"):
		return errors.New("notify: bad key")
	}
	for _, c := range m.Channels {
		if c != SMS && c != Email {
			return errors.New("notify: unknown channel " + c)
		}
	}
	return nil
}

// Send delivers m to its recipients inside q (the caller's transaction, so
// the messages exist exactly when the change that caused them does). It
// returns how many copies were new. External channels are queued as
// deliveries and sent by the job runner after commit.
func (s *Service) Send(ctx context.Context, q db.Querier, m Message) (int, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	for _, org := range m.ToOfficersOf {
		officers, err := s.dir.Officers(ctx, org)
		if err != nil {
			return 0, err
		}
		m.To = append(m.To, officers...)
	}
	added := 0
	for start := 0; start < len(m.To); start += insertBatch {
		batch := m.To[start:min(start+insertBatch, len(m.To))]
		fresh, err := s.insert(ctx, q, m, batch)
		if err != nil {
			return added, err
		}
		if err := s.queueDeliveries(ctx, q, m, fresh); err != nil {
			return added, err
		}
		added += len(fresh)
	}
	if len(m.Channels) > 0 {
		s.wake()
	}
	return added, nil
}

// insertBatch bounds one multi-row INSERT (well under PostgreSQL's 65535
// parameters at 13 per row).
const insertBatch = 1000

// stored is a message copy that was new, with its recipient.
type stored struct {
	ID string
	To Recipient
}

// insert writes one copy per recipient, skipping keys already present, and
// counts the new ones in the tallies. It returns the new copies.
func (s *Service) insert(ctx context.Context, q db.Querier, m Message, to []Recipient) ([]stored, error) {
	now := ms(s.clk.Now())
	args := make([]any, 0, len(to)*13)
	byKey := make(map[string]stored, len(to))
	for _, r := range dedupe(to) {
		id, key := ids.New(), m.Key+":"+r.ID
		byKey[key] = stored{ID: id, To: r}
		args = append(args, id, key, r.ID, r.OrgID, r.OrgPath, m.SenderOrgID, m.Kind, m.SubjectID,
			m.Title, m.Body, m.Link, boolInt(m.AckRequired), now)
	}
	rows, err := q.QueryContext(ctx, `INSERT INTO messages (id, idem_key, recipient, org_id, org_path,
		sender_org_id, kind, subject_id, title, body, link, ack_required, created_at)
		VALUES `+db.Rows(len(byKey), 13)+` ON CONFLICT (idem_key) DO NOTHING RETURNING idem_key`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var fresh []stored
	for rows.Next() {
		var key string
		if err := rows.Scan(&key); err != nil {
			return nil, err
		}
		fresh = append(fresh, byKey[key])
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if m.Tally {
		return fresh, addTotals(ctx, q, m, fresh)
	}
	return fresh, nil
}

// dedupe drops repeated recipients (one copy each; a repeated key in one
// INSERT would fail on PostgreSQL's ON CONFLICT).
func dedupe(to []Recipient) []Recipient {
	seen := make(map[string]bool, len(to))
	out := to[:0:0]
	for _, r := range to {
		if r.ID != "" && !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r)
		}
	}
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
