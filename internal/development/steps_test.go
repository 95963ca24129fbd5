package development_test

import (
	"net/http"
	"strings"
	"testing"
)

// refused posts a step as the upper committee and returns the message of
// field (the answer must be 422).
func (e *env) refused(t *testing.T, id string, b map[string]any, field string) string {
	t.Helper()
	return fieldErr(t, e.do(t, e.upper(), "POST", stepPath(id), b, http.StatusUnprocessableEntity), field)
}

func TestStepOrder(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.open(t, "张三", "20000115", 11, applied)
		if msg := e.refused(t, f.ID, body(3, timeline[3]), "no"); !strings.Contains(msg, "须先办理第 2 步") {
			t.Errorf("step 3 first: %q", msg)
		}
		e.upTo(t, f.ID, 5)
		if msg := e.refused(t, f.ID, body(5, "2024-03-01"), "no"); !strings.Contains(msg, "已办理") {
			t.Errorf("step 5 twice: %q", msg)
		}
		// Reviews (step 6) repeat; the candidate step may follow without one.
		e.do(t, e.upper(), "POST", stepPath(f.ID), body(6, "2024-08-01"), http.StatusOK)
		got := e.do(t, e.upper(), "POST", stepPath(f.ID), body(6, "2025-01-20"), http.StatusOK)
		if !got.Contains(`"next_due":"2025-07-20"`) {
			t.Errorf("the next review is not due 6 months after the last: %s", got.Body)
		}
		e.do(t, e.upper(), "POST", stepPath(f.ID), body(7, timeline[7]), http.StatusOK)
		if msg := e.refused(t, f.ID, body(6, "2025-02-02"), "no"); !strings.Contains(msg, "后一步骤已办理") {
			t.Errorf("review after the candidate step: %q", msg)
		}
		if msg := e.refused(t, f.ID, body(8, "2025-01-31"), "on"); !strings.Contains(msg, "不能早于") {
			t.Errorf("a step dated before the last: %q", msg)
		}
		if msg := e.refused(t, f.ID, body(8, "2026-06-02"), "on"); msg != "办理日期不能晚于今天" {
			t.Errorf("a step in the future: %q", msg)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM dev_steps WHERE file_id = ?", f.ID); n != 8 {
			t.Errorf("%d steps stored, want 8 (refusals store nothing)", n)
		}
	})
}

func TestTimeRulesThroughTheAPI(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.open(t, "张三", "20000115", 11, applied)
		// Applied 2024-01-08: the talk by 2024-02-08.
		if msg := e.refused(t, f.ID, body(2, "2024-02-09"), "on"); !strings.Contains(msg, "谈话最迟应于2024年2月8日") {
			t.Errorf("talk a month and a day later: %q", msg)
		}
		e.do(t, e.upper(), "POST", stepPath(f.ID), body(2, "2024-02-08"), http.StatusOK)
		e.do(t, e.upper(), "POST", stepPath(f.ID), body(3, "2024-02-08"), http.StatusOK) // the day after applying is enough
		e.do(t, e.upper(), "POST", stepPath(f.ID), body(4, "2024-02-09"), http.StatusOK)
		e.do(t, e.upper(), "POST", stepPath(f.ID), body(5, "2024-02-10"), http.StatusOK)
		// Activist since 2024-02-08: candidate from 2025-02-08 (a year), not the day before.
		if msg := e.refused(t, f.ID, body(7, "2025-02-07"), "on"); !strings.Contains(msg, "最早可于2025年2月8日") {
			t.Errorf("candidate a day early: %q", msg)
		}
		for _, no := range []int{7, 8, 9, 10} {
			e.do(t, e.upper(), "POST", stepPath(f.ID), body(no, "2025-02-10"), http.StatusOK)
		}
		if msg := e.refused(t, f.ID, with(11, "2025-02-20", map[string]any{"days": 2, "hours": 23}), "days"); !strings.Contains(msg, "不少于三天") {
			t.Errorf("2 days 23 hours of training: %q", msg)
		}
		e.do(t, e.upper(), "POST", stepPath(f.ID), with(11, "2025-02-20", map[string]any{"days": 0, "hours": 24}), http.StatusOK)
		for _, no := range []int{12, 13, 14} {
			e.do(t, e.upper(), "POST", stepPath(f.ID), body(no, timeline[no]), http.StatusOK)
		}
		// 公示 from Tuesday 2025-03-04: Monday 2025-03-10 is the 5th working day.
		short := with(15, timeline[15], map[string]any{"publicity": map[string]string{"start": "2025-03-04", "end": "2025-03-09"}})
		if msg := e.refused(t, f.ID, short, "publicity.end"); !strings.Contains(msg, "最早于2025年3月10日结束") {
			t.Errorf("4 working days of 公示: %q", msg)
		}
		e.do(t, e.upper(), "POST", stepPath(f.ID), body(15, timeline[15]), http.StatusOK) // vote on 2025-04-01
		e.do(t, e.upper(), "POST", stepPath(f.ID), body(16, "2025-06-01"), http.StatusOK)
		if msg := e.refused(t, f.ID, body(17, "2025-07-02"), "on"); !strings.Contains(msg, "审批最迟应于2025年7月1日") {
			t.Errorf("approval 3 months and a day: %q", msg)
		}
		if msg := e.refused(t, f.ID, with(17, "2025-10-02", map[string]any{"extended": true}), "on"); !strings.Contains(msg, "延长后最迟应于2025年10月1日") {
			t.Errorf("extended approval 6 months and a day: %q", msg)
		}
		e.do(t, e.upper(), "POST", stepPath(f.ID), with(17, "2025-10-01", map[string]any{"extended": true}), http.StatusOK)
		for _, no := range []int{18, 19, 20, 22} {
			e.do(t, e.upper(), "POST", stepPath(f.ID), body(no, "2026-03-25"), http.StatusOK)
		}
		// Probation ends 2026-04-01: not the day before.
		early := with(23, "2026-03-31", map[string]any{"publicity": map[string]string{"start": "2026-03-25", "end": "2026-03-31"}})
		if msg := e.refused(t, f.ID, early, "on"); !strings.Contains(msg, "预备期至2026年4月1日届满") {
			t.Errorf("转正 vote before the probation ends: %q", msg)
		}
		e.do(t, e.upper(), "POST", stepPath(f.ID), body(23, timeline[23]), http.StatusOK)
		e.at("2026-07-02")
		if msg := e.refused(t, f.ID, body(24, "2026-07-02"), "on"); !strings.Contains(msg, "最迟应于2026年7月1日") {
			t.Errorf("转正 approval 3 months and a day: %q", msg)
		}
		e.do(t, e.upper(), "POST", stepPath(f.ID), body(24, "2026-07-01"), http.StatusOK)
	})
}

