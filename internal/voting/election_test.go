package voting

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestMinCandidates(t *testing.T) {
	for seats, want := range map[int]int{1: 2, 2: 3, 3: 4, 4: 5, 5: 6, 6: 8, 7: 9, 9: 11, 10: 12, 11: 14} {
		if got := MinCandidates(seats); got != want {
			t.Errorf("MinCandidates(%d) = %d, want %d", seats, got, want)
		}
	}
}

func TestCandidatesEnough(t *testing.T) {
	cases := []struct {
		post     string
		seats, n int
		want     bool
		reason   string // part of the reason
	}{
		{PostCommittee, 5, 6, true, ""},
		{PostCommittee, 5, 5, false, "差额不少于20%，至少须 6 名"},
		{PostCommittee, 7, 8, false, "至少须 9 名"},
		{PostCommittee, 7, 9, true, ""},
		{PostCommittee, 3, 3, false, "至少须 4 名"},
		{PostCommittee, 3, 4, true, ""},
		{PostCommittee, 1, 1, false, "至少须 2 名"},
		{PostCommittee, 1, 2, true, ""},
		{PostSecretary, 1, 1, true, ""}, // 等额
		{PostSecretary, 1, 2, true, ""}, // 差额 allowed too
		{PostSecretary, 1, 0, false, "候选人不能少于应选名额"},
		{PostDeputy, 1, 1, true, ""},
		{PostCommittee, 0, 3, false, "应选名额必须大于零"},
	}
	for _, c := range cases {
		ok, reason := CandidatesEnough(c.post, c.seats, c.n)
		if ok != c.want || !strings.Contains(reason, c.reason) || (!ok && !strings.Contains(reason, "选举工作条例") && c.seats > 0) {
			t.Errorf("CandidatesEnough(%s, %d, %d) = %v %q, want %v %q", c.post, c.seats, c.n, ok, reason, c.want, c.reason)
		}
	}
}

func TestBallotValid(t *testing.T) {
	cases := []struct {
		marked, seats int
		want          bool
	}{{0, 5, true}, {5, 5, true}, {6, 5, false}, {1, 1, true}, {2, 1, false}, {-1, 5, false}}
	for _, c := range cases {
		if got := BallotValid(c.marked, c.seats); got != c.want {
			t.Errorf("BallotValid(%d, %d) = %v, want %v", c.marked, c.seats, got, c.want)
		}
	}
}

func TestCheckElectionCount(t *testing.T) {
	ok := ElectionCount{Seats: 3, Expected: 10, Present: 9, Issued: 9, Returned: 9, Invalid: 1,
		Votes: map[string]int{"a": 8, "b": 8, "c": 8}}
	with := func(f func(*ElectionCount)) ElectionCount { c := ok; f(&c); return c }
	cases := []struct {
		name string
		c    ElectionCount
		code string
		msg  string
	}{
		{"valid", ok, "", ""},
		{"exactly 4/5 present", with(func(c *ElectionCount) { c.Present, c.Issued, c.Returned = 8, 8, 8 }),
			CodeAttendanceFailed, "到会 8 人未超过应到会人数的五分之四（至少须到会 9 人）"},
		{"4/5 of 5", with(func(c *ElectionCount) {
			c.Expected, c.Present, c.Issued, c.Returned, c.Invalid = 5, 4, 4, 4, 0
			c.Votes = nil
		}),
			CodeAttendanceFailed, "至少须到会 5 人"},
		{"returned over issued", with(func(c *ElectionCount) { c.Issued = 8 }), CodeBallotsExceed, "收回选票 9 张，多于发出选票 8 张，本次选举无效"},
		{"issued over present", with(func(c *ElectionCount) { c.Issued = 10 }), CodeBadCounts, "发出选票 10 张"},
		{"present over expected", with(func(c *ElectionCount) { c.Present = 11 }), CodeBadCounts, "多于应到会"},
		{"invalid over returned", with(func(c *ElectionCount) { c.Invalid = 10 }), CodeBadCounts, "无效票 10 张"},
		{"votes over valid ballots", with(func(c *ElectionCount) { c.Votes = map[string]int{"a": 9} }), CodeBadCounts, "有效票数 8"},
		{"names over seats", with(func(c *ElectionCount) { c.Seats = 1; c.Votes = map[string]int{"a": 8, "b": 1} }), CodeBadCounts, "得票合计 9 票"},
		{"no seats", with(func(c *ElectionCount) { c.Seats = 0 }), CodeBadCounts, "应选名额"},
	}
	for _, c := range cases {
		err := CheckElectionCount(c.c)
		var re *RuleError
		switch {
		case c.code == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.code != "" && (!errors.As(err, &re) || re.Code != c.code || !strings.Contains(re.Message, c.msg)):
			t.Errorf("%s: err = %v, want %s containing %q", c.name, err, c.code, c.msg)
		}
	}
}

