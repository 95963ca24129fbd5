package members_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

// TestMemberDataRights: a member sees a full copy of their own data (and
// only theirs), asks for a correction whose personal data is stored sealed
// and shown masked, and their branch answers it.
func TestMemberDataRights(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := person("王芳", "1988-05-06", 12)
		me := e.add(t, "A1", p)
		other := e.add(t, "B1", person("赵强", "1979-01-02", 13))
		self := &authz.Principal{AccountID: "acc-me", Username: "139****0012", DisplayName: "王芳", MemberID: me,
			Grants: []authz.Grant{{ID: "g", Role: authz.MemberRole, OrgID: e.ids["A1"], OrgPath: e.paths["A1"]}}}
		e.srv.As(self)

		r := e.srv.Do(t, "GET", "/api/v1/me/member/export", nil)
		wantStatus(t, r, http.StatusOK)
		if !r.Contains(p.IDNumber) || !r.Contains(p.Phone) || r.Contains("赵强") {
			t.Errorf("self export must hold my full data and nobody else's: %.400s", r.Body)
		}
		var n int
		d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM audit_log WHERE action = 'member.self_export'").Scan(&n)
		if n != 1 {
			t.Errorf("self export audited %d times", n)
		}

		wantStatus(t, e.srv.Do(t, "POST", "/api/v1/me/member/corrections", map[string]any{"field": "phone", "proposed": ""}), http.StatusUnprocessableEntity)
		r = e.srv.Do(t, "POST", "/api/v1/me/member/corrections", map[string]any{"field": "phone", "proposed": "13512345678", "note": "换号了"})
		wantStatus(t, r, http.StatusCreated)
		id := r.Map(t)["id"].(string)
		if r.Contains("13512345678") || !r.Contains("135****5678") {
			t.Errorf("proposed phone must be shown masked: %s", r.Body)
		}
		var raw string
		d.QueryRowContext(context.Background(), "SELECT proposed_sealed FROM member_corrections WHERE id = ?", id).Scan(&raw)
		if strings.Contains(raw, "13512345678") || raw == "" {
			t.Errorf("proposed value stored in the clear: %q", raw)
		}
		if r := e.srv.Do(t, "GET", "/api/v1/me/member/corrections", nil); !r.Contains(id) {
			t.Errorf("my corrections: %s", r.Body)
		}

		e.as(authz.PartyWorker, "B1")
		wantStatus(t, e.srv.Do(t, "GET", "/api/v1/members/"+me+"/corrections", nil), http.StatusNotFound)
		wantStatus(t, e.srv.Do(t, "POST", "/api/v1/corrections/"+id+"/resolve", map[string]any{"accepted": true}), http.StatusNotFound)
		e.as(authz.PartyWorker, "A1")
		wantStatus(t, e.srv.Do(t, "POST", "/api/v1/corrections/"+id+"/resolve", map[string]any{"accepted": false}), http.StatusUnprocessableEntity)
		r = e.srv.Do(t, "POST", "/api/v1/corrections/"+id+"/resolve", map[string]any{"accepted": true, "note": "已更正"})
		wantStatus(t, r, http.StatusOK)
		if r.Map(t)["status"] != "accepted" {
			t.Errorf("resolve: %s", r.Body)
		}
		wantStatus(t, e.srv.Do(t, "POST", "/api/v1/corrections/"+id+"/resolve", map[string]any{"accepted": true}), http.StatusConflict)

		if _, err := e.orgs.AddPosition(context.Background(), e.ids["A1"], orgs.NewPosition{MemberID: me, Title: "publicity", StartOn: "2024-01-01"}); err != nil {
			t.Fatal(err)
		}
		r = e.srv.Do(t, "GET", "/api/v1/members/"+me+"/positions", nil)
		if !r.Contains("宣传委员") {
			t.Errorf("positions: %s", r.Body)
		}
		wantStatus(t, e.srv.Do(t, "GET", "/api/v1/members/"+other+"/positions", nil), http.StatusNotFound)
	})
}
