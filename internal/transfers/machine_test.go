package transfers_test

import (
	"fmt"
	"net/http"
	"testing"

	"dangjian/internal/platform/authz"
	"dangjian/internal/transfers"
)

// stateSetups bring a fresh member's transfer into each state there is.
var stateSetups = []struct {
	name  string
	state string
	setup func(t *testing.T, e *env, memberID string) string
}{
	{"internal pending", "pending", func(t *testing.T, e *env, m string) string { return e.internal(t, e.w.A, m, e.w.B).ID }},
	{"internal accepted", "accepted", func(t *testing.T, e *env, m string) string {
		return e.act(t, e.internal(t, e.w.A, m, e.w.B).ID, "accept", nil, 200)
	}},
	{"internal returned", "returned", func(t *testing.T, e *env, m string) string {
		return e.act(t, e.internal(t, e.w.A, m, e.w.B).ID, "return", map[string]any{"reason": "不在本单位工作"}, 200)
	}},
	{"internal cancelled", "cancelled", func(t *testing.T, e *env, m string) string {
		return e.act(t, e.internal(t, e.w.A, m, e.w.B).ID, "cancel", nil, 200)
	}},
	{"outgoing issued", "issued", func(t *testing.T, e *env, m string) string { return e.outgoing(t, e.w.A, m).ID }},
	{"outgoing confirmed", "confirmed", func(t *testing.T, e *env, m string) string {
		return e.act(t, e.outgoing(t, e.w.A, m).ID, "confirm", map[string]any{"reported_on": "2026-03-02"}, 200)
	}},
	{"outgoing cancelled", "cancelled", func(t *testing.T, e *env, m string) string {
		return e.act(t, e.outgoing(t, e.w.A, m).ID, "cancel", map[string]any{"reason": "本人不再调动"}, 200)
	}},
	{"incoming accepted", "accepted", func(t *testing.T, e *env, m string) string {
		return transfer(t, e.do(t, secretary(e.w.B), "POST", "/api/v1/orgs/"+e.w.B.ID+"/transfers/incoming",
			incomingBody("外来"+m), 201)).ID
	}},
}

// actions with a valid body each, and the state each leads to.
var actions = []struct {
	name, to string
	body     map[string]any
}{
	{"accept", "accepted", nil},
	{"return", "returned", map[string]any{"reason": "查无此人"}},
	{"cancel", "cancelled", map[string]any{"reason": "撤销"}},
	{"confirm", "confirmed", map[string]any{"reported_on": "2026-03-02", "note": "回执已寄回"}},
}

// allowed: only open transfers move, and each only by the actions of its kind.
var allowed = map[string]map[string]bool{
	"internal pending": {"accept": true, "return": true, "cancel": true},
	"outgoing issued":  {"cancel": true, "confirm": true},
}

// TestStateMachine tries every action on a transfer in every state, as an
// administrator of both ends: allowed moves answer 200 with the new state,
// every other answers 409 and changes nothing.
func TestStateMachine(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		n := 0
		for _, st := range stateSetups {
			for _, a := range actions {
				n++
				m := fmt.Sprintf("m-%d", n)
				e.addMember(m, "党员"+m, e.w.A, "full")
				id := st.setup(t, e, m)
				want := http.StatusConflict
				if allowed[st.name][a.name] {
					want = http.StatusOK
				}
				r := e.srv.As(grant(authz.OrgAdmin, e.w.R)).Do(t, "POST", "/api/v1/transfers/"+id+"/"+a.name, a.body)
				if r.Status != want {
					t.Errorf("%s × %s: %d, want %d: %s", st.name, a.name, r.Status, want, r.Body)
					continue
				}
				got := transfer(t, e.do(t, viewer(e.w.R), "GET", "/api/v1/transfers/"+id, nil, 200))
				if wantState := map[bool]string{true: a.to, false: st.state}[want == 200]; got.State != wantState {
					t.Errorf("%s × %s: state %s, want %s", st.name, a.name, got.State, wantState)
				}
			}
		}
	})
}

// act posts an action on a transfer as an administrator of R and returns its ID.
func (e *env) act(t *testing.T, id, action string, body any, want int) string {
	t.Helper()
	e.do(t, grant(authz.OrgAdmin, e.w.R), "POST", "/api/v1/transfers/"+id+"/"+action, body, want)
	return id
}

func incomingBody(name string) map[string]any {
	return map[string]any{"letter_no": "浙组转〔2026〕118号", "from_org_name": "中共杭州市西湖区委", "issued_on": "2026-02-20",
		"name": name, "gender": "女", "ethnicity": "汉族", "birth_date": "1990-01-01", "id_number": "110105199001011248",
		"phone": "13800001111", "education": "本科", "category": "professional", "status": "full",
		"joined_on": "2012-07-01", "full_member_on": "2013-07-01"}
}

// TestActionChecks: a return without a reason and a 回执 dated before the
// letter or in the future are refused with field errors; so is an
// unknown kind of start.
func TestActionChecks(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		in := e.internal(t, e.w.A, "m-jia", e.w.B)
		r := e.do(t, secretary(e.w.B), "POST", "/api/v1/transfers/"+in.ID+"/return", map[string]any{"reason": "  "}, 422)
		if !r.Contains("教育管理工作条例") {
			t.Errorf("a return without reason should name the regulation: %s", r.Body)
		}
		out := e.outgoing(t, e.w.A, "m-yi")
		for _, day := range []string{"2026-03-01", "2026-03-03", "03/02"} {
			e.do(t, secretary(e.w.A), "POST", "/api/v1/transfers/"+out.ID+"/confirm", map[string]any{"reported_on": day}, 422)
		}
		if got := transfer(t, e.do(t, secretary(e.w.A), "GET", "/api/v1/transfers/"+out.ID, nil, 200)); got.State != transfers.StateIssued {
			t.Errorf("refused confirmations changed the state: %s", got.State)
		}
		if e.dir.count("out ") != 0 {
			t.Error("a refused confirmation took the member off the platform")
		}
	})
}