func TestPeopleThroughTheAPI(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.open(t, "张三", "20000115", 11, applied)
		e.upTo(t, f.ID, 8)
		one := with(9, timeline[9], map[string]any{"people": []any{person("m1", "sponsor")}})
		if msg := e.refused(t, f.ID, one, "people"); !strings.Contains(msg, "两名正式党员") {
			t.Errorf("one sponsor: %q", msg)
		}
		probationary := with(9, timeline[9], map[string]any{"people": []any{person("m1", "sponsor"), person("m5", "sponsor")}})
		if msg := e.refused(t, f.ID, probationary, "people[1].member_id"); !strings.Contains(msg, "「戊」是预备党员") {
			t.Errorf("a probationary sponsor: %q", msg)
		}
		unknown := with(9, timeline[9], map[string]any{"people": []any{person("m1", "sponsor"), person("zz", "sponsor")}})
		if msg := e.refused(t, f.ID, unknown, "people[1].member_id"); msg != "找不到该党员" {
			t.Errorf("an unknown sponsor: %q", msg)
		}
		got := e.do(t, e.upper(), "POST", stepPath(f.ID), body(9, timeline[9]), http.StatusOK)
		if !got.Contains(`"people":[{"member_id":"m1","name":"甲","role":"sponsor"},{"member_id":"m2","name":"乙","role":"sponsor"}]`) {
			t.Errorf("sponsors not stored with their names: %s", got.Body)
		}
	})
}

func TestUpperStepsNeedAStrictAncestor(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.open(t, "张三", "20000115", 11, applied)
		for _, no := range order[:10] { // through step 12
			e.do(t, e.branch(), "POST", stepPath(f.ID), body(no, timeline[no]), http.StatusOK)
		}
		r := e.do(t, e.branch(), "POST", stepPath(f.ID), body(13, timeline[13]), http.StatusForbidden)
		if !r.Contains("须由上级党组织审批") {
			t.Errorf("branch approving its own applicant: %s", r.Body)
		}
		e.do(t, e.viewer(), "POST", stepPath(f.ID), body(13, timeline[13]), http.StatusForbidden)
		e.do(t, e.outsider(), "POST", stepPath(f.ID), body(13, timeline[13]), http.StatusNotFound)
		got := e.do(t, e.upper(), "POST", stepPath(f.ID), body(13, timeline[13]), http.StatusOK)
		if !got.Contains(`"actor_name":"党委组织委员"`) {
			t.Errorf("step 13 not recorded by the upper committee: %s", got.Body)
		}
		e.do(t, e.branch(), "POST", stepPath(f.ID), body(14, timeline[14]), http.StatusOK)
	})
}
