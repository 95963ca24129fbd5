package ids

import (
	"testing"
	"time"
)

func TestOrderedAndUnique(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a, b := At(t0), At(t0.Add(time.Millisecond))
	if len(a) != 26 || a >= b {
		t.Fatalf("ids must be 26 chars and time-ordered: %q %q", a, b)
	}
	seen := map[string]bool{}
	for i := 0; i < 10000; i++ {
		id := At(t0)
		if seen[id] {
			t.Fatal("duplicate id")
		}
		seen[id] = true
	}
}

func TestTokenLength(t *testing.T) {
	if got := len(Token(20)); got != 32 {
		t.Fatalf("160-bit token should be 32 chars, got %d", got)
	}
	if Token(20) == Token(20) {
		t.Fatal("tokens must differ")
	}
}
