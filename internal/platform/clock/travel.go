package clock

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Travel is the wall clock moved by an offset read from a file: browser
// tests of workflows that take years (发展党员 from application to 转正) make
// the server's time jump by writing a number of seconds into the file, and
// bring it back by deleting it. It exists only when the server is started
// with --clock-offset-file; a missing or unreadable file means no offset.
type Travel struct {
	path string

	mu      sync.Mutex
	checked time.Time // wall time of the last read
	offset  time.Duration
}

// travelRecheck bounds how often the file is read: Now is called on every
// request and job tick.
const travelRecheck = 200 * time.Millisecond

// NewTravel reads its offset from path.
func NewTravel(path string) *Travel { return &Travel{path: path} }

func (t *Travel) Now() time.Time {
	wall := time.Now()
	t.mu.Lock()
	defer t.mu.Unlock()
	if wall.Sub(t.checked) >= travelRecheck || wall.Before(t.checked) {
		t.offset, t.checked = readOffset(t.path), wall
	}
	return wall.Add(t.offset)
}

// readOffset is the file's whole number of seconds, or 0.
func readOffset(path string) time.Duration {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return 0
	}
	return time.Duration(n) * time.Second
}
