package app

import (
	"fmt"
	"net/http"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"time"
)

// metrics counts requests by route pattern and status class and exposes them
// in the Prometheus text format; a handful of counters does not justify a
// client library.
type metrics struct {
	mu       sync.Mutex
	requests map[[3]string]int64 // method, pattern, status class
	seconds  map[[2]string]float64
	started  time.Time
}

func newMetrics() *metrics {
	return &metrics{requests: map[[3]string]int64{}, seconds: map[[2]string]float64{}, started: time.Now()}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) { s.status = code; s.ResponseWriter.WriteHeader(code) }

// Flush lets streaming exports pass through the recorder.
func (s *statusRecorder) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (m *metrics) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		pattern := r.Pattern // set by ServeMux; bounded cardinality, no IDs
		if pattern == "" {
			pattern = "unmatched"
		}
		class := strconv.Itoa(rec.status/100) + "xx"
		m.mu.Lock()
		m.requests[[3]string{r.Method, pattern, class}]++
		m.seconds[[2]string{r.Method, pattern}] += time.Since(start).Seconds()
		m.mu.Unlock()
	})
}

func (m *metrics) serve(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4")
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# TYPE dangjian_http_requests_total counter")
	for _, k := range sortedKeys(m.requests) {
		fmt.Fprintf(w, "dangjian_http_requests_total{method=%q,route=%q,code=%q} %d\n", k[0], k[1], k[2], m.requests[k])
	}
	fmt.Fprintln(w, "# TYPE dangjian_http_request_seconds_sum counter")
	for k, v := range m.seconds {
		fmt.Fprintf(w, "dangjian_http_request_seconds_sum{method=%q,route=%q} %g\n", k[0], k[1], v)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintln(w, "# TYPE dangjian_go_heap_bytes gauge")
	fmt.Fprintf(w, "dangjian_go_heap_bytes %d\n", ms.HeapAlloc)
	fmt.Fprintln(w, "# TYPE dangjian_goroutines gauge")
	fmt.Fprintf(w, "dangjian_goroutines %d\n", runtime.NumGoroutine())
	fmt.Fprintln(w, "# TYPE dangjian_uptime_seconds gauge")
	fmt.Fprintf(w, "dangjian_uptime_seconds %g\n", time.Since(m.started).Seconds())
}

func sortedKeys(m map[[3]string]int64) [][3]string {
	keys := make([][3]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i][1]+keys[i][0]+keys[i][2] < keys[j][1]+keys[j][0]+keys[j][2]
	})
	return keys
}
