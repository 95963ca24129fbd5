// Package audit is the append-only, tamper-evident record of every write,
// sign-in, authorization failure, reveal and export (等保 2.0 安全审计).
// Record writes in the caller's transaction, so if the audit row cannot be
// written the operation itself fails.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
)

// Results of an audited action.
const (
	OK     = "ok"
	Denied = "denied"
	Failed = "failed"
)

// Entry is one audited action. Before and After are marshalled to JSON and
// must carry masked personal data only.
type Entry struct {
	Action     string // e.g. "member.create", "auth.login"
	TargetType string
	TargetID   string
	Result     string // OK when empty
	Before     any
	After      any
	// ActorName overrides the name taken from the principal, e.g. the
	// username typed in a failed sign-in.
	ActorName string
}

// Record appends e to the chain inside q (a transaction for writes), with
// the actor and client IP taken from ctx.
func Record(ctx context.Context, q db.Querier, e Entry) error {
	return RecordAt(ctx, q, time.Now(), e)
}

// RecordAt is Record with an explicit time (for an injected clock).
func RecordAt(ctx context.Context, q db.Querier, at time.Time, e Entry) error {
	row, err := newRow(ctx, at, e)
	if err != nil {
		return err
	}
	// Bumping the head first takes its row lock on PostgreSQL, so concurrent
	// writers chain one after another instead of forking the chain.
	if _, err := q.ExecContext(ctx, "UPDATE audit_head SET seq = seq + 1 WHERE id = 1"); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if err := q.QueryRowContext(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&row.Seq, &row.PrevHash); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	row.Hash = row.digest()
	if _, err := q.ExecContext(ctx, `INSERT INTO audit_log (seq, at, actor_id, actor_name, ip, action,
		target_type, target_id, result, before_json, after_json, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		row.Seq, row.At, row.ActorID, row.ActorName, row.IP, row.Action, row.TargetType, row.TargetID,
		row.Result, row.Before, row.After, row.PrevHash, row.Hash); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if _, err := q.ExecContext(ctx, "UPDATE audit_head SET hash = ? WHERE id = 1", row.Hash); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// Row is a stored audit record.
type Row struct {
	Seq        int64  `json:"seq"`
	At         int64  `json:"-"`
	ActorID    string `json:"actor_id"`
	ActorName  string `json:"actor_name"`
	IP         string `json:"ip"`
	Action     string `json:"action"`
	TargetType string `json:"target_type"`
	TargetID   string `json:"target_id"`
	Result     string `json:"result"`
	Before     string `json:"before"`
	After      string `json:"after"`
	PrevHash   string `json:"-"`
	Hash       string `json:"hash"`
}

func newRow(ctx context.Context, at time.Time, e Entry) (*Row, error) {
	before, err := marshal(e.Before)
	if err != nil {
		return nil, err
	}
	after, err := marshal(e.After)
	if err != nil {
		return nil, err
	}
	r := &Row{At: at.UnixMilli(), IP: authz.ClientIP(ctx), Action: e.Action, TargetType: e.TargetType,
		TargetID: e.TargetID, Result: e.Result, Before: before, After: after, ActorName: e.ActorName}
	if r.Result == "" {
		r.Result = OK
	}
	if p := authz.From(ctx); p != nil {
		r.ActorID = p.AccountID
		if r.ActorName == "" {
			r.ActorName = p.Username
		}
	}
	return r, nil
}

func marshal(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// digest chains the record to its predecessor: any edited field, removed
// row or reordering changes every later hash.
func (r *Row) digest() string {
	h := sha256.New()
	for _, f := range []string{strconv.FormatInt(r.Seq, 10), strconv.FormatInt(r.At, 10), r.ActorID,
		r.ActorName, r.IP, r.Action, r.TargetType, r.TargetID, r.Result, r.Before, r.After, r.PrevHash} {
		fmt.Fprintf(h, "%d:%s|", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}
