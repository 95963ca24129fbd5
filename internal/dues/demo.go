package dues

import (
	"context"
	"hash/fnv"
	"strings"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/db"
)

// demoMonths is how many months before this one the demo city has paid:
// within the default back-pay limit, so the usual payment path records them.
const demoMonths = 5

// LoadDemo gives the demo city a recent history of dues through the paths a
// secretary uses: every active member under root except skip (the demo
// member, who declares their own base on the phone) gets a confirmed base
// from January, the five months before this one are posted and paid, and
// about one member in forty stops paying after the first two months, so the
// arrears list has names on it. This month is left for the user to post.
func (s *Service) LoadDemo(ctx context.Context, rootID, skip string) error {
	root, err := s.dir.Org(ctx, rootID)
	if err != nil {
		return err
	}
	now := rules.MonthOfTime(s.clk.Now())
	byBranch := map[string][]Member{}
	var after Member
	for {
		page, err := s.dir.MembersUnder(ctx, root.Path, after, 2000)
		if err != nil || len(page) == 0 {
			if err != nil {
				return err
			}
			break
		}
		after = page[len(page)-1]
		if err := s.demoBases(ctx, page, skip, rules.MonthOf(now.Year(), 1)); err != nil {
			return err
		}
		for _, m := range page {
			if m.ID != skip {
				byBranch[m.OrgID] = append(byBranch[m.OrgID], m)
			}
		}
	}
	for m := now - demoMonths; m < now; m++ {
		if _, err := s.post(ctx, root.Path, root.ID, m); err != nil {
			return err
		}
	}
	for orgID, list := range byBranch {
		if err := s.demoPayments(ctx, orgID, list, now); err != nil {
			return err
		}
	}
	return nil
}

// demoBases stores a confirmed base for each member of page but skip, as an
// import would.
func (s *Service) demoBases(ctx context.Context, page []Member, skip string, from rules.Month) error {
	orgIDs := make([]string, len(page))
	for i, m := range page {
		orgIDs[i] = m.OrgID
	}
	names, err := s.dir.Names(ctx, orgIDs)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, m := range page {
			if m.ID == skip {
				continue
			}
			c, base := demoBase(m.ID, names[m.OrgID])
			b := s.newBase(ctx, m, Declaration{Year: from.Year(), Category: string(c), BaseFen: base}, from, sourceImport)
			if err := s.insertBase(ctx, tx, b); err != nil {
				return err
			}
		}
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "dues.demo_bases", TargetType: "org",
			TargetID: page[0].OrgID, After: map[string]any{"members": len(page)}})
	})
}

// demoBase is a plausible category and base for a demo member, from the
// kind of branch they are in and a hash of their ID (so every load agrees).
func demoBase(memberID, branchName string) (rules.Category, int64) {
	n := int64(demoHash(memberID))
	switch {
	case strings.Contains(branchName, "离退休"):
		return rules.Retired, 280000 + n%520000
	case strings.Contains(branchName, "村"):
		return rules.Farmer, 0
	case strings.Contains(branchName, "社区") && n%9 == 0:
		return rules.Unemployed, 0
	}
	return rules.Salaried, 250000 + n%1400000
}

func demoHash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// demoPayments pays each member's posted months at their branch, in cash,
// one batch per branch; the members left behind pay the first two only.
func (s *Service) demoPayments(ctx context.Context, orgID string, list []Member, now rules.Month) error {
	org, err := s.dir.Org(ctx, orgID)
	if err != nil {
		return err
	}
	var b PaymentBatch
	b.BranchConsent = true
	for _, m := range list {
		months := []string{}
		for mo := now - demoMonths; mo < now; mo++ {
			if demoBehind(m) && mo >= now-demoMonths+2 {
				break
			}
			if rules.Owes(m.JoinedOn, mo) {
				months = append(months, mo.String())
			}
		}
		if len(months) > 0 {
			b.Payments = append(b.Payments, PaymentLine{MemberID: m.ID, Months: months, Method: "cash"})
		}
	}
	if len(b.Payments) == 0 {
		return nil
	}
	_, err = s.pay(ctx, org, b)
	return err
}

func demoBehind(m Member) bool { return demoHash(m.ID+"behind")%40 == 0 }
