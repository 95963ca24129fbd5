// Package app wires the capabilities into one server: it opens the
// database, runs every capability's migrations in order, connects the
// capabilities through their interfaces and builds the HTTP handler.
package app

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"os"

	"dangjian/internal/appraisal"
	"dangjian/internal/archive"
	"dangjian/internal/assessment"
	"dangjian/internal/auth"
	"dangjian/internal/commendations"
	"dangjian/internal/dashboard"
	"dangjian/internal/development"
	"dangjian/internal/dues"
	"dangjian/internal/elections"
	"dangjian/internal/members"
	"dangjian/internal/notices"
	"dangjian/internal/notify"
	"dangjian/internal/orglife"
	"dangjian/internal/orgs"
	"dangjian/internal/partystats"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/files"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/jobs"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/platform/pii"
	"dangjian/internal/points"
	"dangjian/internal/rollup"
	"dangjian/internal/transfers"
)

// Migrations is every capability's schema, in the order they depend on each
// other. Each list is append-only; a new capability appends its list here.
func Migrations() []db.Migration {
	var all []db.Migration
	for _, m := range [][]db.Migration{
		audit.Migrations, outbox.Migrations, jobs.Migrations,
		orgs.Migrations, members.Migrations, auth.Migrations, notify.Migrations,
		files.Migrations, notices.Migrations, orglife.Migrations, appraisal.Migrations, dues.Migrations,
		development.Migrations, transfers.Migrations, elections.Migrations,
		points.Migrations, archive.Migrations, assessment.Migrations, commendations.Migrations,
		rollup.Migrations, rollup.ActivityMigrations, partystats.Migrations,
	} {
		all = append(all, m...)
	}
	return all
}

// Config is what the application needs to start.
type Config struct {
	DSN           string
	DataDir       string
	CryptoProfile pii.Profile
	CryptoKey     []byte
	Demo          bool // the database holds demo data: every page says so
	SecureCookies bool // served under TLS
	Clock         clock.Clock
	Auth          auth.Config
	// AdminNetworks, when set, are the only networks from which account,
	// audit and system routes may be called (等保 管理终端接入限制).
	AdminNetworks []netip.Prefix
	// Notify chooses the SMS and e-mail channels and the SMS budget.
	Notify notify.Config
	// TermReminderMonths is how long before a term ends its officers and
	// the upper organization are reminded (default 6).
	TermReminderMonths int
	Birthdays          members.BirthdayConfig
}

// App is the running platform's parts.
type App struct {
	Cfg     Config
	DB      *db.DB
	PII     *pii.Protector
	Orgs    *orgs.Service
	Members *members.Service
	Auth    *auth.Service
	Jobs    *jobs.Runner
	Notify  *notify.Service
	Files   *files.Store
	Notices *notices.Service
	OrgLife *orglife.Service
	// Appraisal is 民主评议党员.
	Appraisal *appraisal.Service
	Dues      *dues.Service // 党费
	// Development is 发展党员; Transfers is 组织关系转接 and 流动党员;
	// Elections is terms and 换届选举.
	Development *development.Service
	Transfers   *transfers.Service
	Elections   *elections.Service
	// Points is the points ledger (积分), Archive the member archive
	// (党员档案), Assessment the annual assessment (年度考核) and
	// Commendations 两优一先 and 光荣在党50年.
	Points        *points.Service
	Archive       *archive.Service
	Assessment    *assessment.Service
	Commendations *commendations.Service
	// Rollup keeps the incremental aggregates every figure above a branch
	// is read from; Dashboard serves them (panels, health, the big screen,
	// portraits) and Stats the 党内统计 reports.
	Rollup    *rollup.Store
	Dashboard *dashboard.Service
	Stats     *partystats.Service
	Events    *outbox.Dispatcher // capabilities subscribe to each other's domain events here
	router    *httpx.Router
	mux       *http.ServeMux
}

// Open connects, migrates and wires the capabilities.
func Open(ctx context.Context, cfg Config) (*App, error) {
	d, err := db.Open(cfg.DSN)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx, d, Migrations()); err != nil {
		d.Close()
		return nil, err
	}
	if !cfg.Demo {
		if cfg.Demo, err = audit.Has(ctx, d, "demo.load"); err != nil {
			d.Close()
			return nil, err
		}
	}
	a, err := New(d, cfg)
	if err != nil {
		d.Close()
		return nil, err
	}
	return a, nil
}

