package dues_test

import (
	"strings"
	"testing"
)

// settingsItem is one item of the settings view.
type settingsItem struct {
	Key     string   `json:"key"`
	Value   string   `json:"value"`
	Default string   `json:"default"`
	Source  string   `json:"source"`
	Options []string `json:"options"`
}

func TestSettingsDefaults(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		var v struct {
			OrgID string         `json:"org_id"`
			Items []settingsItem `json:"items"`
		}
		e.do(t, viewer(w.A), "GET", "/api/v1/orgs/"+w.A.ID+"/dues/settings", nil, 200).JSON(t, &v)
		want := map[string]string{"dues.rounding": "half_up", "dues.farmer_fen": "20", "dues.backpay_months": "6",
			"dues.ahead_months": "12", "dues.warn_months": "3,5", "dues.branch_share": "0%", "dues.committee_share": "0%"}
		if v.OrgID != w.A.ID || len(v.Items) != len(want) {
			t.Fatalf("view: %+v", v)
		}
		for _, it := range v.Items {
			if it.Value != want[it.Key] || it.Default != want[it.Key] || it.Source != "default" {
				t.Errorf("%s: %+v, want default %q", it.Key, it, want[it.Key])
			}
		}
		if v.Items[0].Key != "dues.rounding" || strings.Join(v.Items[0].Options, ",") != "half_up,down,up" {
			t.Errorf("rounding item: %+v", v.Items[0])
		}
	})
}

func TestSettingsValidationAndAccess(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		path := "/api/v1/orgs/" + w.R.ID + "/dues/settings"
		for _, c := range []struct{ key, value, msg string }{
			{"dues.farmer_fen", "10", "农民党员每月党费（分）应为 20–100 的整数"},
			{"dues.farmer_fen", "101", "20–100"},
			{"dues.rounding", "bankers", "党费取整方式应为 half_up、down、up 之一"},
			{"dues.backpay_months", "25", "补缴最多月数应为 0–24 的整数"},
			{"dues.ahead_months", "13", "预缴最多月数应为 0–12 的整数"},
			{"dues.warn_months", "3,6", "提醒月数 6 不在 1 至 5 之间"},
			{"dues.branch_share", "120%", "比例格式不正确"},
			{"dues.committee_share", "abc", "比例格式不正确"},
			{"dues.unknown", "1", "未知的设置项"},
		} {
			r := e.do(t, admin(w.R), "PUT", path, map[string]any{"values": map[string]any{c.key: c.value}}, 422)
			if !r.Contains(c.msg) {
				t.Errorf("%s=%s: %s, want %q", c.key, c.value, r.Body, c.msg)
			}
		}
		if n := e.count(t, "SELECT COUNT(*) FROM dues_settings"); n != 0 {
			t.Fatalf("%d values stored after refusals", n)
		}
		ok := map[string]any{"values": map[string]any{"dues.branch_share": "12.5%", "dues.warn_months": "2,4",
			"dues.rounding": "down", "dues.backpay_months": "0"}}
		e.do(t, viewer(w.R), "PUT", path, ok, 403)
		e.do(t, secretary(w.A), "PUT", path, ok, 404) // R is above the branch secretary
		e.do(t, secretary(w.X1), "GET", path, nil, 404)
		e.do(t, admin(w.R), "PUT", path, ok, 200)
		if n := e.count(t, "SELECT COUNT(*) FROM dues_settings WHERE org_id = ?", w.R.ID); n != 4 {
			t.Fatalf("%d values stored, want 4", n)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'dues.settings' AND target_id = ?", w.R.ID); n != 1 {
			t.Errorf("%d audit records, want 1", n)
		}
		e.do(t, admin(w.R), "PUT", path, map[string]any{"values": map[string]any{"dues.rounding": nil}}, 200)
		if n := e.count(t, "SELECT COUNT(*) FROM dues_settings WHERE org_id = ? AND key = 'dues.rounding'", w.R.ID); n != 0 {
			t.Errorf("null did not remove the value")
		}
	})
}
