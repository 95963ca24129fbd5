package dues

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// The 党费收缴登记表 is exported for at most this many members (and one
// sheet per branch): a larger subtree is exported branch by branch or
// committee by committee.
const maxRegisterMembers = 20000

var errRegisterTooLarge = httpx.Conflict("register_too_large",
	fmt.Sprintf("登记表最多导出 %d 名党员，请选择下级组织分别导出", maxRegisterMembers))

// registerLine is a member's row on a branch's sheet.
type registerLine struct {
	memberID, name string
	category       rules.Category
	baseFen        int64
	amountFen      int64
	missing        bool      // no confirmed base (未申报基数)
	paid           [12]int64 // by month of the year
	charged        [12]bool  // a running sum exists for the month
	overdue        int       // months up to the last completed one with due > paid
}

// registerSheet is one branch's sheet.
type registerSheet struct {
	org   OrgRef
	lines []*registerLine
}

// registerBook is a register being gathered: its sheets by org, its lines
// by (org, member) and everyone listed, for naming and assessing.
type registerBook struct {
	sheets map[string]*registerSheet
	lines  map[[2]string]*registerLine
	people map[string]Member
}

// line is the member's line on the org's sheet, added if new; the register
// refuses to grow past maxRegisterMembers people.
func (b *registerBook) line(orgID, orgPath, memberID string) (*registerLine, error) {
	k := [2]string{orgID, memberID}
	if l, ok := b.lines[k]; ok {
		return l, nil
	}
	if _, ok := b.people[memberID]; !ok {
		if len(b.people) == maxRegisterMembers {
			return nil, errRegisterTooLarge
		}
		b.people[memberID] = Member{ID: memberID, OrgID: orgID, OrgPath: orgPath}
	}
	sh, ok := b.sheets[orgID]
	if !ok {
		sh = &registerSheet{org: OrgRef{ID: orgID, Path: orgPath}}
		b.sheets[orgID] = sh
	}
	l := &registerLine{memberID: memberID}
	sh.lines = append(sh.lines, l)
	b.lines[k] = l
	return l, nil
}

// register gathers the year's dues of the subtree's members per branch:
// every month's payments from dues_member_months (a member who moved during
// the year is on the sheet of each branch that charged them), the active
// members with nothing charged yet, and each member's category, base and
// monthly amount as assessed for the year's last month so far.
func (s *Service) register(ctx context.Context, org OrgRef, year int) ([]registerSheet, error) {
	b := &registerBook{sheets: map[string]*registerSheet{}, lines: map[[2]string]*registerLine{}, people: map[string]Member{}}
	if err := s.readRegisterMonths(ctx, b, org, year); err != nil {
		return nil, err
	}
	if err := s.addCurrentMembers(ctx, b, org); err != nil {
		return nil, err
	}
	if err := s.describeLines(ctx, b, min(rules.MonthOfTime(s.clk.Now()), rules.MonthOf(year, 12))); err != nil {
		return nil, err
	}
	return s.orderSheets(ctx, b.sheets)
}

// readRegisterMonths adds the subtree's running sums of the year's months:
// what was paid, and the months up to the last completed one still owed.
func (s *Service) readRegisterMonths(ctx context.Context, b *registerBook, org OrgRef, year int) error {
	jan, dec := rules.MonthOf(year, 1), rules.MonthOf(year, 12)
	last := min(s.lastCompleted(), dec)
	rows, err := s.db.QueryContext(ctx, `SELECT org_id, org_path, member_id, month, due_fen, paid_fen
		FROM dues_member_months WHERE org_path >= ? AND org_path < ? AND month BETWEEN ? AND ?`,
		org.Path, db.PrefixEnd(org.Path), int(jan), int(dec))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var orgID, orgPath, memberID string
		var m rules.Month
		var due, paid int64
		if err := rows.Scan(&orgID, &orgPath, &memberID, &m, &due, &paid); err != nil {
			return err
		}
		l, err := b.line(orgID, orgPath, memberID)
		if err != nil {
			return err
		}
		l.paid[m.Num()-1], l.charged[m.Num()-1] = paid, true
		if due > paid && m <= last {
			l.overdue++
		}
	}
	return rows.Err()
}

// addCurrentMembers lists the subtree's active members on their branch's
// sheet (those charged nothing this year too) and keeps their directory
// record for naming and assessing.
func (s *Service) addCurrentMembers(ctx context.Context, b *registerBook, org OrgRef) error {
	var after Member
	for {
		page, err := s.dir.MembersUnder(ctx, org.Path, after, postChunk)
		if err != nil {
			return err
		}
		for _, m := range page {
			if _, err := b.line(m.OrgID, m.OrgPath, m.ID); err != nil {
				return err
			}
			b.people[m.ID] = m
		}
		if len(page) < postChunk {
			return nil
		}
		after = page[len(page)-1]
	}
}

// describeLines fills in names (the directory's, else the name of the
// member's last declared base, for members no longer listed) and the
// category, base and amount in force in month m.
func (s *Service) describeLines(ctx context.Context, b *registerBook, m rules.Month) error {
	list := make([]Member, 0, len(b.people))
	var unnamed []string
	for _, p := range b.people {
		list = append(list, p)
		if p.Name == "" {
			unnamed = append(unnamed, p.ID)
		}
	}
	assessed, err := s.assess(ctx, s.db, list, m)
	if err != nil {
		return err
	}
	names, err := memberNames(ctx, s.db, unnamed)
	if err != nil {
		return err
	}
	for k, l := range b.lines {
		a := assessed[k[1]]
		l.name = cmp.Or(b.people[k[1]].Name, names[k[1]])
		l.category, l.baseFen, l.amountFen, l.missing = a.Category, a.BaseFen, a.Amount.Fen, a.Missing
	}
	return nil
}

// orderSheets names the branches and orders sheets by tree position and
// lines by name.
func (s *Service) orderSheets(ctx context.Context, sheets map[string]*registerSheet) ([]registerSheet, error) {
	ids := make([]string, 0, len(sheets))
	for id := range sheets {
		ids = append(ids, id)
	}
	names, err := s.dir.Names(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]registerSheet, 0, len(sheets))
	for _, sh := range sheets {
		sh.org.Name = names[sh.org.ID]
		slices.SortFunc(sh.lines, func(a, b *registerLine) int {
			return cmp.Or(strings.Compare(a.name, b.name), strings.Compare(a.memberID, b.memberID))
		})
		out = append(out, *sh)
	}
	slices.SortFunc(out, func(a, b registerSheet) int { return strings.Compare(a.org.Path, b.org.Path) })
	return out, nil
}

// handleRegister exports the 党费收缴登记表 of ?year= (default: this year);
// the export is audited before a byte is sent.
func (s *Service) handleRegister(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, year, err := s.orgYear(r)
	if err != nil {
		return err
	}
	sheets, err := s.register(ctx, org, year)
	if err != nil {
		return err
	}
	data, err := registerXLSX(sheets, year)
	if err != nil {
		return err
	}
	members := 0
	for _, sh := range sheets {
		members += len(sh.lines)
	}
	if err := s.db.InTx(ctx, func(tx *db.Tx) error {
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "dues.register.export", TargetType: "org",
			TargetID: org.ID, After: map[string]any{"year": year, "sheets": len(sheets), "rows": members}})
	}); err != nil {
		return err
	}
	httpx.Download(w, httpx.XLSX, fmt.Sprintf("%s%d年党费收缴登记表.xlsx", org.Name, year))
	_, err = w.Write(data)
	return err
}
