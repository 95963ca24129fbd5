package orgs_test

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"testing"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

func deg(v float64) *float64 { return &v }

// point renders an org's coordinates for comparison ("-" when none).
func point(o orgs.Org) string {
	if o.Longitude == nil && o.Latitude == nil {
		return "-"
	}
	b, _ := json.Marshal([]*float64{o.Longitude, o.Latitude})
	return string(b)
}

func TestLocationIsValidatedOnCreate(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		root := e.mk(t, orgs.Org{}, "R", orgs.KindLeadingBody)
		cases := []struct {
			name     string
			lng, lat *float64
			want     string
		}{
			{"a point in the city", deg(113.625417), deg(34.746583), ""},
			{"China's western and southern edge", deg(73), deg(3), ""},
			{"China's eastern and northern edge", deg(136), deg(54), ""},
			{"no point", nil, nil, ""},
			{"longitude alone", deg(113.6), nil, "validation_failed:latitude"},
			{"latitude alone", nil, deg(34.7), "validation_failed:longitude"},
			{"swapped pair", deg(34.7), deg(113.6), "validation_failed:longitude"},
			{"west of China", deg(72.9), deg(34.7), "validation_failed:longitude"},
			{"east of China", deg(136.1), deg(34.7), "validation_failed:longitude"},
			{"north of China", deg(113.6), deg(54.1), "validation_failed:latitude"},
			{"southern hemisphere", deg(113.6), deg(-34.7), "validation_failed:latitude"},
			{"not a number", deg(math.NaN()), deg(34.7), "validation_failed:longitude"},
		}
		for i, tc := range cases {
			o, err := e.s.Create(ctx, orgs.NewOrg{ParentID: root.ID, Name: tc.name, Kind: orgs.KindCommittee,
				Code: string(rune('a' + i)), Longitude: tc.lng, Latitude: tc.lat})
			if got := code(err); got != tc.want {
				t.Errorf("%s: %s, want %q", tc.name, got, tc.want)
				continue
			}
			if err != nil {
				continue
			}
			want := point(orgs.Org{Longitude: tc.lng, Latitude: tc.lat})
			if got := point(e.get(t, o.ID)); got != want || point(o) != want {
				t.Errorf("%s: stored %s, returned %s, want %s", tc.name, got, point(o), want)
			}
		}
	})
}

func TestLocationThroughTheAPI(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		root := e.mk(t, orgs.Org{}, "R", orgs.KindLeadingBody)
		srv := apitest.New()
		e.s.Routes(srv.Router)
		srv.As(as(authz.OrgAdmin, root))

		r := srv.Do(t, "POST", "/api/v1/orgs", map[string]any{"parent_id": root.ID, "name": "机关党委",
			"kind": "committee", "longitude": 113.625417, "latitude": 34.746583})
		var made orgs.OrgJSON
		r.JSON(t, &made)
		if r.Status != http.StatusCreated || made.Longitude == nil || *made.Longitude != 113.625417 || *made.Latitude != 34.746583 {
			t.Fatalf("create with a point: %d %s", r.Status, r.Body)
		}
		id := "/api/v1/orgs/" + made.ID

		// A patch that does not name the coordinates leaves them alone.
		r = srv.Do(t, "PATCH", id, map[string]any{"name": "市直机关党委"})
		if r.Status != http.StatusOK || point(e.get(t, made.ID)) != "[113.625417,34.746583]" {
			t.Fatalf("patch without coordinates: %d %s → %s", r.Status, r.Body, point(e.get(t, made.ID)))
		}
		r = srv.Do(t, "PATCH", id, map[string]any{"latitude": nil})
		if r.Status != http.StatusUnprocessableEntity || !r.Contains(`"latitude"`) || !r.Contains("请同时填写纬度") {
			t.Errorf("clearing one coordinate: %d %s", r.Status, r.Body)
		}
		r = srv.Do(t, "PATCH", id, map[string]any{"longitude": 113.7, "latitude": 34.8})
		if r.Status != http.StatusOK || point(e.get(t, made.ID)) != "[113.7,34.8]" {
			t.Fatalf("move the point: %d %s", r.Status, r.Body)
		}
		r = srv.Do(t, "PATCH", id, map[string]any{"longitude": nil, "latitude": nil})
		if r.Status != http.StatusOK || !r.Contains(`"longitude":null`) || point(e.get(t, made.ID)) != "-" {
			t.Errorf("clear the point: %d %s", r.Status, r.Body)
		}
		var n int
		if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_events WHERE org_id = ? AND detail LIKE ?",
			made.ID, "%经纬度「113.7, 34.8」→「」%").Scan(&n); err != nil || n != 1 {
			t.Errorf("history entries of the cleared point: %d %v", n, err)
		}
	})
}

func TestBulkLoadKeepsLocation(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		b := orgs.BulkOrg{ID: "bulk-root", NewOrg: orgs.NewOrg{Name: "R", Kind: orgs.KindLeadingBody,
			Longitude: deg(113.6), Latitude: deg(34.7)}}
		if err := e.s.BulkLoad(context.Background(), d, []orgs.BulkOrg{b}); err != nil {
			t.Fatal(err)
		}
		if got := point(e.get(t, b.ID)); got != "[113.6,34.7]" {
			t.Errorf("bulk-loaded point %s", got)
		}
	})
}
