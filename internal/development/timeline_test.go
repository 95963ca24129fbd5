package development_test

import (
	"net/http"
	"testing"
)

// applied and timeline date a file that keeps every rule of 发展细则: the
// talk within a month, a year as activist (step 3 to 7 exactly a year),
// 5 working days of 公示 across a weekend before each vote, the approval
// within 3 months, probation ending on 2026-04-01 and the 转正 vote that
// day. Step 6 and 21 (the optional reviews) are left out.
const applied = "2024-01-08"

var timeline = map[int]string{
	2: "2024-01-15", 3: "2024-02-01", 4: "2024-02-05", 5: "2024-02-10", 7: "2025-02-01", 8: "2025-02-03",
	9: "2025-02-05", 10: "2025-02-10", 11: "2025-02-20", 12: "2025-03-03", 13: "2025-03-20", 14: "2025-03-25",
	15: "2025-04-01", 16: "2025-04-15", 17: "2025-05-01", 18: "2025-05-05", 19: "2025-05-06", 20: "2025-05-07",
	22: "2026-03-25", 23: "2026-04-01", 24: "2026-04-20", 25: "2026-04-25",
}

var order = []int{2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 22, 23, 24, 25}

// vote is the roster of A's 支部大会 (four full members present, the
// probationary member without a vote) with yes votes in favour.
func vote(yes int) map[string]any { return voteOf([]string{"m1", "m2", "m3", "m4"}, yes, "m5") }

// voteOf is a roster of a branch: its full members, all present, with yes
// votes in favour and the rest against, and the members without a vote.
func voteOf(full []string, yes int, without ...string) map[string]any {
	var voters []map[string]any
	for _, id := range full {
		voters = append(voters, map[string]any{"member_id": id, "has_vote": true, "should_attend": true, "present": true})
	}
	for _, id := range without {
		voters = append(voters, map[string]any{"member_id": id, "has_vote": false, "should_attend": false, "present": true})
	}
	return map[string]any{"voters": voters, "ballot": map[string]any{"yes": yes, "no": len(full) - yes}}
}

func person(id, role string) map[string]any { return map[string]any{"member_id": id, "role": role} }

// body is a valid body of step no on date.
func body(no int, on string) map[string]any {
	b := map[string]any{"no": no, "on": on}
	switch no {
	case 2:
		b["people"] = []any{person("m1", "talker")}
	case 5:
		b["people"] = []any{person("m1", "contact")}
	case 9:
		b["people"] = []any{person("m1", "sponsor"), person("m2", "sponsor")}
	case 11:
		b["days"] = 3
	case 15:
		b["publicity"] = map[string]string{"start": "2025-03-04", "end": "2025-03-10"}
		b["vote"] = vote(4)
	case 23:
		b["publicity"] = map[string]string{"start": "2026-03-26", "end": "2026-04-01"}
		b["vote"] = vote(3)
	}
	return b
}

func stepPath(id string) string { return "/api/v1/development/files/" + id + "/steps" }

// upTo records the timeline's steps after the file's last one through
// last, as the upper committee (who may take every step of its branches).
func (e *env) upTo(t *testing.T, id string, last int) {
	t.Helper()
	from := e.get(t, id).LastStep
	for _, no := range order {
		if no > from && no <= last {
			e.do(t, e.upper(), "POST", stepPath(id), body(no, timeline[no]), http.StatusOK)
		}
	}
}

// with is body(no) with some fields replaced.
func with(no int, on string, extra map[string]any) map[string]any {
	b := body(no, on)
	for k, v := range extra {
		b[k] = v
	}
	return b
}
