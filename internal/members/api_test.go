package members_test

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"dangjian/internal/members"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

var maskedID = regexp.MustCompile(`^\d{6}\*{8}\d{3}[\dX]$`)
var maskedPhone = regexp.MustCompile(`^\d{3}\*{4}\d{4}$`)

// TestCreateAndRead: a worker registers a member in their subtree and sees
// it masked, with age and 党龄 derived.
func TestCreateAndRead(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		srv := e.as(authz.PartyWorker, "A")
		p := person("张三", "1990-03-07", 13)
		r := srv.Do(t, "POST", "/api/v1/members", body(e.ids["A1"], p))
		wantStatus(t, r, 201)
		var m members.Member
		r.JSON(t, &m)
		if !maskedID.MatchString(m.IDNumber) || !maskedPhone.MatchString(m.Phone) || !strings.HasSuffix(m.Address, "****") {
			t.Errorf("not masked: %s", r.Body)
		}
		if r.Contains(p.IDNumber) || r.Contains(p.Phone) || r.Contains(p.Address) {
			t.Errorf("plaintext in answer: %s", r.Body)
		}
		if m.Age != 36 || m.PartyAge != 10 || m.OrgName != "A1" || m.State != "active" || m.Version != 1 || m.CreatedAt != "2026-11-22T02:00:00Z" {
			t.Errorf("derived fields: %+v", m)
		}
		got := srv.Do(t, "GET", "/api/v1/members/"+m.ID, nil)
		wantStatus(t, got, 200)
		var again members.Member
		got.JSON(t, &again)
		if again != m {
			t.Errorf("GET differs:\n%+v\n%+v", again, m)
		}
		// Out of the worker's scope: the org and the member are 404.
		other := e.as(authz.PartyWorker, "B1")
		wantStatus(t, other.Do(t, "POST", "/api/v1/members", body(e.ids["A1"], person("李四", "1991-01-01", 15))), 404)
		wantStatus(t, other.Do(t, "POST", "/api/v1/members", body("nope", person("李四", "1991-01-01", 15))), 404)
		for _, c := range []struct {
			method, path string
			body         any
		}{
			{"GET", "/api/v1/members/" + m.ID, nil},
			{"GET", "/api/v1/members/" + m.ID + "/history", nil},
			{"PATCH", "/api/v1/members/" + m.ID, map[string]any{"name": "改名"}},
			{"POST", "/api/v1/members/" + m.ID + "/reveal", map[string]any{"field": "phone"}},
			{"POST", "/api/v1/members/" + m.ID + "/end", map[string]any{"kind": "deceased", "on": "2026-11-01", "reason": "x"}},
			{"GET", "/api/v1/members?org=" + e.ids["A"], nil},
			{"GET", "/api/v1/orgs/" + e.ids["A1"] + "/members/export", nil},
		} {
			r := other.Do(t, c.method, c.path, c.body)
			if r.Status != 404 || r.Contains("张三") {
				t.Errorf("out of scope %s %s: %d %s", c.method, c.path, r.Status, r.Body)
			}
		}
		admin := e.as(authz.OrgAdmin, "B")
		wantStatus(t, admin.Do(t, "POST", "/api/v1/members/"+m.ID+"/move", map[string]any{"org_id": e.ids["B1"], "reason": "调动"}), 404)
		// A viewer reads but cannot write (the route's permission).
		v := e.as(authz.Viewer, "A1")
		wantStatus(t, v.Do(t, "GET", "/api/v1/members/"+m.ID, nil), 200)
		wantStatus(t, v.Do(t, "PATCH", "/api/v1/members/"+m.ID, map[string]any{"name": "x"}), 403)
		wantStatus(t, v.Do(t, "POST", "/api/v1/members/"+m.ID+"/reveal", map[string]any{"field": "phone"}), 403)
	})
}