func TestElect(t *testing.T) {
	cases := []struct {
		name           string
		seats, expect  int
		votes          map[string]int
		elected, tied  []string
		revoteSeats    int
		unfilled       int
		explanationHas string
	}{
		{"exactly half fails", 1, 10, map[string]int{"a": 5, "b": 4}, nil, nil, 0, 1, "尚缺 1 名"},
		{"half plus one passes", 1, 10, map[string]int{"a": 6, "b": 4}, []string{"a"}, nil, 0, 0, "当选 1 人"},
		{"more qualified: top by votes", 3, 10, map[string]int{"a": 9, "b": 7, "c": 8, "d": 6}, []string{"a", "c", "b"}, nil, 0, 0, "4 人得票过半"},
		{"fewer qualified: unfilled", 5, 10, map[string]int{"a": 9, "b": 7, "c": 5, "d": 3, "e": 2, "f": 1}, []string{"a", "b"}, nil, 0, 3, "尚缺 3 名"},
		{"tie straddling the last seat", 3, 10, map[string]int{"a": 9, "b": 7, "c": 7, "d": 7}, []string{"a"}, []string{"b", "c", "d"}, 2, 0, "决定剩余 2 个名额"},
		{"tie inside the seats", 3, 10, map[string]int{"a": 8, "b": 8, "c": 7, "d": 6}, []string{"a", "b", "c"}, nil, 0, 0, "当选 3 人"},
		{"tie below the seats", 2, 10, map[string]int{"a": 9, "b": 8, "c": 7, "d": 7}, []string{"a", "b"}, nil, 0, 0, "当选 2 人"},
		{"tie at the single seat", 1, 10, map[string]int{"a": 7, "b": 7}, nil, []string{"a", "b"}, 1, 0, "重新投票"},
		{"tie of qualified, enough seats", 2, 10, map[string]int{"a": 7, "b": 7}, []string{"a", "b"}, nil, 0, 0, ""},
	}
	for _, c := range cases {
		r := Elect(c.seats, c.expect, c.votes)
		if !reflect.DeepEqual(r.Elected, nonNil(c.elected)) || !reflect.DeepEqual(r.Revote, nonNil(c.tied)) ||
			r.RevoteSeats != c.revoteSeats || r.Unfilled != c.unfilled || !strings.Contains(r.Explanation, c.explanationHas) ||
			!strings.Contains(r.Explanation, "《中国共产党基层组织选举工作条例》") {
			t.Errorf("%s: %+v", c.name, r)
		}
	}
}

func TestRevote(t *testing.T) {
	r := Revote(2, map[string]int{"b": 5, "c": 3, "d": 4})
	if !reflect.DeepEqual(r.Elected, []string{"b", "d"}) || len(r.Revote) != 0 || r.Unfilled != 0 {
		t.Errorf("Revote = %+v", r)
	}
	r = Revote(1, map[string]int{"b": 4, "c": 4})
	if len(r.Elected) != 0 || !reflect.DeepEqual(r.Revote, []string{"b", "c"}) || r.RevoteSeats != 1 {
		t.Errorf("Revote tied again = %+v", r)
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
