package voting

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestDecideProperties throws random rosters and ballots, valid or not, at
// Decide and checks the rules hold whatever it answers.
func TestDecideProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 6))
	kinds := []string{KindGeneral, KindAdmission, KindFullMembership}
	choices := []Choice{Yes, No, Abstain}
	passed := 0
	for i := range 20000 {
		voters := randomRoster(rng)
		expected, present := 0, 0
		for _, v := range voters {
			if v.HasVote && (v.ShouldAttend || v.Present) {
				expected++
				if v.Present {
					present++
				}
			}
		}
		b := Ballot{Kind: kinds[rng.IntN(len(kinds))], Yes: rng.IntN(present + 2), No: rng.IntN(3), Abstain: rng.IntN(2)}
		for range rng.IntN(4) {
			b.Written = append(b.Written, WrittenOpinion{fmt.Sprintf("m%d", rng.IntN(len(voters)+1)), choices[rng.IntN(3)]})
		}
		o, err := Decide(voters, b)
		var re *RuleError
		switch {
		case errors.As(err, &re) && re.Code == CodeQuorumFailed:
			if Quorum(expected, present) {
				t.Fatalf("case %d: quorum refused with %d of %d present", i, present, expected)
			}
		case err != nil:
			if !errors.As(err, &re) || re.Message == "" {
				t.Fatalf("case %d: error %v is not a RuleError with a message", i, err)
			}
		default:
			if o.VotersExpected != expected || o.VotersPresent != present || !Quorum(expected, present) {
				t.Fatalf("case %d: outcome %+v for %d expected, %d present", i, o, expected, present)
			}
			if o.Yes != b.Yes+o.WrittenYes || o.Yes+o.No+o.Abstain > expected {
				t.Fatalf("case %d: outcome %+v counts more votes than %+v allows", i, o, b)
			}
			if o.Passed != (o.Yes*2 > expected) {
				t.Fatalf("case %d: Passed = %v with %d yes of %d expected", i, o.Passed, o.Yes, expected)
			}
			if o.Passed {
				passed++
			}
		}
	}
	if passed == 0 {
		t.Fatal("no random case passed: the generator does not reach the interesting cases")
	}
}

// randomRoster is up to 15 members m0..mN with random standing; now and then
// a duplicate, to reach that refusal too.
func randomRoster(rng *rand.Rand) []Voter {
	n := rng.IntN(16)
	vs := make([]Voter, 0, n+1)
	for i := range n {
		vs = append(vs, Voter{MemberID: fmt.Sprintf("m%d", i), HasVote: rng.IntN(6) > 0,
			ShouldAttend: rng.IntN(8) > 0, Present: rng.IntN(3) > 0})
	}
	if n > 0 && rng.IntN(50) == 0 {
		vs = append(vs, vs[0])
	}
	return vs
}
