package appraisal_test

import (
	"cmp"
	"fmt"
	"strings"
	"testing"

	"dangjian/internal/appraisal"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

// TestExcellentCap: 优秀 is capped at a share of the participants, rounded
// down — one third by default (9 → 3, 10 → 3, 2 → 0) or what the subtree
// sets — and the refusal states the rule and the numbers.
func TestExcellentCap(t *testing.T) {
	cases := []struct {
		setting   string // at the root; "" = default
		n, excell int
		ok        bool
		detail    string
	}{
		{"", 9, 3, true, ""},
		{"", 9, 4, false, "优秀等次一般不超过参评党员的三分之一：本次参评党员 9 人，优秀最多 3 人，现拟定 4 人"},
		{"", 10, 3, true, ""},
		{"", 10, 4, false, "本次参评党员 10 人，优秀最多 3 人，现拟定 4 人"},
		{"", 2, 0, true, ""},
		{"", 2, 1, false, "本次参评党员 2 人，优秀最多 0 人，现拟定 1 人"},
		{"1/4", 9, 2, true, ""},
		{"1/4", 9, 3, false, "优秀等次不超过参评党员的 1/4（本组织或上级组织的设定）：本次参评党员 9 人，优秀最多 2 人"},
	}
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for i, c := range cases {
			name := fmt.Sprintf("%d_of_%d_cap_%s", c.excell, c.n, strings.ReplaceAll(cmp.Or(c.setting, "default"), "/", "in"))
			t.Run(name, func(t *testing.T) {
				delete(e.settings.values, e.root.Path)
				if c.setting != "" {
					e.settings.values[e.root.Path] = c.setting
				}
				b, ms := e.branch(fmt.Sprintf("支部%d", i), fmt.Sprintf("k%d", i), c.n, false)
				rd := e.open(t, b)
				e.do(t, worker(b), "POST", "/api/v1/appraisals/"+rd.ID+"/close-rating", nil, 200)
				over := map[string]string{}
				for _, id := range ms[:c.excell] {
					over[id] = "excellent"
				}
				want := 422
				if c.ok {
					want = 200
				}
				r := e.do(t, worker(b), "PUT", "/api/v1/appraisals/"+rd.ID+"/proposal",
					map[string]any{"grades": grades(ms, "qualified", over)}, want)
				if !c.ok && (!r.Contains("excellent_cap_exceeded") || !r.Contains(c.detail)) {
					t.Errorf("refusal: %s", r.Body)
				}
				if c.ok {
					var v appraisal.Round
					r.JSON(t, &v)
					if v.ExcellentMax != c.excell {
						t.Errorf("excellent_max %d, want %d", v.ExcellentMax, c.excell)
					}
				}
			})
		}
	})
}
