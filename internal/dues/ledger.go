package dues

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/settings"
)

// Entry kinds of the ledger.
const (
	kindCharge    = "charge"    // due_fen = what a member owes for a month
	kindPayment   = "payment"   // paid_fen = what was paid for a month
	kindVoluntary = "voluntary" // 自愿多交: not dues for a month
	kindReversal  = "reversal"  // negates one earlier entry (reverses_id)
)

// entry is one ledger row. Callers fill what the entry says; appendEntries
// fills the rest (ID, Seq, Period, At, actor, hashes).
type entry struct {
	ID, OrgID, OrgPath string
	Seq                int64
	MemberID           string
	Month, Period      rules.Month
	Kind               string
	DueFen, PaidFen    int64
	Category           string
	BaseFen            int64
	Rule               string
	Method, Reference  string
	ReceiptID          string
	ReversesID         string
	ToCentre           bool
	Note               string
	ActorID, ActorName string
	At                 int64
	PrevHash, Hash     string
	// voluntary marks a voluntary payment or its reversal: not dues for a
	// month, so not in dues_member_months / dues_tree_months.
	voluntary bool
}

// digest chains the entry to its predecessor in its org's ledger: any
// edited field, removed row or reordering changes every later hash. Each
// field is written "len:value|" (as the audit log's digest), built in one
// buffer: a month's posting hashes a million entries.
func (e *entry) digest() string {
	b := make([]byte, 0, 512)
	for _, f := range []string{e.ID, e.OrgID, e.OrgPath, strconv.FormatInt(e.Seq, 10), e.MemberID,
		strconv.Itoa(int(e.Month)), strconv.Itoa(int(e.Period)), e.Kind, strconv.FormatInt(e.DueFen, 10),
		strconv.FormatInt(e.PaidFen, 10), e.Category, strconv.FormatInt(e.BaseFen, 10), e.Rule, e.Method,
		e.Reference, e.ReceiptID, e.ReversesID, strconv.FormatBool(e.ToCentre), e.Note, e.ActorID, e.ActorName,
		strconv.FormatInt(e.At, 10), e.PrevHash} {
		b = strconv.AppendInt(b, int64(len(f)), 10)
		b = append(b, ':')
		b = append(b, f...)
		b = append(b, '|')
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// entryCols are the columns of dues_entries, in scan order.
var entryCols = cols(`id org_id org_path seq:int member_id month:int period:int kind due_fen:int paid_fen:int
	category base_fen:int rule method reference receipt_id reverses_id to_centre:int note actor_id actor_name
	at:int prev_hash hash`)

// entryColumns lists the columns of dues_entries, each prefixed with alias.
func entryColumns(alias string) string { return entryCols.list(alias) }

func (e *entry) values() []any {
	return []any{e.ID, e.OrgID, e.OrgPath, e.Seq, e.MemberID, int(e.Month), int(e.Period), e.Kind, e.DueFen,
		e.PaidFen, e.Category, e.BaseFen, e.Rule, e.Method, e.Reference, e.ReceiptID, e.ReversesID,
		boolInt(e.ToCentre), e.Note, e.ActorID, e.ActorName, e.At, e.PrevHash, e.Hash}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// appendEntries is the one way into the ledger. Inside tx it locks the chain
// head of every org concerned, files each entry in its org's open period,
// chains it, inserts all in bulk and adds them to the running sums.
func (s *Service) appendEntries(ctx context.Context, tx *db.Tx, entries []entry) error {
	if len(entries) == 0 {
		return nil
	}
	orgIDs := make([]string, 0, 4)
	for _, e := range entries {
		orgIDs = append(orgIDs, e.OrgID)
	}
	slices.Sort(orgIDs)
	orgIDs = slices.Compact(orgIDs)
	heads, err := s.lockChains(ctx, tx, orgIDs)
	if err != nil {
		return err
	}
	// After the locks: a period closed by a writer that held them is seen.
	periods, err := s.openPeriods(ctx, tx, orgIDs)
	if err != nil {
		return err
	}
	now := s.clk.Now()
	actor, actorN := actorID(ctx), authz.ActorName(ctx, "系统")
	args := make([]any, 0, len(entries)*len(entryCols.names))
	for i := range entries {
		e := &entries[i]
		h := heads[e.OrgID]
		if e.ID == "" {
			e.ID = ids.At(now)
		}
		e.Seq, e.PrevHash, e.Period, e.At = h.seq+1, h.hash, periods[e.OrgID], now.UnixMilli()
		e.ActorID, e.ActorName = actor, actorN
		e.Hash = e.digest()
		heads[e.OrgID] = chainHead{seq: e.Seq, hash: e.Hash}
		args = append(args, e.values()...)
	}
	if err := insertRows(ctx, tx, "dues_entries", entryCols, args, ""); err != nil {
		return err
	}
	if err := saveChains(ctx, tx, heads); err != nil {
		return err
	}
	return addSums(ctx, tx, entries)
}

var chainCols = cols("org_id seq:int hash")

// chainHead is the last seq and hash of an org's ledger.
type chainHead struct {
	seq  int64
	hash string
}

// lockChains takes the row locks on the chain heads of orgIDs, in ID order
// so that concurrent writers never deadlock, creating missing heads first so
// that even an org's first entries are serialized, and returns the heads.
// Whoever reads balances to decide what to append takes them first.
func (s *Service) lockChains(ctx context.Context, tx *db.Tx, orgIDs []string) (map[string]chainHead, error) {
	orgIDs = slices.Compact(slices.Sorted(slices.Values(orgIDs)))
	heads := make(map[string]chainHead, len(orgIDs))
	err := eachChunk(orgIDs, func(part []string) error {
		args := make([]any, 0, len(part)*3)
		for _, id := range part {
			args = append(args, id, int64(0), "")
		}
		if err := insertRows(ctx, tx, "dues_chain", chainCols, args, " ON CONFLICT (org_id) DO NOTHING"); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT org_id, seq, hash FROM dues_chain WHERE org_id IN ("+
			db.Placeholders(len(part))+") ORDER BY org_id"+tx.ForUpdate(), db.Strings(part)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var h chainHead
			if err := rows.Scan(&id, &h.seq, &h.hash); err != nil {
				return err
			}
			heads[id] = h
		}
		return rows.Err()
	})
	return heads, err
}

func saveChains(ctx context.Context, tx *db.Tx, heads map[string]chainHead) error {
	args := make([]any, 0, len(heads)*3)
	for id, h := range heads {
		args = append(args, id, h.seq, h.hash)
	}
	return insertRows(ctx, tx, "dues_chain", chainCols, args,
		" ON CONFLICT (org_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash")
}

var (
	memberMonthCols = cols("member_id month:int org_id org_path category due_fen:int paid_fen:int")
	treeMonthCols   = cols("org_id month:int category due_fen:int paid_fen:int")
)

type memberMonth struct {
	member string
	month  rules.Month
}

type orgMonth struct {
	org      string
	month    rules.Month
	category string
}

// sums is what a set of entries adds to one running-sum row.
type sums struct {
	orgID, orgPath, category string
	due, paid                int64
}

// addSums adds the entries (voluntary payments aside) to dues_member_months
// and dues_tree_months (the branch and each of its ancestors), aggregated
// first: one upsert may not touch a row twice. Rows are written in key
// order, so concurrent postings and payments lock shared ancestor rows in
// the same order and cannot deadlock.
func addSums(ctx context.Context, tx *db.Tx, entries []entry) error {
	members := map[memberMonth]*sums{}
	orgs := map[orgMonth]*sums{}
	for _, e := range entries {
		if e.voluntary {
			continue
		}
		add := func(s *sums) { s.due += e.DueFen; s.paid += e.PaidFen }
		mk, ok := members[memberMonth{e.MemberID, e.Month}]
		if !ok {
			mk = &sums{orgID: e.OrgID, orgPath: e.OrgPath, category: e.Category}
			members[memberMonth{e.MemberID, e.Month}] = mk
		}
		add(mk)
		for _, org := range settings.PathIDs(e.OrgPath) {
			k := orgMonth{org, e.Month, e.Category}
			if orgs[k] == nil {
				orgs[k] = &sums{}
			}
			add(orgs[k])
		}
	}
	margs := make([]any, 0, len(members)*7)
	for _, k := range sortedKeys(members, func(a, b memberMonth) int {
		return cmp.Or(strings.Compare(a.member, b.member), cmp.Compare(a.month, b.month))
	}) {
		v := members[k]
		margs = append(margs, k.member, int(k.month), v.orgID, v.orgPath, v.category, v.due, v.paid)
	}
	if err := insertRows(ctx, tx, "dues_member_months", memberMonthCols, margs, ` ON CONFLICT (member_id, month) DO UPDATE SET
		due_fen = dues_member_months.due_fen + excluded.due_fen,
		paid_fen = dues_member_months.paid_fen + excluded.paid_fen`); err != nil {
		return err
	}
	oargs := make([]any, 0, len(orgs)*5)
	for _, k := range sortedKeys(orgs, func(a, b orgMonth) int {
		return cmp.Or(strings.Compare(a.org, b.org), cmp.Compare(a.month, b.month), strings.Compare(a.category, b.category))
	}) {
		v := orgs[k]
		oargs = append(oargs, k.org, int(k.month), k.category, v.due, v.paid)
	}
	return insertRows(ctx, tx, "dues_tree_months", treeMonthCols, oargs, ` ON CONFLICT (org_id, month, category) DO UPDATE SET
		due_fen = dues_tree_months.due_fen + excluded.due_fen,
		paid_fen = dues_tree_months.paid_fen + excluded.paid_fen`)
}

func sortedKeys[K comparable, V any](m map[K]V, order func(a, b K) int) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, order)
	return keys
}
