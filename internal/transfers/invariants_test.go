package transfers_test

import (
	"strings"
	"sync"
	"testing"
)

func TestStartInternal(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.internal(t, e.w.A, "m-jia", e.w.B)
		if tr.State != "pending" || tr.StateLabel != "待接收" || tr.LetterNo != "2026-0001" || tr.IssuedOn != "2026-03-02" ||
			tr.ValidUntil != "2026-06-02" || tr.FromOrgID != e.w.A.ID || tr.FromOrgName != "第一支部" || tr.ToOrgName != "第二支部" ||
			tr.MemberName != "甲" || tr.ActorName != "书记第一支部" || tr.Lapsing || tr.Lapsed {
			t.Fatalf("started: %+v", tr)
		}
		if len(tr.History) != 1 || tr.History[0].Action != "started" || tr.History[0].Note != "工作调动" {
			t.Errorf("history: %+v", tr.History)
		}
		if got := e.dir.member("m-jia"); got.OrgID != e.w.A.ID {
			t.Errorf("the member moved before acceptance: %+v", got)
		}
		notes := e.dir.notesOf("m-jia")
		if len(notes) != 1 || !strings.HasPrefix(notes[0], "transfer_started|2026-03-02|开具组织关系介绍信（2026-0001），转往「第二支部」|工作调动") {
			t.Errorf("member history: %q", notes)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM outbox_events WHERE type = 'transfer.started' AND subject_id = ? AND org_path = ?",
			tr.ID, e.w.A.Path); n != 1 {
			t.Errorf("transfer.started events: %d", n)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'transfer.start' AND target_id = ?", tr.ID); n != 1 {
			t.Errorf("audit records: %d", n)
		}
	})
}

// TestStartValidation: each bad request is a 422 naming its field.
func TestStartValidation(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.w
		base := func(k, v string) map[string]any {
			b := map[string]any{"member_id": "m-jia", "kind": "internal", "to_org_id": w.B.ID, "reason": "工作调动", "dues_paid_until": "2026-02"}
			b[k] = v
			return b
		}
		cases := []struct {
			body        map[string]any
			field, code string
		}{
			{base("to_org_id", w.G.ID), "to_org_id", "not_branch"},
			{base("to_org_id", w.R.ID), "to_org_id", "not_branch"},
			{base("to_org_id", w.D.ID), "to_org_id", "dissolved"},
			{base("to_org_id", w.A.ID), "to_org_id", "same_branch"},
			{base("to_org_id", "nope"), "to_org_id", "unknown"},
			{base("to_org_id", ""), "to_org_id", "required"},
			{base("member_id", "m-out"), "member_id", "not_in_scope"},
			{base("member_id", "nobody"), "member_id", "not_in_scope"},
			{base("kind", "sideways"), "kind", "invalid"},
			{base("kind", "outgoing"), "to_org_name", "required"},
			{base("reason", " "), "reason", "required"},
			{base("dues_paid_until", "2026-13"), "dues_paid_until", "invalid"},
		}
		for _, c := range cases {
			r := e.do(t, secretary(w.A), "POST", "/api/v1/orgs/"+w.A.ID+"/transfers", c.body, 422)
			if !r.Contains(`"field":"` + c.field + `","code":"` + c.code + `"`) {
				t.Errorf("%v: %s", c.body, r.Body)
			}
		}
		if n := e.count(t, "SELECT COUNT(*) FROM transfers"); n != 0 {
			t.Errorf("refused starts stored %d transfers", n)
		}
	})
}

// TestOneOpenTransfer: a member has at most one open transfer, also when
// two requests race; once it is closed another may start.
func TestOneOpenTransfer(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		first := e.internal(t, e.w.A, "m-jia", e.w.B)
		r := e.do(t, secretary(e.w.A), "POST", "/api/v1/orgs/"+e.w.A.ID+"/transfers", map[string]any{"member_id": "m-jia",
			"kind": "outgoing", "to_org_name": "外省", "reason": "调动", "dues_paid_until": "2026-02"}, 409)
		if !r.Contains("2026-0001") {
			t.Errorf("the conflict should name the open letter: %s", r.Body)
		}
		e.act(t, first.ID, "cancel", nil, 200)
		e.outgoing(t, e.w.A, "m-jia")

		var wg sync.WaitGroup
		statuses := make(chan int, 6)
		e.srv.As(secretary(e.w.A))
		for range 6 {
			wg.Go(func() {
				statuses <- e.srv.Do(t, "POST", "/api/v1/orgs/"+e.w.A.ID+"/transfers", map[string]any{"member_id": "m-yi",
					"kind": "internal", "to_org_id": e.w.B.ID, "reason": "调动", "dues_paid_until": "2026-02"}).Status
			})
		}
		wg.Wait()
		close(statuses)
		created := 0
		for s := range statuses {
			switch s {
			case 201:
				created++
			case 409:
			default:
				t.Errorf("racing start answered %d", s)
			}
		}
		if created != 1 || e.count(t, "SELECT COUNT(*) FROM transfers WHERE member_id = 'm-yi' AND state IN ('pending', 'issued')") != 1 {
			t.Errorf("racing starts opened %d transfers", created)
		}
	})
}

