package development_test

import (
	"net/http"
	"strings"
	"testing"
)

// voter is one roster entry of a step body.
func voter(id string, hasVote, shouldAttend, present bool) map[string]any {
	return map[string]any{"member_id": id, "has_vote": hasVote, "should_attend": shouldAttend, "present": present}
}

// roster is a vote of the given roster with yes votes in favour.
func roster(yes int, voters ...map[string]any) map[string]any {
	return map[string]any{"vote": map[string]any{"voters": voters, "ballot": map[string]any{"yes": yes}}}
}

// TestVoteRosterIsTheBranch: 应到会 is counted from the roster, so the
// server holds it to the register — every full member of A (甲 乙 丙 丁)
// on it with a vote, nobody else with one — on both votes (15 and 23).
func TestVoteRosterIsTheBranch(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.open(t, "张三", "20000115", 11, applied)
		e.upTo(t, f.ID, 14)
		three := []map[string]any{voter("m1", true, true, true), voter("m2", true, true, true), voter("m3", true, true, true)}
		refusals := []struct {
			name   string
			voters []map[string]any
			want   []string
		}{
			// Leaving 丁 off would make 3 yes of 3 a pass; with 丁 it is 3 of 4.
			{"丁 left off", three, []string{"缺少本支部正式党员：丁", "不能从名单中删去"}},
			{"丁 and 丙 left off", three[:2], []string{"缺少本支部正式党员：丙、丁"}},
			{"丁 without a vote", append(three[:3:3], voter("m4", false, true, true)), []string{"「丁」是本支部正式党员，有表决权"}},
			{"己 of branch B with a vote", append(three[:3:3], voter("m4", true, true, true), voter("b1", true, true, true)),
				[]string{"「己」不是本支部党员"}},
			{"戊, probationary, with a vote", append(three[:3:3], voter("m4", true, true, true), voter("m5", true, true, true)),
				[]string{"「戊」不是正式党员"}},
			{"unknown voter", append(three[:3:3], voter("m4", true, true, true), voter("ghost", true, true, true)),
				[]string{"在名册中找不到"}},
		}
		for _, c := range refusals {
			r := e.do(t, e.upper(), "POST", stepPath(f.ID), with(15, timeline[15], roster(3, c.voters...)), http.StatusUnprocessableEntity)
			for _, w := range c.want {
				if !r.Contains(w) || !r.Contains(`"field":"vote"`) {
					t.Errorf("%s: %s lacks %q", c.name, r.Body, w)
				}
			}
		}
		if n := e.count(t, "SELECT COUNT(*) FROM dev_steps WHERE file_id = ? AND step_no = 15", f.ID); n != 0 {
			t.Fatalf("a refused roster stored %d votes", n)
		}
		// 丁 left out of 应到会 (not off the roster), 己 of branch B attending
		// without a vote: 3 of 3 expected.
		ok := roster(3, append(three[:3:3], voter("m4", true, false, false), voter("b1", false, false, true))...)
		got := e.do(t, e.upper(), "POST", stepPath(f.ID), with(15, timeline[15], ok), http.StatusOK)
		var after struct {
			Steps []struct {
				No   int
				Vote *struct {
					Outcome struct {
						Expected int `json:"voters_expected"`
						Present  int `json:"voters_present"`
					}
				}
			}
		}
		got.JSON(t, &after)
		last := after.Steps[len(after.Steps)-1]
		if last.No != 15 || last.Vote == nil || last.Vote.Outcome.Expected != 3 || last.Vote.Outcome.Present != 3 {
			t.Fatalf("vote with 丁 left out of 应到会: %+v", last)
		}
		e.upTo(t, f.ID, 22)
		r := e.do(t, e.upper(), "POST", stepPath(f.ID), with(23, timeline[23], roster(3, three[1:]...)), http.StatusUnprocessableEntity)
		if !r.Contains("缺少本支部正式党员：甲、丁") {
			t.Errorf("转正 vote without 甲 and 丁: %s", r.Body)
		}
		if msg := fieldErr(t, r, "vote"); !strings.Contains(msg, "《中国共产党发展党员工作细则》") {
			t.Errorf("the refusal names no regulation: %q", msg)
		}
	})
}
