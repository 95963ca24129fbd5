package app

import (
	"net/http"
	"runtime"
	"runtime/debug"
	"time"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/jobs"
)

// startedAt is when this process started serving.
var startedAt = time.Now()

// systemStatus is what the system administrator (系统管理员) sees: the
// running software and its background work — no party business data
// (三员分立).
type systemStatus struct {
	Version       string `json:"version"`
	GoVersion     string `json:"go_version"`
	Database      string `json:"database"`
	Migrations    int    `json:"migrations"`
	StartedAt     string `json:"started_at"`
	CryptoProfile string `json:"crypto_profile"`
	Demo          bool   `json:"demo"`
	JobsPending   int    `json:"jobs_pending"`
	JobsFailed    int    `json:"jobs_failed"`
}

func (a *App) handleSystemStatus(w http.ResponseWriter, r *http.Request) error {
	st := systemStatus{Version: buildVersion(), GoVersion: runtime.Version(), Database: a.DB.Dialect().String(),
		StartedAt: startedAt.UTC().Format(time.RFC3339), CryptoProfile: string(a.Cfg.CryptoProfile), Demo: a.Cfg.Demo}
	if err := a.DB.QueryRowContext(r.Context(), "SELECT COUNT(*) FROM schema_migrations").Scan(&st.Migrations); err != nil {
		return err
	}
	var err error
	if st.JobsPending, st.JobsFailed, err = jobs.Stats(r.Context(), a.DB); err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, st)
}

// buildVersion is the VCS revision the binary was built from, if known.
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return s.Value[:12]
		}
	}
	return info.Main.Version
}

func (a *App) systemRoutes(rt *httpx.Router) {
	rt.Handle("GET /api/v1/system/status", authz.SystemRead, "系统运行状态（版本、数据库、后台任务）", a.handleSystemStatus)
}
