package orglife_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"dangjian/internal/notify/notifytest"
	"dangjian/internal/orglife"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

// onlyCommittee leaves the monthly 支委会 as the one requirement under R.
func onlyCommittee(t *testing.T, e *env, w world) {
	t.Helper()
	off := "off"
	e.do(t, secretary(w.R), "PUT", "/api/v1/orgs/"+w.R.ID+"/orglife/settings", map[string]any{"values": map[string]*string{
		"freq.member_assembly": &off, "freq.group": &off, "freq.lecture": &off, "freq.theme_day": &off, "freq.life_meeting": &off}}, 200)
}

// hold calls, records and finalizes a meeting of kind at o starting at start.
func (e *env) hold(t *testing.T, o orglife.OrgRef, kind string, start time.Time, extra map[string]any) string {
	t.Helper()
	now := e.clk.Now()
	e.clk.Set(start.Add(-time.Hour))
	m := e.meetingAt(t, o, kind, start, extra)
	sec := secretary(o)
	list, _ := e.attendeesOf(t, m.ID)
	e.do(t, sec, "POST", "/api/v1/meetings/"+m.ID+"/attendance", map[string]any{"member_ids": []string{list[0].MemberID},
		"status": "present", "reason": "会后补录"}, 200)
	e.do(t, sec, "PUT", "/api/v1/meetings/"+m.ID+"/minutes", map[string]any{"content": "研究工作"}, 200)
	e.clk.Set(start.Add(time.Hour))
	e.do(t, sec, "POST", "/api/v1/meetings/"+m.ID+"/finalize", nil, 200)
	if now.After(e.clk.Now()) {
		e.clk.Set(now)
	}
	return m.ID
}

func (e *env) compliance(t *testing.T, o orglife.OrgRef, query string) orglife.ComplianceView {
	t.Helper()
	var v orglife.ComplianceView
	e.do(t, viewer(o), "GET", "/api/v1/orgs/"+o.ID+"/orglife/compliance"+query, nil, 200).JSON(t, &v)
	return v
}

func TestComplianceTurnsGreenWhenTheMeetingIsFinalized(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.world(t)
		onlyCommittee(t, e, w)
		v := e.compliance(t, w.R, "?period=2026-03")
		// A1 owes its March 支委会 (amber, the month is running); A2 has no committee.
		if v.Summary != (orglife.Tally{Branches: 2, Amber: 1, None: 1}) {
			t.Fatalf("before: %+v", v.Summary)
		}
		e.hold(t, w.A1, "committee", time.Date(2026, 3, 10, 1, 0, 0, 0, time.UTC), nil)
		v = e.compliance(t, w.R, "?period=2026-03")
		if v.Summary.Green != 1 || v.Summary.Amber != 0 {
			t.Fatalf("after the 支委会: %+v", v.Summary)
		}
		i := slices.IndexFunc(v.Children, func(c orglife.ChildTally) bool { return c.OrgID == w.A1.ID })
		if i < 0 || v.Children[i].Green != 1 {
			t.Fatalf("drill-down: %+v", v.Children)
		}
		// February ended without one: red, and the branch list says what is missing.
		e.clk.Set(time.Date(2026, 3, 20, 1, 0, 0, 0, time.UTC))
		if v = e.compliance(t, w.R, "?period=2026-02"); v.Summary.Red != 1 {
			t.Fatalf("February: %+v", v.Summary)
		}
		var lines struct {
			Items []orglife.BranchLine `json:"items"`
			Total int                  `json:"total"`
		}
		e.do(t, viewer(w.R), "GET", "/api/v1/orgs/"+w.R.ID+"/orglife/compliance/branches?period=2026-02&status=red", nil, 200).JSON(t, &lines)
		if lines.Total != 1 || lines.Items[0].OrgID != w.A1.ID || !slices.Equal(lines.Items[0].Missing, []string{"支委会"}) {
			t.Fatalf("red branches: %+v", lines)
		}
		// The branch itself sees its requirements; the quarter view counts months.
		v = e.compliance(t, w.A1, "?period=2026-Q1")
		i = slices.IndexFunc(v.Kinds, func(k orglife.KindStatus) bool { return k.Kind == "committee" })
		if i < 0 || v.Kinds[i].Required != 3 || v.Kinds[i].Held != 1 || v.Kinds[i].Status != "red" {
			t.Fatalf("Q1 kinds: %+v", v.Kinds)
		}
		e.do(t, viewer(w.B), "GET", "/api/v1/orgs/"+w.A1.ID+"/orglife/compliance", nil, 404)
		e.do(t, viewer(w.R), "GET", "/api/v1/orgs/"+w.R.ID+"/orglife/compliance?period=2026-13", nil, 422)
	})
}

