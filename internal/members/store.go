package members

import (
	"context"
	"fmt"

	"dangjian/internal/platform/db"
)

// memberCols lists the members columns in record order.
const memberCols = `id, org_id, org_path, name, gender, ethnicity, birth_date,
	id_number_sealed, id_number_index, id_number_masked, phone_sealed, phone_index, phone_masked,
	address_sealed, address_masked, education, category, status, joined_on, full_member_on,
	state, ended_kind, ended_on, ended_reason, created_at, updated_at, version`

// nMemberCols is the number of columns in memberCols.
const nMemberCols = 27

type scanner interface{ Scan(dest ...any) error }

func scanRecord(s scanner) (record, error) {
	var r record
	err := s.Scan(&r.ID, &r.OrgID, &r.OrgPath, &r.Name, &r.Gender, &r.Ethnicity, &r.BirthDate,
		&r.IDSealed, &r.IDIndex, &r.IDMasked, &r.PhoneSealed, &r.PhoneIndex, &r.PhoneMasked,
		&r.AddrSealed, &r.AddrMasked, &r.Education, &r.Category, &r.Status, &r.JoinedOn, &r.FullMemberOn,
		&r.State, &r.EndedKind, &r.EndedOn, &r.EndedReason, &r.CreatedAt, &r.UpdatedAt, &r.Version)
	return r, err
}

func (r record) values() []any {
	return []any{r.ID, r.OrgID, r.OrgPath, r.Name, r.Gender, r.Ethnicity, r.BirthDate,
		r.IDSealed, r.IDIndex, r.IDMasked, r.PhoneSealed, r.PhoneIndex, r.PhoneMasked,
		r.AddrSealed, r.AddrMasked, r.Education, r.Category, r.Status, r.JoinedOn, r.FullMemberOn,
		r.State, r.EndedKind, r.EndedOn, r.EndedReason, r.CreatedAt, r.UpdatedAt, r.Version}
}

// queryRecords runs "SELECT memberCols FROM members " + rest.
func queryRecords(ctx context.Context, q db.Querier, rest string, args ...any) ([]record, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+memberCols+" FROM members "+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// getRecord loads one member (db.ErrNoRows when unknown).
func getRecord(ctx context.Context, q db.Querier, id string) (record, error) {
	return scanRecord(q.QueryRowContext(ctx, "SELECT "+memberCols+" FROM members WHERE id = ?", id))
}

// insertChunk bounds multi-row statements: 500 rows × 27 columns stays far
// below PostgreSQL's 65,535 and SQLite's 32,766 parameters.
const insertChunk = 500

// insertRecords writes rs with multi-row INSERTs (one round trip per 500).
func insertRecords(ctx context.Context, q db.Querier, rs []record) error {
	for len(rs) > 0 {
		n := min(len(rs), insertChunk)
		args := make([]any, 0, n*nMemberCols)
		for _, r := range rs[:n] {
			args = append(args, r.values()...)
		}
		stmt := "INSERT INTO members (" + memberCols + ") VALUES " + db.Rows(n, nMemberCols)
		if _, err := q.ExecContext(ctx, stmt, args...); err != nil {
			return fmt.Errorf("insert members: %w", err)
		}
		rs = rs[n:]
	}
	return nil
}

// updateRecord writes r's editable columns if its version is still
// expected; it reports false when someone else changed the row first.
func updateRecord(ctx context.Context, q db.Querier, r record, expected int) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE members SET org_id = ?, org_path = ?, name = ?, gender = ?,
		ethnicity = ?, birth_date = ?, id_number_sealed = ?, id_number_index = ?, id_number_masked = ?,
		phone_sealed = ?, phone_index = ?, phone_masked = ?, address_sealed = ?, address_masked = ?,
		education = ?, category = ?, status = ?, joined_on = ?, full_member_on = ?, state = ?,
		ended_kind = ?, ended_on = ?, ended_reason = ?, updated_at = ?, version = ?
		WHERE id = ? AND version = ?`,
		r.OrgID, r.OrgPath, r.Name, r.Gender, r.Ethnicity, r.BirthDate, r.IDSealed, r.IDIndex, r.IDMasked,
		r.PhoneSealed, r.PhoneIndex, r.PhoneMasked, r.AddrSealed, r.AddrMasked, r.Education, r.Category,
		r.Status, r.JoinedOn, r.FullMemberOn, r.State, r.EndedKind, r.EndedOn, r.EndedReason,
		r.UpdatedAt, r.Version, r.ID, expected)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// byIDIndex loads the members whose ID-number blind index is in idx, in
// chunks (one round trip per 500), keyed by index.
func byIDIndex(ctx context.Context, q db.Querier, idx []string) (map[string]record, error) {
	out := make(map[string]record, len(idx))
	for len(idx) > 0 {
		n := min(len(idx), insertChunk)
		list, err := queryRecords(ctx, q, "WHERE id_number_index IN ("+db.Placeholders(n)+")", db.Strings(idx[:n])...)
		if err != nil {
			return nil, err
		}
		for _, r := range list {
			out[r.IDIndex] = r
		}
		idx = idx[n:]
	}
	return out, nil
}

// idNumberTaken reports whether another member holds the ID number.
func idNumberTaken(ctx context.Context, q db.Querier, index, exceptID string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM members WHERE id_number_index = ? AND id <> ?",
		index, exceptID).Scan(&n)
	return n > 0, err
}