// TestSearch: name prefix, exact phone and exact ID number, inside the
// asked subtree only; filters including the age band.
func TestSearch(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		zhang := person("张三", "1990-03-07", 1)
		e.add(t, "A1", zhang)
		e.add(t, "A1", person("张三丰", "1950-03-07", 3))
		young := person("王小", "2000-01-01", 5)
		young.Education, young.Status, young.FullMemberOn, young.JoinedOn = "master", "probationary", "", "2026-06-01"
		e.add(t, "A2", young)
		b := person("张飞", "1980-03-07", 7)
		e.add(t, "B1", b)
		minority := person("巴特尔", "1996-11-22", 9)
		minority.Ethnicity = "蒙古族"
		e.add(t, "A2", minority)

		names := func(srv interface{}, q url.Values) ([]string, members.Page) {
			t.Helper()
			r := e.srv.Do(t, "GET", "/api/v1/members?"+q.Encode(), nil)
			wantStatus(t, r, 200)
			var p members.Page
			r.JSON(t, &p)
			var out []string
			for _, m := range p.Items {
				out = append(out, m.Name)
			}
			return out, p
		}
		e.as(authz.PartyWorker, "A")
		// Lists are ordered by org, then name: compare as sets across orgs.
		check := func(q url.Values, want ...string) {
			t.Helper()
			got, p := names(nil, q)
			slices.Sort(got)
			slices.Sort(want)
			if strings.Join(got, ",") != strings.Join(want, ",") || p.Total != len(want) {
				t.Errorf("%s: got %v (total %d), want %v", q.Encode(), got, p.Total, want)
			}
		}
		A := e.ids["A"]
		check(url.Values{"org": {A}}, "张三", "张三丰", "巴特尔", "王小")
		check(url.Values{"org": {A}, "q": {"张"}}, "张三", "张三丰")
		check(url.Values{"org": {A}, "q": {"张三丰"}}, "张三丰")
		check(url.Values{"org": {A}, "q": {zhang.Phone}}, "张三")
		check(url.Values{"org": {A}, "q": {zhang.Phone[:3] + " " + zhang.Phone[3:]}}, "张三")
		check(url.Values{"org": {A}, "q": {strings.ToLower(zhang.IDNumber)}}, "张三")
		check(url.Values{"org": {A}, "q": {b.Phone}})    // in B1: not found from A
		check(url.Values{"org": {A}, "q": {b.IDNumber}}) // idem
		check(url.Values{"org": {A}, "q": {"张飞"}})       // idem
		check(url.Values{"org": {A}, "status": {"probationary"}}, "王小")
		check(url.Values{"org": {A}, "status": {"full"}}, "张三", "张三丰", "巴特尔")
		check(url.Values{"org": {A}, "education": {"master"}}, "王小")
		check(url.Values{"org": {A}, "ethnicity": {"蒙古族"}}, "巴特尔")
		check(url.Values{"org": {A}, "gender": {"female"}})
		check(url.Values{"org": {A}, "gender": {"male"}}, "张三", "张三丰", "巴特尔", "王小")
		check(url.Values{"org": {A}, "age_band": {"u30"}}, "王小", "巴特尔") // 26, and 30 today
		check(url.Values{"org": {A}, "age_band": {"31_40"}}, "张三")      // 36
		check(url.Values{"org": {A}, "age_band": {"o70"}}, "张三丰")
		check(url.Values{"org": {e.ids["A2"]}}, "巴特尔", "王小")
		// Page size and paging keep the total.
		p1, _ := names(nil, url.Values{"org": {A}, "page_size": {"2"}})
		p2, p := names(nil, url.Values{"org": {A}, "page_size": {"2"}, "page": {"2"}})
		all := append(p1, p2...)
		slices.Sort(all)
		if len(p.Items) != 2 || p.Total != 4 || p.Page != 2 || p.PageSize != 2 || strings.Join(all, ",") != "巴特尔,张三,张三丰,王小" {
			t.Errorf("pages: %v %v %+v", p1, p2, p)
		}
		// A name search is ordered by name.
		if got, _ := names(nil, url.Values{"org": {A}, "q": {"张"}}); strings.Join(got, ",") != "张三,张三丰" {
			t.Errorf("name order: %v", got)
		}
		// Bad filters are 422; no org with several scopes is 422; the
		// worker's single scope is the default.
		wantStatus(t, e.srv.Do(t, "GET", "/api/v1/members?org="+A+"&age_band=old", nil), 422)
		got, _ := names(nil, url.Values{})
		if len(got) != 4 {
			t.Errorf("default org: %v", got)
		}
		two := e.principal(authz.PartyWorker, "A1")
		two.Grants = append(two.Grants, e.principal(authz.PartyWorker, "B1").Grants...)
		e.srv.As(two)
		wantStatus(t, e.srv.Do(t, "GET", "/api/v1/members", nil), 422)
		// A worker at A1 asking for A (above them) is 404.
		e.as(authz.PartyWorker, "A1")
		wantStatus(t, e.srv.Do(t, "GET", "/api/v1/members?org="+A, nil), 404)
	})
}

// TestNoPlaintextInDatabase: no ID number, phone or address is stored in
// the clear in any table (SECURITY.md "Data").
func TestNoPlaintextInDatabase(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		var people []members.Details
		for i := 1; i <= 5; i++ {
			p := person("党员"+string(rune('甲'+i)), "1980-01-01", i)
			people = append(people, p)
			id := e.add(t, "A1", p)
			ctx := e.ctxAs(authz.OrgAdmin, "R")
			newPhone := "1360000000" + string(rune('0'+i))
			if _, err := e.m.Update(ctx, id, members.Patch{Phone: &newPhone}); err != nil {
				t.Fatal(err)
			}
			if _, err := e.m.Reveal(ctx, id, "id_number"); err != nil {
				t.Fatal(err)
			}
			people = append(people, members.Details{Phone: newPhone})
		}
		dump := dumpText(t, d, "members", "member_events", "member_counts", "member_imports", "audit_log", "outbox_events")
		for _, p := range people {
			for _, v := range []string{p.IDNumber, p.Phone, p.Address} {
				if v != "" && strings.Contains(dump, v) {
					t.Errorf("plaintext %q found in the database", v[:4]+"…")
				}
			}
		}
		if m := validIDRun.FindString(dump); m != "" {
			t.Errorf("an ID number-like value is stored: %s…", m[:6])
		}
	})
}

var validIDRun = regexp.MustCompile(`(?:^|[^0-9A-Za-z])(\d{17}[\dX])(?:[^0-9A-Za-z]|$)`)

// dumpText concatenates every text column of the tables.
func dumpText(t *testing.T, d *db.DB, tables ...string) string {
	t.Helper()
	var b strings.Builder
	for _, table := range tables {
		rows, err := d.QueryContext(context.Background(), "SELECT * FROM "+table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				switch x := v.(type) {
				case string:
					b.WriteString(x + "\n")
				case []byte:
					b.Write(x)
					b.WriteString("\n")
				}
			}
		}
		rows.Close()
	}
	return b.String()
}
