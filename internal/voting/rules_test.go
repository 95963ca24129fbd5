package voting

import "testing"

func TestHasVote(t *testing.T) {
	cases := []struct {
		status         string
		partyProbation bool
		want           bool
		reason         string
	}{
		{"full", false, true, ""},
		{"full", true, false, "留党察看期间没有表决权（《中国共产党章程》第三十九条）"},
		{"probationary", false, false, "预备党员没有表决权（《中国共产党章程》第七条）"},
		{"probationary", true, false, "预备党员没有表决权（《中国共产党章程》第七条）"},
		{"", false, false, "党员身份不明，无法确认表决权"},
		{"正式党员", false, false, "党员身份不明，无法确认表决权"},
	}
	for _, c := range cases {
		got, reason := HasVote(c.status, c.partyProbation)
		if got != c.want || reason != c.reason {
			t.Errorf("HasVote(%q, %v) = %v, %q; want %v, %q", c.status, c.partyProbation, got, reason, c.want, c.reason)
		}
	}
}

func TestQuorum(t *testing.T) {
	cases := []struct {
		expected, present int
		want              bool
	}{
		{10, 5, false}, // exactly half fails
		{10, 6, true},  // half + 1
		{9, 4, false},
		{9, 5, true},
		{1, 0, false},
		{1, 1, true},
		{2, 1, false},
		{2, 2, true},
		{3, 2, true},
		{0, 0, false}, // nobody to vote
		{100, 50, false},
		{100, 51, true},
	}
	for _, c := range cases {
		if got := Quorum(c.expected, c.present); got != c.want {
			t.Errorf("Quorum(%d, %d) = %v, want %v", c.expected, c.present, got, c.want)
		}
	}
}

func TestPasses(t *testing.T) {
	cases := []struct {
		expected, yes int
		want          bool
	}{
		{10, 5, false}, // exactly half of those who should attend fails
		{10, 6, true},
		{9, 4, false},
		{9, 5, true},
		{1, 1, true},
		{2, 1, false},
		{0, 0, false},
		{0, 3, false},
	}
	for _, c := range cases {
		if got := Passes(c.expected, c.yes); got != c.want {
			t.Errorf("Passes(%d, %d) = %v, want %v", c.expected, c.yes, got, c.want)
		}
	}
}

func TestElectionAttendanceValid(t *testing.T) {
	cases := []struct {
		expected, present int
		want              bool
	}{
		{5, 4, false}, // exactly 4/5 fails
		{5, 5, true},
		{10, 8, false}, // exactly 4/5 fails
		{10, 9, true},
		{9, 7, false}, // 7/9 < 4/5
		{9, 8, true},  // 8/9 > 4/5
		{7, 6, true},  // 6/7 > 4/5
		{7, 5, false},
		{1, 1, true},
		{0, 0, false},
		{100, 80, false},
		{100, 81, true},
	}
	for _, c := range cases {
		if got := ElectionAttendanceValid(c.expected, c.present); got != c.want {
			t.Errorf("ElectionAttendanceValid(%d, %d) = %v, want %v", c.expected, c.present, got, c.want)
		}
	}
}
