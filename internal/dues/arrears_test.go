package dues_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"dangjian/internal/dues"
	"dangjian/internal/dues/rules"
	"dangjian/internal/notify/notifytest"
	"dangjian/internal/platform/clock"
)

// warn runs the daily arrears warnings and returns how many were sent.
func (e *env) warn(t *testing.T) int {
	t.Helper()
	n, err := e.s.WarnArrears(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// arrearsEvent is the payload of dues.arrears.
type arrearsEvent struct {
	MemberID string `json:"member_id"`
	OrgID    string `json:"org_id"`
	Months   int    `json:"months"`
	Since    string `json:"since"`
	Level    int    `json:"level"`
}

func (e *env) arrearsEvents(t *testing.T) []arrearsEvent {
	t.Helper()
	var out []arrearsEvent
	for _, p := range e.events(t, dues.EventArrears) {
		var ev arrearsEvent
		if err := json.Unmarshal([]byte(p), &ev); err != nil {
			t.Fatal(err)
		}
		out = append(out, ev)
	}
	return out
}

// monthly moves to the 5th of each month from..to ("2026-01"), charges it
// for w.R's subtree and calls fn.
func (e *env) monthly(t *testing.T, w world, from, to string, fn func(m string)) {
	t.Helper()
	for m := month(t, from); m <= month(t, to); m++ {
		e.at(t, m.String()+"-05")
		e.post(t, w.R, m.String())
		fn(m.String())
	}
}

// The branch is warned when a member reaches 3 and 5 consecutive unpaid
// months — once each, not at 4 or 6 — pointing to 党章第九条, and nobody's
// status changes.
func TestArrearsWarnAtThreeAndFive(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.confirmedBase(t, "m-jia", rules.Salaried, 480000, "2026-01")
		e.confirmedBase(t, "m-yi", rules.Salaried, 300000, "2026-01")
		sent := map[string]int{}
		e.monthly(t, w, "2026-01", "2026-07", func(m string) {
			e.pay(t, w.A, "m-yi", m) // 乙 pays every month
			sent[m] = e.warn(t)
			if again := e.warn(t); again != 0 {
				t.Fatalf("%s: a second run sent %d", m, again)
			}
		})
		// On the 5th of April January–March are unpaid: 3; June: 5.
		want := map[string]int{"2026-01": 0, "2026-02": 0, "2026-03": 0, "2026-04": 1, "2026-05": 0, "2026-06": 1, "2026-07": 0}
		for m, n := range want {
			if sent[m] != n {
				t.Fatalf("sent %v, want %v", sent, want)
			}
		}
		titles := notifytest.Titles(t, e.n, "sec-a")
		if !slices.Equal(titles, []string{"党费欠缴提醒：甲已连续 3 个月未交纳党费", "党费欠缴提醒：甲已连续 5 个月未交纳党费"}) {
			t.Fatalf("titles %q", titles)
		}
		items, _, err := e.n.Inbox(context.Background(), "sec-a", false, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if !strings.Contains(it.Body, "党章第九条") || !strings.Contains(it.Body, "不会改变任何党员的状态") ||
				!strings.Contains(it.Body, "自2026年1月") {
				t.Fatalf("body %q", it.Body)
			}
		}
		if got := notifytest.Titles(t, e.n, "sec-b"); len(got) != 0 {
			t.Fatalf("branch B warned: %q", got)
		}
		evs := e.arrearsEvents(t)
		wantEvs := []arrearsEvent{{MemberID: "m-jia", OrgID: w.A.ID, Months: 3, Since: "2026-01", Level: 3},
			{MemberID: "m-jia", OrgID: w.A.ID, Months: 5, Since: "2026-01", Level: 5}}
		if !slices.Equal(evs, wantEvs) {
			t.Fatalf("events %+v", evs)
		}
		if m, _ := e.dir.Member(context.Background(), "m-jia"); m.Status != "full" {
			t.Fatalf("status changed to %q", m.Status)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM outbox_events WHERE type NOT LIKE 'dues.%'"); n != 0 {
			t.Fatalf("%d events outside dues", n)
		}

		var list struct{ Items []dues.Arrear }
		e.do(t, viewer(w.R), http.MethodGet, "/api/v1/orgs/"+w.R.ID+"/dues/arrears", nil, http.StatusOK).JSON(t, &list)
		wantList := []dues.Arrear{{MemberID: "m-jia", MemberName: "甲", OrgID: w.A.ID, OrgName: "第一支部",
			UnpaidMonths: []string{"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"}, Streak: 6,
			OwedFen: 6 * 4800, Level: 5}}
		if len(list.Items) != 1 || !equalArrear(list.Items[0], wantList[0]) {
			t.Fatalf("arrears %+v", list.Items)
		}
		e.do(t, viewer(w.X), http.MethodGet, "/api/v1/orgs/"+w.R.ID+"/dues/arrears", nil, http.StatusNotFound)
	})
}

func equalArrear(a, b dues.Arrear) bool {
	return a.MemberID == b.MemberID && a.MemberName == b.MemberName && a.OrgID == b.OrgID && a.OrgName == b.OrgName &&
		slices.Equal(a.UnpaidMonths, b.UnpaidMonths) && a.Streak == b.Streak && a.OwedFen == b.OwedFen && a.Level == b.Level
}

// Months before a member's admission never count towards a warning, even
// when the ledger holds charges for them (admission date corrected later).
func TestArrearsIgnoreMonthsBeforeAdmission(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.addMember("m-new", "新人", w.A, "2026-01-01", "probationary")
		e.confirmedBase(t, "m-new", rules.Student, 0, "2026-01")
		e.monthly(t, w, "2026-01", "2026-02", func(string) {})
		e.addMember("m-new", "新人", w.A, "2026-03-20", "probationary") // the admission date corrected
		e.monthly(t, w, "2026-03", "2026-05", func(string) {})
		// January–April unpaid, but only March and April after admission.
		if n := e.warn(t); n != 0 {
			t.Fatalf("warned %d times counting months before admission", n)
		}
		e.monthly(t, w, "2026-06", "2026-06", func(string) {})
		if n := e.warn(t); n != 1 {
			t.Fatalf("warned %d times at 3 months after admission", n)
		}
		if evs := e.arrearsEvents(t); len(evs) != 1 || evs[0].Since != "2026-03" || evs[0].Months != 3 {
			t.Fatalf("events %+v", evs)
		}
	})
}

// The daily run is scheduled for 08:00 (Shanghai) and warns when it runs.
func TestArrearsJobRunsDaily(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.confirmedBase(t, "m-jia", rules.Salaried, 480000, "2026-01")
		e.monthly(t, w, "2026-01", "2026-04", func(string) {})
		if err := e.s.ScheduleArrears(context.Background()); err != nil {
			t.Fatal(err)
		}
		e.drain(t)
		if n := e.count(t, "SELECT COUNT(*) FROM dues_arrears_warnings"); n != 0 {
			t.Fatal("ran before 08:00 the next day")
		}
		e.clk.Set(time.Date(2026, 4, 6, 8, 0, 0, 0, clock.Shanghai))
		e.drain(t)
		if n := e.count(t, "SELECT COUNT(*) FROM dues_arrears_warnings WHERE member_id = 'm-jia' AND level = 3"); n != 1 {
			t.Fatalf("%d warnings after the daily run", n)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM jobs WHERE kind = 'dues.arrears' AND key = '2026-04-06' AND done_at IS NOT NULL"); n != 1 {
			t.Fatal("daily run not keyed by its day")
		}
	})
}
