package assessment_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"dangjian/internal/platform/authz"
)

// confirmedEvent is an assessment.confirmed row of the outbox.
type confirmedEvent struct {
	Subject, Path string
	Payload       struct {
		MemberID   string `json:"member_id"`
		OrgID      string `json:"org_id"`
		Year       int    `json:"year"`
		Grade      string `json:"grade"`
		GradeLabel string `json:"grade_label"`
	}
}

// events reads the assessment.confirmed events in order.
func (e *env) events(t *testing.T) []confirmedEvent {
	t.Helper()
	rows, err := e.d.QueryContext(context.Background(), `SELECT subject_id, org_path, payload FROM outbox_events
		WHERE type = 'assessment.confirmed' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []confirmedEvent
	for rows.Next() {
		var ev confirmedEvent
		var payload string
		if err := rows.Scan(&ev.Subject, &ev.Path, &payload); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(payload), &ev.Payload); err != nil {
			t.Fatal(err)
		}
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestConfirm: the proposed grade needs no note, another grade does; each
// confirmation is answered with the cards, emitted and audited.
func TestConfirm(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.member(e.a, "m1", "王五", meetings(9, 10), 20)
		e.member(e.a, "m2", "李四", meetings(8, 10), 20)

		r := e.confirm(t, worker(e.a), e.a, 2026, http.StatusUnprocessableEntity,
			item("m1", "excellent", ""), item("m2", "excellent", " "))
		fieldErr(t, r, "items[1].note", "required")
		if !r.Contains("李四的确定等次（优秀）与建议等次（合格）不同，请说明理由") {
			t.Errorf("note message: %s", r.Body)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM assessment_results"); n != 0 || len(e.events(t)) != 0 {
			t.Fatalf("a refused confirmation wrote %d results", n)
		}

		var cs struct {
			Confirmed bool
			Cards     []struct {
				MemberID       string `json:"member_id"`
				ConfirmedGrade string `json:"confirmed_grade"`
				ConfirmedLabel string `json:"confirmed_label"`
				ConfirmedBy    string `json:"confirmed_by"`
				ConfirmedAt    string `json:"confirmed_at"`
				Note           string
			}
		}
		e.confirm(t, worker(e.a), e.a, 2026, http.StatusOK,
			item("m1", "excellent", ""), item("m2", "excellent", "  年内表现突出  ")).JSON(t, &cs)
		if !cs.Confirmed || len(cs.Cards) != 2 {
			t.Fatalf("cards after confirming all: %+v", cs)
		}
		for _, c := range cs.Cards {
			if c.ConfirmedGrade != "excellent" || c.ConfirmedLabel != "优秀" || c.ConfirmedBy != "第一党支部书记" ||
				c.ConfirmedAt != "2026-05-20T02:00:00Z" {
				t.Errorf("card %+v", c)
			}
			if want := map[string]string{"m1": "", "m2": "年内表现突出"}[c.MemberID]; c.Note != want {
				t.Errorf("%s note %q, want %q", c.MemberID, c.Note, want)
			}
		}
		evs := e.events(t)
		if len(evs) != 2 {
			t.Fatalf("%d events", len(evs))
		}
		for _, ev := range evs {
			p := ev.Payload
			if ev.Subject != p.MemberID || ev.Path != "/c/a/" || p.OrgID != "a" || p.Year != 2026 ||
				p.Grade != "excellent" || p.GradeLabel != "优秀" {
				t.Errorf("event %+v", ev)
			}
		}
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'assessment.confirm' AND target_id = 'a'"); n != 1 {
			t.Errorf("%d confirm audits", n)
		}
		// A past year can be confirmed too.
		e.confirm(t, worker(e.c), e.a, 2025, http.StatusOK, item("m1", "qualified", ""))
		if n := e.count(t, "SELECT COUNT(*) FROM assessment_results WHERE year = 2025"); n != 1 {
			t.Errorf("%d results of 2025", n)
		}
	})
}

// TestReconfirm: a second confirmation replaces the current grade, keeps
// the first in the append-only history and is emitted again.
func TestReconfirm(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.member(e.a, "m1", "王五", meetings(9, 10), 20)
		e.confirm(t, worker(e.a), e.a, 2026, http.StatusOK, item("m1", "excellent", ""))
		e.clk.Advance(48 * 3600e9)
		e.confirm(t, secondWorker(e), e.a, 2026, http.StatusOK, item("m1", "basically_qualified", "经支部党员大会复议"))

		c := byMember(t, e.cards(t, viewer(e.a), e.a, ""), "m1")
		if c.ConfirmedGrade != "basically_qualified" || c.ConfirmedLabel != "基本合格" || c.Note != "经支部党员大会复议" ||
			c.ConfirmedBy != "组织委员" || c.ConfirmedAt != "2026-05-22T02:00:00Z" || c.ProposedGrade != "excellent" {
			t.Errorf("card after re-confirming %+v", c)
		}
		rows, err := e.d.QueryContext(context.Background(), `SELECT grade, proposed_grade, reasons, note, actor_id, actor_name
			FROM assessment_results_history WHERE member_id = 'm1' AND year = 2026 ORDER BY at`)
		if err != nil {
			t.Fatal(err)
		}
		var hist []string
		for rows.Next() {
			var grade, proposed, reasons, note, actorID, actor string
			if err := rows.Scan(&grade, &proposed, &reasons, &note, &actorID, &actor); err != nil {
				t.Fatal(err)
			}
			hist = append(hist, grade+"|"+proposed+"|"+reasons+"|"+note+"|"+actorID+"|"+actor)
		}
		rows.Close()
		want := []string{
			"excellent|excellent|出席率 90%（≥90%）；积分 20（≥20）||acc-party_workera|第一党支部书记",
			"basically_qualified|excellent|出席率 90%（≥90%）；积分 20（≥20）|经支部党员大会复议|acc-second|组织委员",
		}
		if len(hist) != 2 || hist[0] != want[0] || hist[1] != want[1] {
			t.Errorf("history\n%q\nwant\n%q", hist, want)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM assessment_results WHERE member_id = 'm1'"); n != 1 {
			t.Errorf("%d current results", n)
		}
		evs := e.events(t)
		if len(evs) != 2 || evs[0].Payload.Grade != "excellent" || evs[1].Payload.Grade != "basically_qualified" ||
			evs[1].Payload.GradeLabel != "基本合格" {
			t.Errorf("events %+v", evs)
		}
		ctx := context.Background()
		if _, err := e.d.ExecContext(ctx, "UPDATE assessment_results_history SET grade = 'excellent'"); err == nil {
			t.Error("the history accepted an UPDATE")
		}
		if _, err := e.d.ExecContext(ctx, "DELETE FROM assessment_results_history"); err == nil {
			t.Error("the history accepted a DELETE")
		}
	})
}

// secondWorker is another party worker of branch a.
func secondWorker(e *env) *authz.Principal {
	p := worker(e.a)
	p.AccountID, p.DisplayName = "acc-second", "组织委员"
	return p
}

// TestConfirmRefused: the year must have begun, members must be the
// branch's, grades known, notes short.
func TestConfirmRefused(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.member(e.a, "m1", "王五", meetings(9, 10), 20)
		e.member(e.b, "m9", "赵六", meetings(9, 10), 20)
		w := worker(e.c)
		r := e.confirm(t, w, e.a, 2027, http.StatusUnprocessableEntity, item("m1", "excellent", ""))
		fieldErr(t, r, "year", "future")
		if !r.Contains("2027 年度尚未开始") {
			t.Errorf("future year message: %s", r.Body)
		}
		r = e.confirm(t, w, e.a, 0, http.StatusUnprocessableEntity, item("m1", "excellent", ""))
		fieldErr(t, r, "year", "invalid")
		r = e.confirm(t, w, e.a, 2026, http.StatusUnprocessableEntity)
		fieldErr(t, r, "items", "required")
		r = e.confirm(t, w, e.a, 2026, http.StatusUnprocessableEntity, item("m9", "excellent", ""),
			item("m1", "great", ""), item("m1", "excellent", ""), item("ghost", "excellent", ""))
		fieldErr(t, r, "items[0].member_id", "not_member")
		fieldErr(t, r, "items[1].grade", "invalid")
		fieldErr(t, r, "items[2].member_id", "duplicate")
		fieldErr(t, r, "items[3].member_id", "not_member")
		if r.Contains("赵六") {
			t.Errorf("another branch's member named: %s", r.Body)
		}
		long := make([]rune, 501)
		for i := range long {
			long[i] = '字'
		}
		r = e.confirm(t, w, e.a, 2026, http.StatusUnprocessableEntity, item("m1", "qualified", string(long)))
		fieldErr(t, r, "items[0].note", "too_long")
		e.confirm(t, w, e.a, 2026, http.StatusOK, item("m1", "qualified", string(long[:500])))
	})
}
