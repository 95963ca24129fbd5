package members

import (
	"sync"
	"time"
)

// Exports are throttled per account (SECURITY.md, ASVS 2.4.1): bulk
// copying of the register must be slow and visible. In memory: a restart
// resets it, which is acceptable for a brake that only has to slow
// automation down.
const (
	exportLimit  = 10
	exportWindow = time.Hour
)

// throttle allows at most limit events per key in a sliding window.
type throttle struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	seen   map[string][]time.Time
}

func newThrottle(limit int, window time.Duration) *throttle {
	return &throttle{limit: limit, window: window, seen: map[string][]time.Time{}}
}

// allow records an event for key at now unless the key is over its limit.
func (t *throttle) allow(key string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	recent := t.seen[key][:0]
	for _, at := range t.seen[key] {
		if now.Sub(at) < t.window {
			recent = append(recent, at)
		}
	}
	if len(recent) >= t.limit {
		t.seen[key] = recent
		return false
	}
	t.seen[key] = append(recent, now)
	return true
}
