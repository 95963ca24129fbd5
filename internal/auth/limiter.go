package auth

import (
	"sync"
	"time"
)

// limiter counts attempts per key in fixed windows, in memory: enough to
// slow password guessing on a single server (a restart forgets, which the
// account lock, kept in the database, does not).
type limiter struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	hits   map[string]*window
}

type window struct {
	start time.Time
	n     int
}

func newLimiter(limit int, per time.Duration) *limiter {
	return &limiter{limit: limit, window: per, hits: map[string]*window{}}
}

// allow counts an attempt for key and reports whether it is within the
// limit, and if not, when the window ends.
func (l *limiter) allow(key string, now time.Time) (bool, time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.hits) > 10000 {
		l.sweep(now)
	}
	w := l.hits[key]
	if w == nil || now.Sub(w.start) >= l.window || now.Before(w.start) {
		w = &window{start: now}
		l.hits[key] = w
	}
	w.n++
	return w.n <= l.limit, w.start.Add(l.window)
}

// sweep drops finished windows so that many distinct keys cannot grow the
// map without bound.
func (l *limiter) sweep(now time.Time) {
	for k, w := range l.hits {
		if now.Sub(w.start) >= l.window {
			delete(l.hits, k)
		}
	}
}
