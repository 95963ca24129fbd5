package members_test

import (
	"context"
	"testing"

	"dangjian/internal/members"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

// historyKinds lists a member's history kinds, newest first.
func historyKinds(t *testing.T, e *env, id string) []string {
	t.Helper()
	items, err := e.m.History(e.ctxAs(authz.OrgAdmin, "R"), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		out = append(out, it.Kind)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestTrustedCallsKeepCountsHistoryAndRules(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e, ctx := newEnv(t, d), context.Background()
		in := func(fn func(tx *db.Tx) error) error { return d.InTx(ctx, fn) }
		p := person("孙八", "1998-02-02", 31)
		p.Status, p.JoinedOn, p.FullMemberOn = "probationary", "2025-11-20", ""
		var id string
		if err := in(func(tx *db.Tx) (err error) {
			id, err = e.m.CreateIn(ctx, tx, e.ids["A1"], p, "经支部大会接收为预备党员")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if c := e.counts(t, "A1"); c["A1"] != (orgs.MemberCounts{Total: 1, Probationary: 1, Direct: 1}) {
			t.Fatalf("after CreateIn: %+v", c["A1"])
		}
		// The same ID number twice is refused and nothing is written.
		if err := in(func(tx *db.Tx) error { _, err := e.m.CreateIn(ctx, tx, e.ids["A2"], p, ""); return err }); err == nil {
			t.Fatal("duplicate ID number accepted")
		}
		// 转正 only for a probationary member, on a date after admission.
		if err := in(func(tx *db.Tx) error { return e.m.BecomeFullIn(ctx, tx, id, "2025-01-01") }); err == nil {
			t.Fatal("转正 before admission accepted")
		}
		if err := in(func(tx *db.Tx) error { return e.m.BecomeFullIn(ctx, tx, id, "2026-11-20") }); err != nil {
			t.Fatal(err)
		}
		if err := in(func(tx *db.Tx) error { return e.m.BecomeFullIn(ctx, tx, id, "2026-11-21") }); err == nil {
			t.Fatal("a full member became full again")
		}
		m, _ := e.m.Get(e.ctxAs(authz.OrgAdmin, "R"), id)
		if m.Status != "full" || m.FullMemberOn != "2026-11-20" {
			t.Fatalf("after BecomeFullIn: %+v", m)
		}
		card, err := e.m.CardOf(ctx, d, id)
		if err != nil || card.IDMasked != m.IDNumber || card.IDMasked == p.IDNumber || !card.Active || card.FullMemberOn != "2026-11-20" {
			t.Fatalf("card = %+v, %v (member %+v)", card, err, m)
		}
		probationer := person("郑一", "1997-01-01", 32)
		probationer.Status, probationer.JoinedOn, probationer.FullMemberOn = "probationary", "2026-06-01", ""
		e.add(t, "A2", probationer)
		voters, err := e.m.FullMembersUnder(ctx, d, e.paths["A"])
		if err != nil || len(voters) != 1 || voters[0].ID != id {
			t.Fatalf("full members under A1 = %+v, %v; want only 孙八 (郑一 is probationary)", voters, err)
		}
		// Relocate moves the member and the counts; a history note lands.
		if err := in(func(tx *db.Tx) error {
			if err := e.m.NoteIn(ctx, tx, id, members.KindTransferStarted, "", "转往「B1」", ""); err != nil {
				return err
			}
			return e.m.RelocateIn(ctx, tx, id, e.ids["B1"], "组织关系转接")
		}); err != nil {
			t.Fatal(err)
		}
		c := e.counts(t, "A1", "B1", "R")
		if c["A1"].Total != 0 || c["B1"] != (orgs.MemberCounts{Total: 1, Full: 1, Direct: 1, DirectFull: 1}) || c["R"].Total != 2 {
			t.Fatalf("after RelocateIn: %+v", c)
		}
		if err := in(func(tx *db.Tx) error { return e.m.NoteIn(ctx, tx, id, "nonsense", "", "", "") }); err == nil {
			t.Fatal("an unknown history kind was written")
		}
		// Leaving by transfer: out of the counts, kept with its history.
		if err := in(func(tx *db.Tx) error { return e.m.TransferOutIn(ctx, tx, id, "2026-11-22", "转往外省某党支部") }); err != nil {
			t.Fatal(err)
		}
		if c := e.counts(t, "B1", "R"); c["B1"].Total != 0 || c["R"].Total != 1 {
			t.Fatalf("after TransferOutIn: %+v", c)
		}
		kinds := historyKinds(t, e, id)
		for _, k := range []string{"created", "became_full", "transfer_started", "moved", "transfer_out"} {
			if !contains(kinds, k) {
				t.Fatalf("history %v lacks %s", kinds, k)
			}
		}
		if err := in(func(tx *db.Tx) error { return e.m.RelocateIn(ctx, tx, id, e.ids["A1"], "") }); err == nil {
			t.Fatal("a member who left was relocated")
		}
	})
}

func TestProbationCancelledOnlyForProbationaryMembers(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e, ctx := newEnv(t, d), context.Background()
		full := e.add(t, "A1", person("周九", "1980-03-03", 41))
		p := person("吴十", "1999-04-04", 42)
		p.Status, p.JoinedOn, p.FullMemberOn = "probationary", "2026-01-10", ""
		prob := e.add(t, "A1", p)
		cancel := members.Ending{Kind: members.EndProbationCancelled, On: "2026-11-20", Reason: "预备期内不履行党员义务"}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return e.m.EndIn(ctx, tx, full, cancel) }); err == nil {
			t.Fatal("a full member's probation was cancelled")
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return e.m.EndIn(ctx, tx, prob, cancel) }); err != nil {
			t.Fatal(err)
		}
		m, _ := e.m.Get(e.ctxAs(authz.OrgAdmin, "R"), prob)
		if m.State != members.StateEnded || m.EndedKind != members.EndProbationCancelled {
			t.Fatalf("after cancel: %+v", m)
		}
	})
}