// New wires the capabilities around an open, migrated database.
func New(d *db.DB, cfg Config) (*App, error) {
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	prot, err := pii.New(cfg.CryptoProfile, cfg.CryptoKey)
	if err != nil {
		return nil, err
	}
	a := &App{Cfg: cfg, DB: d, PII: prot}
	a.Orgs = orgs.New(d, cfg.Clock)
	a.Members = members.New(d, cfg.Clock, a.Orgs, prot)
	a.Orgs.SetMembers(a.Members)
	authCfg := cfg.Auth
	authCfg.SecureCookies = cfg.SecureCookies
	authCfg.Demo = cfg.Demo
	a.Auth = auth.New(d, cfg.Clock, prot, orgResolver{a.Orgs}, authCfg)
	a.Auth.SetMembers(memberOrgs{a.Members, d})
	host, _ := os.Hostname()
	worker := host + "-" + itoa(os.Getpid())
	a.Jobs = jobs.NewRunner(d, cfg.Clock, worker)
	a.Events = outbox.NewDispatcher(d, outbox.WithClock(cfg.Clock), outbox.WithWorkerID(worker))
	a.Jobs.AddTick(func(ctx context.Context) error { _, err := a.Events.DispatchOnce(ctx); return err })
	a.Notify = notify.New(d, cfg.Clock, notifyDirectory{d, a.Orgs, a.Members, a.Auth}, prot, a.Jobs, cfg.Notify)
	a.Orgs.UseReminders(a.Notify, cfg.TermReminderMonths)
	if err := a.Members.UseGreetings(context.Background(), a.Notify, cfg.Birthdays); err != nil {
		return nil, err
	}
	a.Files = files.New(d, cfg.Clock, a.Jobs)
	a.Notices = notices.New(d, cfg.Clock, a.Notify, noticeDirectory{d, a.Orgs, a.Members}, a.Jobs, a.Files)
	a.Notices.Subscribe(a.Events)
	a.Members.Subscribe(a.Events)
	dir := orglifeDirectory{d, a.Orgs, a.Members}
	a.OrgLife = orglife.New(d, cfg.Clock, dir, a.Notify, a.Files, a.Jobs)
	if err := a.OrgLife.Start(context.Background()); err != nil {
		return nil, err
	}
	a.Appraisal = appraisal.New(d, cfg.Clock, appraisalDirectory{dir}, assemblies{a.OrgLife}, a.OrgLife)
	a.Dues = dues.New(d, cfg.Clock, duesDirectory{d, a.Orgs, a.Members}, a.Notify, a.Jobs)
	reg := register{a.Orgs, a.Members}
	a.Development = development.New(d, cfg.Clock, developmentDirectory{reg}, prot, a.Notify)
	a.Development.Subscribe(a.Events)
	a.Transfers = transfers.New(d, cfg.Clock, transfersDirectory{reg}, prot, a.Notify)
	a.Transfers.Subscribe(a.Events)
	a.Elections = elections.New(d, cfg.Clock, electionsDirectory{reg})
	a.Elections.Subscribe(a.Events)
	a.wireRecords(reg)
	a.wireAnalytics(reg)
	a.buildRoutes()
	return a, nil
}

// wireRecords builds the capabilities fed by what members do over the
// years; each reads those built before it through recordDirs.
func (a *App) wireRecords(reg register) {
	d, clk := a.DB, a.Cfg.Clock
	dirs := recordDirs{register: reg}
	a.Points = points.New(d, clk, pointsDirectory{dirs}, a.Files)
	a.Points.Subscribe(a.Events)
	dirs.points = a.Points
	a.Archive = archive.New(d, clk, archiveDirectory{dirs})
	a.Archive.Subscribe(a.Events)
	dirs.archive = a.Archive
	a.Assessment = assessment.New(d, clk, assessmentDirectory{dirs})
	a.Commendations = commendations.New(d, clk, commendationsDirectory{dirs})
	a.Commendations.Subscribe(a.Events)
}

