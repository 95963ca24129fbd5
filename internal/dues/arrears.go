package dues

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/db"
)

// Arrear is a member with unpaid months up to the last completed month.
// Streak counts the consecutive unpaid months ending with that month;
// Level is the highest warning level (dues.warn_months) it has reached.
type Arrear struct {
	MemberID     string   `json:"member_id"`
	MemberName   string   `json:"member_name"`
	OrgID        string   `json:"org_id"`
	OrgName      string   `json:"org_name"`
	UnpaidMonths []string `json:"unpaid_months"`
	Streak       int      `json:"streak"`
	OwedFen      int64    `json:"owed_fen"`
	Level        int      `json:"level"`
}

// unpaid is a month a member owes something for, at the org that charged it.
type unpaid struct {
	month          rules.Month
	owed           int64
	orgID, orgPath string
}

// lastCompleted is the latest month that has ended (Shanghai): arrears are
// reckoned up to it, since the current month may still be paid on time.
func (s *Service) lastCompleted() rules.Month { return rules.MonthOfTime(s.clk.Now()) - 1 }

// unpaidMonths reads the months owed up to last (oldest first) of the
// members that where selects, from the running sums.
func unpaidMonths(ctx context.Context, q db.Querier, last rules.Month, where string, args ...any) (map[string][]unpaid, error) {
	rows, err := q.QueryContext(ctx, `SELECT member_id, month, due_fen - paid_fen, org_id, org_path FROM dues_member_months
		WHERE `+where+` AND month <= ? AND due_fen > paid_fen`, append(args, int(last))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]unpaid{}
	for rows.Next() {
		var id string
		var u unpaid
		if err := rows.Scan(&id, &u.month, &u.owed, &u.orgID, &u.orgPath); err != nil {
			return nil, err
		}
		out[id] = append(out[id], u)
	}
	for _, list := range out {
		slices.SortFunc(list, func(a, b unpaid) int { return cmp.Compare(a.month, b.month) })
	}
	return out, rows.Err()
}

// streak is how many consecutive months up to last are among unpaid
// (oldest first): a month not owed (never charged, paid) ends a run.
func streak(unpaid []rules.Month, last rules.Month) int {
	if len(unpaid) == 0 {
		return 0
	}
	owing := make(map[rules.Month]bool, len(unpaid))
	for _, m := range unpaid {
		owing[m] = true
	}
	flags := make([]bool, 0, max(int(last-unpaid[0])+1, 0))
	for m := unpaid[0]; m <= last; m++ {
		flags = append(flags, owing[m])
	}
	return rules.Streak(flags)
}

// owedMonths are the months of list that owes counts (oldest first).
func owedMonths(list []unpaid, owes func(rules.Month) bool) []rules.Month {
	out := make([]rules.Month, 0, len(list))
	for _, u := range list {
		if owes(u.month) {
			out = append(out, u.month)
		}
	}
	return out
}

// anyMonth counts every month charged: the list shows the ledger as it is.
func anyMonth(rules.Month) bool { return true }

// levelsAt reads the warning levels of an org path, once per path.
func (s *Service) levelsAt(ctx context.Context) func(path string) ([]int, error) {
	cache := map[string][]int{}
	return func(path string) ([]int, error) {
		if l, ok := cache[path]; ok {
			return l, nil
		}
		v, err := s.values(ctx, s.db, path)
		if err != nil {
			return nil, err
		}
		cache[path] = warnLevels(v)
		return cache[path], nil
	}
}

// Arrears lists the subtree's members with unpaid months up to the last
// completed month, the longest streak first.
func (s *Service) Arrears(ctx context.Context, org OrgRef) ([]Arrear, error) {
	last := s.lastCompleted()
	byMember, err := unpaidMonths(ctx, s.db, last, "org_path >= ? AND org_path < ?", org.Path, db.PrefixEnd(org.Path))
	if err != nil {
		return nil, err
	}
	levels := s.levelsAt(ctx)
	out := make([]Arrear, 0, len(byMember))
	var memberIDs, orgIDs []string
	for id, list := range byMember {
		at := list[len(list)-1]
		a := Arrear{MemberID: id, OrgID: at.orgID, Streak: streak(owedMonths(list, anyMonth), last)}
		for _, u := range list {
			a.UnpaidMonths = append(a.UnpaidMonths, u.month.String())
			a.OwedFen += u.owed
		}
		l, err := levels(at.orgPath)
		if err != nil {
			return nil, err
		}
		a.Level = rules.WarnLevel(a.Streak, l)
		out = append(out, a)
		memberIDs, orgIDs = append(memberIDs, id), append(orgIDs, at.orgID)
	}
	if err := s.nameArrears(ctx, out, memberIDs, orgIDs); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b Arrear) int {
		return cmp.Or(-cmp.Compare(a.Streak, b.Streak), -cmp.Compare(a.OwedFen, b.OwedFen),
			strings.Compare(a.MemberName, b.MemberName), strings.Compare(a.MemberID, b.MemberID))
	})
	return out, nil
}

func (s *Service) nameArrears(ctx context.Context, list []Arrear, memberIDs, orgIDs []string) error {
	people, err := memberNames(ctx, s.db, memberIDs)
	if err != nil {
		return err
	}
	orgs, err := s.dir.Names(ctx, orgIDs)
	for i := range list {
		list[i].MemberName, list[i].OrgName = people[list[i].MemberID], orgs[list[i].OrgID]
	}
	return err
}

// memberNames are the names members last declared a base under: anyone
// charged has a confirmed base, and the name stays readable after the
// member has left the directory.
func memberNames(ctx context.Context, q db.Querier, ids []string) (map[string]string, error) {
	out := map[string]string{}
	err := eachChunk(ids, func(part []string) error {
		rows, err := q.QueryContext(ctx, "SELECT member_id, member_name FROM dues_bases WHERE member_id IN ("+
			db.Placeholders(len(part))+") ORDER BY declared_at", db.Strings(part)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, name string
			if err := rows.Scan(&id, &name); err != nil {
				return err
			}
			out[id] = name
		}
		return rows.Err()
	})
	return out, err
}
