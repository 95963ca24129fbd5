package archive

import (
	"context"

	"dangjian/internal/platform/db"
)

// entry is a row of archive_entries (see Migrations).
type entry struct {
	MemberID, Source, Ref string
	Year                  int
	On, Code, Label       string
	Status, Title, Month  string
	AmountFen             int64
	Months                int
	OnTime                bool
	Note, UndoneOn        string
	Version               int64
	// undoOnly: a dues reversal, which only marks its payment's row.
	undoOnly bool
}

type entryKey struct{ member, source, ref string }

func (e entry) key() entryKey { return entryKey{e.MemberID, e.Source, e.Ref} }

// entrySet gathers a batch's entries, one per key (PostgreSQL refuses an
// upsert that touches a row twice), merged as the table would merge them.
type entrySet struct {
	byKey map[entryKey]*entry
	order []entryKey
}

func newEntrySet() *entrySet { return &entrySet{byKey: map[entryKey]*entry{}} }

func (s *entrySet) add(e entry) {
	k := e.key()
	old, ok := s.byKey[k]
	switch {
	case !ok:
		s.byKey[k] = &e
		s.order = append(s.order, k)
	case e.undoOnly:
		old.UndoneOn = e.UndoneOn
	case old.undoOnly || e.Version > old.Version:
		if e.UndoneOn == "" {
			e.UndoneOn = old.UndoneOn
		}
		*old = e
	}
}

const entryColumns = `member_id, source, ref, year, on_date, code, label, status, title, month, amount_fen, months,
	on_time, note, undone_on, version`

// Rows take a later event only; a reversal survives the payment being
// written again.
const upsertLatest = ` ON CONFLICT (member_id, source, ref) DO UPDATE SET year = excluded.year,
	on_date = excluded.on_date, code = excluded.code, label = excluded.label, status = excluded.status,
	title = excluded.title, month = excluded.month, amount_fen = excluded.amount_fen, months = excluded.months,
	on_time = excluded.on_time, note = excluded.note, version = excluded.version,
	undone_on = CASE WHEN excluded.undone_on <> '' THEN excluded.undone_on ELSE archive_entries.undone_on END
	WHERE archive_entries.version < excluded.version
	OR (archive_entries.undone_on = '' AND excluded.undone_on <> '')`

// A reversal marks the payment's row once and changes nothing else.
const upsertUndo = ` ON CONFLICT (member_id, source, ref) DO UPDATE SET undone_on = excluded.undone_on
	WHERE archive_entries.undone_on = ''`

// insertChunk keeps a multi-row upsert well inside PostgreSQL's parameter
// limit.
const insertChunk = 500

func (s *entrySet) write(ctx context.Context, tx *db.Tx) error {
	var latest, undo []*entry
	for _, k := range s.order {
		if e := s.byKey[k]; e.undoOnly {
			undo = append(undo, e)
		} else {
			latest = append(latest, e)
		}
	}
	if err := upsert(ctx, tx, latest, upsertLatest); err != nil {
		return err
	}
	return upsert(ctx, tx, undo, upsertUndo)
}

func upsert(ctx context.Context, tx *db.Tx, rows []*entry, conflict string) error {
	const k = 16
	for len(rows) > 0 {
		n := min(len(rows), insertChunk)
		args := make([]any, 0, n*k)
		for _, e := range rows[:n] {
			args = append(args, e.MemberID, e.Source, e.Ref, e.Year, e.On, e.Code, e.Label, e.Status, e.Title,
				e.Month, e.AmountFen, e.Months, boolInt(e.OnTime), e.Note, e.UndoneOn, e.Version)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO archive_entries ("+entryColumns+") VALUES "+
			db.Rows(n, k)+conflict, args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// entriesWhere reads the entries matching where, in no particular order.
func entriesWhere(ctx context.Context, q db.Querier, where string, args ...any) ([]entry, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+entryColumns+" FROM archive_entries WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []entry
	for rows.Next() {
		var e entry
		var onTime int
		if err := rows.Scan(&e.MemberID, &e.Source, &e.Ref, &e.Year, &e.On, &e.Code, &e.Label, &e.Status, &e.Title,
			&e.Month, &e.AmountFen, &e.Months, &onTime, &e.Note, &e.UndoneOn, &e.Version); err != nil {
			return nil, err
		}
		e.OnTime = onTime == 1
		out = append(out, e)
	}
	return out, rows.Err()
}
