package dues

import (
	"context"
	"unicode/utf8"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// States of a remittance.
const (
	stateSent      = "sent"      // sent by the lower org when it closed the period
	stateConfirmed = "confirmed" // the upper org confirmed receipt
)

// Remittance is what an org passed up to its upper org for a closed period.
// Counted is the upper org's period it was counted in when confirmed.
type Remittance struct {
	ID          string `json:"id"`
	FromOrgID   string `json:"from_org_id"`
	FromOrgName string `json:"from_org_name"`
	ToOrgID     string `json:"to_org_id"`
	ToOrgName   string `json:"to_org_name"`
	Period      string `json:"period"`
	Money
	RetainBP    int    `json:"retain_bp"`
	State       string `json:"state"`
	SentAt      int64  `json:"sent_at"`
	SentBy      string `json:"sent_by"`
	Counted     string `json:"counted_period"`
	ConfirmedAt int64  `json:"confirmed_at"`
	ConfirmedBy string `json:"confirmed_by"`
	Note        string `json:"note"`
	period      rules.Month
}

const remittanceColumns = `id, from_org_id, to_org_id, period, collected_fen, received_fen, retain_bp, retained_fen,
	remitted_fen, centre_fen, state, sent_at, sent_by, counted_period, confirmed_at, confirmed_by, note`

func scanRemittance(r scanner) (Remittance, error) {
	var x Remittance
	var period, counted int
	err := r.Scan(&x.ID, &x.FromOrgID, &x.ToOrgID, &period, &x.CollectedFen, &x.ReceivedFen, &x.RetainBP,
		&x.RetainedFen, &x.RemittedFen, &x.CentreFen, &x.State, &x.SentAt, &x.SentBy, &counted, &x.ConfirmedAt,
		&x.ConfirmedBy, &x.Note)
	x.period = rules.Month(period)
	x.Period = x.period.String()
	if counted > 0 {
		x.Counted = rules.Month(counted).String()
	}
	return x, err
}

func insertRemittance(ctx context.Context, tx *db.Tx, fromPath string, x Remittance) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO dues_remittances (id, from_org_id, from_org_path, to_org_id, period,
		collected_fen, received_fen, retain_bp, retained_fen, remitted_fen, centre_fen, state, sent_at, sent_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, x.ID, x.FromOrgID, fromPath, x.ToOrgID, int(x.period),
		x.CollectedFen, x.ReceivedFen, x.RetainBP, x.RetainedFen, x.RemittedFen, x.CentreFen, x.State, x.SentAt, x.SentBy)
	return err
}

// Remittances are an org's incoming (from its lower orgs) and outgoing
// remittances of the periods of a year, latest first.
type Remittances struct {
	Incoming []Remittance `json:"incoming"`
	Outgoing []Remittance `json:"outgoing"`
}

func (s *Service) remittances(ctx context.Context, org OrgRef, year int) (Remittances, error) {
	from, to := rules.MonthOf(year, 1), rules.MonthOf(year, 12)
	list := func(col string) ([]Remittance, error) {
		rows, err := s.db.QueryContext(ctx, "SELECT "+remittanceColumns+" FROM dues_remittances WHERE "+col+
			" = ? AND period BETWEEN ? AND ? ORDER BY period DESC, from_org_id", org.ID, int(from), int(to))
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := []Remittance{}
		for rows.Next() {
			x, err := scanRemittance(rows)
			if err != nil {
				return nil, err
			}
			out = append(out, x)
		}
		return out, rows.Err()
	}
	var out Remittances
	var err error
	if out.Incoming, err = list("to_org_id"); err != nil {
		return out, err
	}
	if out.Outgoing, err = list("from_org_id"); err != nil {
		return out, err
	}
	if err := s.nameRemittances(ctx, out.Incoming); err != nil {
		return out, err
	}
	return out, s.nameRemittances(ctx, out.Outgoing)
}

// nameRemittances fills in the names of the orgs of list.
func (s *Service) nameRemittances(ctx context.Context, list []Remittance) error {
	if len(list) == 0 {
		return nil
	}
	var orgIDs []string
	for _, x := range list {
		orgIDs = append(orgIDs, x.FromOrgID, x.ToOrgID)
	}
	names, err := s.dir.Names(ctx, orgIDs)
	for i := range list {
		list[i].FromOrgName, list[i].ToOrgName = names[list[i].FromOrgID], names[list[i].ToOrgID]
	}
	return err
}

// Confirm records that the upper org received a remittance; only someone
// who manages dues at the receiving org may (anyone else: not found). It is
// counted in the remittance's own period at the receiving org, or, when the
// receiving org has closed that one already, in the period after its last
// closed one: never in a closed period.
func (s *Service) Confirm(ctx context.Context, id, note string) (Remittance, error) {
	x, err := scanRemittance(s.db.QueryRowContext(ctx, "SELECT "+remittanceColumns+
		" FROM dues_remittances WHERE id = ?", id))
	if db.IsNoRows(err) {
		return x, httpx.NotFound()
	}
	if err != nil {
		return x, err
	}
	to, err := s.scopedOrg(ctx, x.ToOrgID, authz.DuesManage)
	if err != nil {
		return x, err
	}
	if utf8.RuneCountInString(note) > maxNoteLen {
		return x, (&httpx.Fields{{Field: "note", Code: "too_long", Message: "备注不能超过 500 字"}}).Err()
	}
	now := s.clk.Now()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		// The receiving org's closing takes this lock too: a confirmation
		// lands in a period that is still open when it commits.
		if _, err := s.lockChains(ctx, tx, []string{to.ID}); err != nil {
			return err
		}
		closed, err := lastClosed(ctx, tx, []string{to.ID})
		if err != nil {
			return err
		}
		p := x.period
		if last, ok := closed[to.ID]; ok && p <= last {
			p = last + 1
		}
		res, err := tx.ExecContext(ctx, `UPDATE dues_remittances SET state = ?, counted_period = ?, confirmed_at = ?,
			confirmed_by = ?, note = ? WHERE id = ? AND state = ?`,
			stateConfirmed, int(p), now.UnixMilli(), authz.ActorName(ctx, "系统"), note, id, stateSent)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = httpx.Conflict("already_confirmed", "该笔上缴已确认收到")
			}
			return err
		}
		x.State, x.Counted, x.ConfirmedAt, x.ConfirmedBy, x.Note = stateConfirmed, p.String(), now.UnixMilli(), authz.ActorName(ctx, "系统"), note
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "dues.remittance.confirm", TargetType: "dues_remittance",
			TargetID: id, After: map[string]any{"from_org_id": x.FromOrgID, "period": x.Period,
				"remitted_fen": x.RemittedFen, "counted_period": x.Counted, "note": note}})
	})
	if err != nil {
		return x, err
	}
	list := []Remittance{x}
	err = s.nameRemittances(ctx, list)
	return list[0], err
}