// wireAnalytics builds the rollups and what reads them; they only read the
// other capabilities (through events and their directories).
func (a *App) wireAnalytics(reg register) {
	d, clk := a.DB, a.Cfg.Clock
	a.Rollup = rollup.New(d, clk, rollupDirectory{orgs: a.Orgs, members: a.Members})
	a.Rollup.Subscribe(a.Events)
	a.Rollup.Register(a.Jobs)
	a.Dashboard = dashboard.New(d, clk, dashDirectory{d: d, register: reg, notices: a.Notices,
		orglife: a.OrgLife, points: a.Points, archive: a.Archive}, a.Rollup)
	a.Stats = partystats.New(d, clk, statsDirectory{recordDirs{register: reg}}, a.Rollup)
}

// Empty reports whether the database holds no organization yet.
func (a *App) Empty(ctx context.Context) (bool, error) {
	found, err := a.Orgs.Any(ctx)
	return !found, err
}

// Close releases the database.
func (a *App) Close() error { return a.DB.Close() }

func (a *App) buildRoutes() {
	a.mux = http.NewServeMux()
	a.router = httpx.NewRouter(a.mux, a.Auth, a.Auth.RecordDenied)
	a.router.LimitAdmin(a.Cfg.AdminNetworks, authz.AccountManage, authz.AuditRead, authz.SystemRead)
	a.RegisterRoutes(a.router)
}

// RegisterRoutes puts every capability's API on rt (tests use a router with
// a stand-in authenticator).
func (a *App) RegisterRoutes(rt *httpx.Router) {
	a.Auth.Routes(rt)
	a.Orgs.Routes(rt)
	a.Members.Routes(rt)
	a.Notify.Routes(rt)
	a.Notices.Routes(rt)
	a.OrgLife.Routes(rt)
	a.Appraisal.Routes(rt)
	a.Dues.Routes(rt)
	a.Development.Routes(rt)
	a.Transfers.Routes(rt)
	a.Elections.Routes(rt)
	a.Points.Routes(rt)
	a.Archive.Routes(rt)
	a.Assessment.Routes(rt)
	a.Commendations.Routes(rt)
	a.Dashboard.Routes(rt)
	a.Stats.Routes(rt)
	audit.Routes(rt, a.DB)
	a.systemRoutes(rt)
	rt.Handle("GET /api/v1/openapi.json", authz.Public, "OpenAPI 3 接口描述", serveOpenAPI(rt.Routes))
}

// Handler is the whole HTTP surface: API, health, metrics and the web UI.
func (a *App) Handler(webDist http.Handler) http.Handler {
	m := newMetrics()
	a.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	a.mux.HandleFunc("GET /readyz", a.ready)
	a.mux.HandleFunc("GET /metrics", m.serve)
	a.mux.Handle("/", webDist)
	return securityHeaders(a.Cfg.SecureCookies, m.wrap(a.mux))
}

func (a *App) ready(w http.ResponseWriter, r *http.Request) {
	if err := a.DB.Pool().PingContext(r.Context()); err != nil {
		slog.Warn("readiness: database unreachable", "err", err)
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return
	}
	w.Write([]byte("ready\n"))
}

// orgResolver adapts the orgs capability to what auth needs for grants.
type orgResolver struct{ o *orgs.Service }

func (r orgResolver) Resolve(ctx context.Context, idOrCode string) (auth.OrgRef, error) {
	org, err := r.o.Resolve(ctx, idOrCode)
	if err != nil {
		return auth.OrgRef{}, err
	}
	return auth.OrgRef{ID: org.ID, Name: org.Name, Path: org.Path}, nil
}

// memberOrgs tells auth which branch a member belongs to (the member role
// is granted there).
type memberOrgs struct {
	m *members.Service
	d *db.DB
}

func (x memberOrgs) OrgOf(ctx context.Context, memberID string) (string, error) {
	ref, err := x.m.Member(ctx, x.d, memberID)
	return ref.OrgID, err
}

// RebuildRollups empties the rollups and builds them again from the
// register as it stands and every recorded event (dangjian rollup rebuild;
// also after a bulk load, which records no events). It delivers with a
// dispatcher of its own that only the rollups subscribe to, so no other
// capability sees the events twice; no server may be dispatching meanwhile.
func (a *App) RebuildRollups(ctx context.Context) (rollup.RebuildStats, error) {
	x := outbox.NewDispatcher(a.DB, outbox.WithClock(a.Cfg.Clock), outbox.WithWorkerID("rollup-rebuild"))
	a.Rollup.Subscribe(x)
	return a.Rollup.Rebuild(ctx, x)
}