func TestGroupMeetingsCountEveryGroup(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.world(t)
		g2 := e.mkOrg(&w.A1, "group", "第二党小组")
		e.do(t, secretary(w.A1), "PUT", "/api/v1/orgs/"+g2.ID+"/orglife/group-members",
			map[string]any{"member_ids": []string{"m-jia"}}, 200)
		e.do(t, secretary(w.A1), "PUT", "/api/v1/orgs/"+g2.ID+"/orglife/group-members",
			map[string]any{"member_ids": []string{"m-a2"}}, 422)
		groupKind := func() orglife.KindStatus {
			v := e.compliance(t, w.A1, "?period=2026-03&kind=group")
			return v.Kinds[0]
		}
		e.hold(t, w.A1, "group", time.Date(2026, 3, 10, 1, 0, 0, 0, time.UTC), map[string]any{"group_id": w.G1.ID})
		e.hold(t, w.A1, "group", time.Date(2026, 3, 11, 1, 0, 0, 0, time.UTC), map[string]any{"group_id": w.G1.ID})
		if k := groupKind(); k.Status != "amber" {
			t.Fatalf("one of two groups met twice: %+v", k)
		}
		e.hold(t, w.A1, "group", time.Date(2026, 3, 12, 1, 0, 0, 0, time.UTC), map[string]any{"group_id": g2.ID})
		if k := groupKind(); k.Status != "green" {
			t.Fatalf("both groups met: %+v", k)
		}
	})
}

func TestDueReminderOnlyToBranchesThatHaveNotMet(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.world(t)
		onlyCommittee(t, e, w)
		a3 := e.mkOrg(&w.R, "branch", "第三支部")
		for _, id := range []string{"m-c1", "m-c2", "m-c3"} {
			e.person(id, id, a3, "")
		}
		e.dir.committee[a3.ID] = []string{"m-c1", "m-c2", "m-c3"}
		e.nd.Add(notifytest.Person{ID: "m-jia", Name: "甲", OrgID: w.A1.ID, OrgPath: w.A1.Path, Officer: true})
		e.nd.Add(notifytest.Person{ID: "m-c1", Name: "m-c1", OrgID: a3.ID, OrgPath: a3.Path, Officer: true})
		if err := e.s.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		e.hold(t, a3, "committee", time.Date(2026, 3, 5, 1, 0, 0, 0, time.UTC), nil)
		e.clk.Set(time.Date(2026, 3, 19, 1, 0, 0, 0, time.UTC)) // 19 March, 09:00
		e.drain(t)
		if got := e.inbox(t, "m-jia"); len(got) != 0 {
			t.Fatalf("reminded before the 20th: %v", got)
		}
		e.clk.Set(time.Date(2026, 3, 20, 1, 1, 0, 0, time.UTC)) // 20 March, 09:01
		e.drain(t)
		e.drain(t)
		want := "组织生活提醒：第一支部尚未召开支委会"
		if got := e.inbox(t, "m-jia"); !slices.Equal(got, []string{want}) {
			t.Fatalf("A1's secretary: %v", got)
		}
		if got := e.inbox(t, "m-c1"); slices.Contains(got, "组织生活提醒：第三支部尚未召开支委会") {
			t.Fatalf("a branch that met was reminded: %v", got)
		}
		// The next month's reminder is scheduled by this one.
		e.clk.Set(time.Date(2026, 4, 20, 1, 1, 0, 0, time.UTC))
		e.drain(t)
		if got := e.inbox(t, "m-c1"); !slices.Contains(got, "组织生活提醒：第三支部尚未召开支委会") {
			t.Fatalf("April reminder: %v", got)
		}
	})
}