// TestAcceptMovesOnceReturnAndCancelLeave: only acceptance moves the
// member, exactly once; a returned or cancelled transfer leaves them where
// they were, with the reason in their history.
func TestAcceptMovesOnceReturnAndCancelLeave(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ret := e.internal(t, e.w.A, "m-yi", e.w.B)
		got := transfer(t, e.do(t, secretary(e.w.B), "POST", "/api/v1/transfers/"+ret.ID+"/return",
			map[string]any{"reason": "该同志未到本单位工作"}, 200))
		if got.State != "returned" || got.ReturnReason != "该同志未到本单位工作" || got.DecidedBy != "书记第二支部" || len(got.History) != 2 {
			t.Errorf("returned: %+v", got)
		}
		can := e.internal(t, e.w.A, "m-bing", e.w.B)
		e.do(t, secretary(e.w.A), "POST", "/api/v1/transfers/"+can.ID+"/cancel", map[string]any{"reason": "不再调动"}, 200)
		for _, m := range []string{"m-yi", "m-bing"} {
			if e.dir.member(m).OrgID != e.w.A.ID {
				t.Errorf("%s left the branch", m)
			}
		}
		if n := e.dir.count("relocate "); n != 0 {
			t.Fatalf("relocated %d times without an acceptance", n)
		}
		if notes := e.dir.notesOf("m-yi"); len(notes) != 2 || !strings.HasPrefix(notes[1], "transfer_returned|2026-03-02|") ||
			!strings.HasSuffix(notes[1], "|该同志未到本单位工作") {
			t.Errorf("returned member's history: %q", notes)
		}
		if notes := e.dir.notesOf("m-bing"); len(notes) != 2 || !strings.HasPrefix(notes[1], "transfer_cancelled|") {
			t.Errorf("cancelled member's history: %q", notes)
		}

		acc := e.internal(t, e.w.A, "m-jia", e.w.B)
		got = transfer(t, e.do(t, secretary(e.w.B), "POST", "/api/v1/transfers/"+acc.ID+"/accept", map[string]any{}, 200))
		e.do(t, secretary(e.w.B), "POST", "/api/v1/transfers/"+acc.ID+"/accept", nil, 409)
		if got.State != "accepted" || got.DecidedAt == "" || e.dir.member("m-jia").OrgID != e.w.B.ID {
			t.Errorf("accepted: %+v, member %+v", got, e.dir.member("m-jia"))
		}
		if n := e.dir.count("relocate m-jia → " + e.w.B.ID); n != 1 || e.dir.count("relocate ") != 1 {
			t.Errorf("relocations: %q", e.dir.calls)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM outbox_events WHERE type = 'transfer.accepted' AND org_path = ?", e.w.B.Path); n != 1 {
			t.Errorf("transfer.accepted events: %d", n)
		}
	})
}

// TestAcceptRefusedWhenTheMemberMoved: a member moved by other means while
// the transfer was open cannot be accepted from the old branch.
func TestAcceptRefusedWhenTheMemberMoved(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tr := e.internal(t, e.w.A, "m-jia", e.w.B)
		e.dir.mu.Lock()
		m := e.dir.members["m-jia"]
		m.OrgID, m.OrgPath = e.w.X1.ID, e.w.X1.Path
		e.dir.members["m-jia"] = m
		e.dir.mu.Unlock()
		e.do(t, secretary(e.w.B), "POST", "/api/v1/transfers/"+tr.ID+"/accept", nil, 409)
		if e.dir.count("relocate ") != 0 {
			t.Error("relocated a member who had left the sending branch")
		}
	})
}

func TestIncoming(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		path := "/api/v1/orgs/" + e.w.B.ID + "/transfers/incoming"
		tr := transfer(t, e.do(t, secretary(e.w.B), "POST", path, incomingBody(" 新来 "), 201))
		if tr.Kind != "incoming" || tr.State != "accepted" || tr.MemberName != "新来" || tr.ToOrgID != e.w.B.ID ||
			tr.FromOrgName != "中共杭州市西湖区委" || tr.LetterNo != "浙组转〔2026〕118号" || len(tr.History) != 1 {
			t.Fatalf("incoming: %+v", tr)
		}
		if e.dir.count("register "+tr.MemberID+" "+e.w.B.ID) != 1 || e.dir.member(tr.MemberID).OrgID != e.w.B.ID {
			t.Errorf("registration: %q", e.dir.calls)
		}
		// One history line for the one fact: created, with the letter.
		if notes := e.dir.notesOf(tr.MemberID); len(notes) != 1 ||
			notes[0] != "created|组织关系由「中共杭州市西湖区委」转入（介绍信 浙组转〔2026〕118号，开具日期 2026-02-20）" {
			t.Errorf("registration note: %q", notes)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM outbox_events WHERE type = 'transfer.registered' AND org_path = ?", e.w.B.Path); n != 1 {
			t.Errorf("transfer.registered events: %d", n)
		}
		e.do(t, secretary(e.w.B), "GET", "/api/v1/transfers/"+tr.ID+"/letter", nil, 409)

		bad := incomingBody("")
		e.do(t, secretary(e.w.B), "POST", path, bad, 422) // the directory's validation
		bad = incomingBody("某人")
		bad["letter_no"], bad["issued_on"] = "", "2026-03-03"
		r := e.do(t, secretary(e.w.B), "POST", path, bad, 422)
		if !r.Contains(`"field":"letter_no"`) || !r.Contains(`"field":"issued_on","code":"future"`) {
			t.Errorf("incoming validation: %s", r.Body)
		}
		e.do(t, secretary(e.w.R), "POST", "/api/v1/orgs/"+e.w.R.ID+"/transfers/incoming", incomingBody("某人"), 409)
		e.do(t, secretary(e.w.A), "POST", path, incomingBody("某人"), 404)
		if n := e.count(t, "SELECT COUNT(*) FROM transfers"); n != 1 || e.dir.count("register ") != 1 {
			t.Errorf("refused registrations stored something: %d", n)
		}
	})
}
