package settings

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"testing"
	"time"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/httpx"
)

var steps = append(slices.Clone(audit.Migrations), db.Migration{ID: "settings.test", SQL: Migration("test_settings")})

var cat = &Catalog{Table: "test_settings", AuditAction: "test.settings", Items: []Item{
	{Key: "day", Label: "固定日", Default: "15", Min: 1, Max: 28},
	{Key: "photo", Label: "拍照", Default: "off", Options: []string{"on", "off"}},
	{Key: "cap", Label: "上限", Default: "1/3", Check: func(v string) string {
		if v != "1/3" && v != "1/2" {
			return "上限格式有误"
		}
		return ""
	}},
}}

var at = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

func str(s string) *string { return &s }

func set(t *testing.T, d *db.DB, org string, values map[string]*string) {
	t.Helper()
	if err := cat.Set(context.Background(), d, at, "张三", org, values); err != nil {
		t.Fatalf("Set at %s: %v", org, err)
	}
}

// check asserts key's value and provenance at path.
func check(t *testing.T, d *db.DB, path, key, value, source, srcOrg string) {
	t.Helper()
	v, err := cat.Resolve(context.Background(), d, path)
	if err != nil {
		t.Fatal(err)
	}
	if r := v[key]; r.Value != value || r.Source != source || r.SourceOrgID != srcOrg {
		t.Errorf("%s at %s: value %q source %q from %q, want %q %q from %q", key, path, r.Value, r.Source, r.SourceOrgID, value, source, srcOrg)
	}
}

func TestInheritance(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		check(t, d, "/a/b/c/", "day", "15", SourceDefault, "")
		set(t, d, "a", map[string]*string{"day": str("5"), "photo": str("on")})
		check(t, d, "/a/", "day", "5", SourceOwn, "a")
		check(t, d, "/a/b/c/", "day", "5", SourceInherited, "a")
		check(t, d, "/x/", "day", "15", SourceDefault, "")

		set(t, d, "b", map[string]*string{"day": str("9")})
		check(t, d, "/a/b/c/", "day", "9", SourceInherited, "b") // nearest wins
		check(t, d, "/a/b/", "day", "9", SourceOwn, "b")
		check(t, d, "/a/", "day", "5", SourceOwn, "a") // a lower org never changes its ancestors
		check(t, d, "/a/b/c/", "photo", "on", SourceInherited, "a")

		set(t, d, "b", map[string]*string{"day": nil}) // removing falls back to the ancestor
		check(t, d, "/a/b/c/", "day", "5", SourceInherited, "a")
		check(t, d, "/a/b/", "day", "5", SourceInherited, "a")
	})
}

func TestSetRejectsAllOnOneBadValue(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		err := cat.Set(context.Background(), d, at, "张三", "a", map[string]*string{
			"day": str("6"), "photo": str("yes"), "cap": str("2/3"), "nope": str("1")})
		var he *httpx.Error
		if !errors.As(err, &he) || he.Status != http.StatusUnprocessableEntity {
			t.Fatalf("err = %v, want 422", err)
		}
		got := map[string]string{}
		for _, f := range he.Fields {
			got[f.Field] = f.Code + ":" + f.Message
		}
		want := map[string]string{"photo": "invalid:拍照应为 on、off 之一", "cap": "invalid:上限格式有误", "nope": "unknown:未知的设置项"}
		if len(got) != len(want) {
			t.Errorf("fields %v, want %v", got, want)
		}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("field %s = %q, want %q", k, got[k], w)
			}
		}
		check(t, d, "/a/", "day", "15", SourceDefault, "") // nothing written
		if ok, _ := audit.Has(context.Background(), d, "test.settings"); ok {
			t.Error("a rejected change was audited")
		}
	})
}

func TestSetWritesRowAndAudit(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		set(t, d, "a", map[string]*string{"cap": str("1/2")})
		var by string
		var setAt int64
		if err := d.QueryRowContext(context.Background(), "SELECT set_by_name, set_at FROM test_settings WHERE org_id = ? AND key = ?",
			"a", "cap").Scan(&by, &setAt); err != nil {
			t.Fatal(err)
		}
		if by != "张三" || setAt != at.UnixMilli() {
			t.Errorf("row set by %q at %d", by, setAt)
		}
		if ok, err := audit.Has(context.Background(), d, "test.settings"); err != nil || !ok {
			t.Errorf("audit test.settings missing (%v)", err)
		}
	})
}

func TestView(t *testing.T) {
	dbtest.Each(t, steps, func(t *testing.T, d *db.DB) {
		set(t, d, "a", map[string]*string{"photo": str("on")})
		set(t, d, "b", map[string]*string{"day": str("3")})
		var asked []string
		names := func(_ context.Context, ids []string) (map[string]string, error) {
			asked = append(asked, ids...)
			return map[string]string{"a": "党委", "b": "支部"}, nil
		}
		v, err := cat.View(context.Background(), d, "b", "/a/b/", names)
		if err != nil {
			t.Fatal(err)
		}
		if v.OrgID != "b" || len(v.Items) != len(cat.Items) {
			t.Fatalf("view %+v", v)
		}
		type row struct{ key, value, source, name string }
		want := []row{{"day", "3", SourceOwn, "支部"}, {"photo", "on", SourceInherited, "党委"}, {"cap", "1/3", SourceDefault, ""}}
		for i, w := range want {
			it := v.Items[i]
			if (row{it.Key, it.Value, it.Source, it.SourceOrgName}) != w {
				t.Errorf("item %d = %+v, want %+v", i, it, w)
			}
		}
		slices.Sort(asked)
		if !slices.Equal(asked, []string{"a", "b"}) {
			t.Errorf("names asked for %q, want the source orgs only", asked)
		}
	})
}
