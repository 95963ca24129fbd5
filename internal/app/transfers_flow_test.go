package app_test

import (
	"math/rand/v2"
	"net/http"
	"testing"

	"dangjian/internal/app"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

// branchOf lists, for each member, the branches whose member list shows
// them: through the real register, not the transfers package's view.
func (w *world) branchOf(t *testing.T, members []string) map[string][]string {
	t.Helper()
	seen := map[string][]string{}
	for _, org := range []string{"A1", "B1"} {
		var page struct {
			Items []struct{ ID string } `json:"items"`
		}
		w.srv.Do(t, "GET", "/api/v1/members?org="+w.ids[org]+"&page_size=100", nil).JSON(t, &page)
		for _, m := range page.Items {
			seen[m.ID] = append(seen[m.ID], org)
		}
	}
	return seen
}

// TestTransfersNeverLeaveAMemberInTwoBranchesOrNone drives random transfers
// between A1 and B1 through the HTTP API over the real register: after
// every step each member is listed in exactly one branch, the one the
// accepted transfers put them in; a returned or cancelled transfer leaves
// them where they were.
func TestTransfersNeverLeaveAMemberInTwoBranchesOrNone(t *testing.T) {
	dbtest.Each(t, app.Migrations(), func(t *testing.T, d *db.DB) {
		w := buildWorld(t, d)
		w.srv.As(w.principal(authz.OrgAdmin, "R"))
		// (The world's own members already have a letter out: new ones here.)
		people := []string{w.createMember(t, "A1", applicantID(t, "1988-08-08", "131"), "13800138013"), w.createMember(t, "A1", applicantID(t, "1992-02-02", "123"), "13800138011"),
			w.createMember(t, "B1", applicantID(t, "1978-03-03", "125"), "13800138012")}
		home := map[string]string{people[0]: "A1", people[1]: "A1", people[2]: "B1"}
		open := map[string]string{} // member → open transfer
		rng := rand.New(rand.NewPCG(6, 6))
		done := map[string]int{}
		for step := 0; step < 40; step++ {
			m := people[rng.IntN(len(people))]
			if tid, ok := open[m]; ok {
				action := []string{"accept", "return", "cancel"}[rng.IntN(3)]
				r := w.srv.Do(t, "POST", "/api/v1/transfers/"+tid+"/"+action, map[string]any{"reason": "测试"})
				if r.Status != http.StatusOK {
					t.Fatalf("step %d: %s: %d %s", step, action, r.Status, r.Body)
				}
				done[action]++
				if action == "accept" {
					home[m] = map[string]string{"A1": "B1", "B1": "A1"}[home[m]]
				}
				delete(open, m)
			} else {
				to := map[string]string{"A1": "B1", "B1": "A1"}[home[m]]
				r := w.srv.Do(t, "POST", "/api/v1/orgs/"+w.ids[home[m]]+"/transfers", map[string]any{"member_id": m,
					"kind": "internal", "to_org_id": w.ids[to], "reason": "工作调动", "dues_paid_until": "2026-11"})
				open[m] = w.idOf(t, r)
				// A second open transfer of the same member is refused.
				if again := w.srv.Do(t, "POST", "/api/v1/orgs/"+w.ids[home[m]]+"/transfers", map[string]any{"member_id": m,
					"kind": "outgoing", "to_org_name": "外省", "reason": "重复", "dues_paid_until": "2026-11"}); again.Status < 400 {
					t.Fatalf("step %d: a second open transfer was accepted: %s", step, again.Body)
				}
			}
			for _, p := range people {
				if got := w.branchOf(t, people)[p]; len(got) != 1 || got[0] != home[p] {
					t.Fatalf("step %d: member %s listed in %v; want only %s", step, p, got, home[p])
				}
			}
		}
		if done["accept"] == 0 || done["return"] == 0 || done["cancel"] == 0 {
			t.Fatalf("the walk did not take every action: %v", done)
		}
	})
}

// TestElectionCountsVotersFromTheRegister: an election's voters_expected is
// the register's count of its org's full members (a probationary member
// does not count).
func TestElectionCountsVotersFromTheRegister(t *testing.T) {
	dbtest.Each(t, app.Migrations(), func(t *testing.T, d *db.DB) {
		w := buildWorld(t, d)
		w.srv.As(w.principal(authz.OrgAdmin, "R"))
		w.createMember(t, "A1", applicantID(t, "1991-01-01", "141"), "13800138021")
		w.srv.Do(t, "POST", "/api/v1/members", map[string]any{"org_id": w.ids["A1"], "name": "预备", "gender": "male",
			"ethnicity": "汉族", "birth_date": "1995-05-05", "id_number": applicantID(t, "1995-05-05", "143"),
			"phone": "13800138022", "education": "bachelor", "category": "enterprise", "status": "probationary",
			"joined_on": "2026-06-01"})
		var el struct {
			VotersExpected int `json:"voters_expected"`
		}
		w.srv.Do(t, "GET", "/api/v1/elections/"+w.ourFlows.election, nil).JSON(t, &el)
		if el.VotersExpected != 2 {
			t.Fatalf("voters_expected = %d; want 2 (the world's member and the new full one)", el.VotersExpected)
		}
	})
}
