package demo

import (
	"context"
	"fmt"
	"time"

	"dangjian/internal/auth"
	"dangjian/internal/members"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
)

// Options choose what Load writes.
type Options struct {
	Seed     uint64
	Members  int  // 0 = the demo city; otherwise a Scale run of this size
	Demo     bool // create the demo sign-ins
	Progress func(done, total int)
}

// SignIn is a demo account printed for the newcomer.
type SignIn struct {
	Role, Username, Password, Note string
}

// Result says what was loaded.
type Result struct {
	Orgs, Members int
	SignIns       []SignIn
	// RootOrgID and DemoMemberID are the demo city's top organization and
	// the member who signs in on the phone (empty for a Scale run).
	RootOrgID, DemoMemberID string
}

// DemoPassword is the password of every demo account. Demo accounts need no
// password change: the server says on every page that it holds demo data.
const DemoPassword = "Demo@2026"

// DemoMemberPhone is the phone number (and username) of the demo member.
const DemoMemberPhone = "13900000001"

// Load writes generated data through the capabilities' bulk loaders, one
// transaction per batch, and audits the load once.
func Load(ctx context.Context, d *db.DB, o *orgs.Service, m *members.Service, a *auth.Service, opts Options) (Result, error) {
	l := &loader{d: d, orgs: o, members: m, at: map[string]placed{}, progress: opts.Progress,
		root: spot{lng: centreLng, lat: centreLat, spread: citySpread}}
	if opts.Members > 0 {
		l.root.spread = provinceSpread
	}
	var res Result
	var err error
	if opts.Members > 0 {
		err = l.scale(ctx, opts)
	} else {
		var ds *Dataset
		ds, err = l.city(ctx, opts.Seed)
		if err == nil {
			res.RootOrgID = l.at[ds.RootCode].id
			if ds.RetiredMember >= 0 {
				res.DemoMemberID = l.memberIDs[ds.RetiredMember]
			}
		}
		if err == nil && opts.Demo {
			res.SignIns, err = l.signIns(ctx, a, ds)
		}
	}
	if err != nil {
		return res, err
	}
	if err := l.finish(ctx); err != nil {
		return res, err
	}
	res.Orgs, res.Members = l.orgCount, l.memberCount
	return res, audit.Record(ctx, d, audit.Entry{Action: "demo.load", TargetType: "system",
		After: map[string]any{"orgs": res.Orgs, "members": res.Members, "seed": opts.Seed}})
}

type placed struct {
	id, path string
	spot     spot
}

type loader struct {
	d                     *db.DB
	orgs                  *orgs.Service
	members               *members.Service
	at                    map[string]placed // org code → where it was written
	root                  spot              // the top org's point on the map
	memberIDs             []string          // city members' IDs by dataset index
	orgCount, memberCount int
	progress              func(done, total int)
}

func (l *loader) city(ctx context.Context, seed uint64) (*Dataset, error) {
	ds := CityAt(seed, clock.Today(clock.Real{}))
	if ds.RetiredMember >= 0 {
		ds.Members[ds.RetiredMember].Phone = DemoMemberPhone
	}
	err := l.d.InTx(ctx, func(tx *db.Tx) error {
		if err := l.writeOrgs(ctx, tx, ds.Orgs); err != nil {
			return err
		}
		if err := l.writeMembers(ctx, tx, ds.Members); err != nil {
			return err
		}
		return l.writePositions(ctx, tx, ds)
	})
	if l.progress != nil {
		l.progress(l.memberCount, l.memberCount)
	}
	return ds, err
}

func (l *loader) scale(ctx context.Context, opts Options) error {
	return Scale(opts.Seed, opts.Members, func(b *Batch) error {
		err := l.d.InTx(ctx, func(tx *db.Tx) error {
			if err := l.writeOrgs(ctx, tx, b.Orgs); err != nil {
				return err
			}
			return l.writeMembers(ctx, tx, b.Members)
		})
		if err == nil && l.progress != nil {
			l.progress(l.memberCount, opts.Members)
		}
		return err
	})
}

func (l *loader) writeOrgs(ctx context.Context, tx *db.Tx, list []Org) error {
	batch := make([]orgs.BulkOrg, 0, len(list))
	for _, g := range list {
		parent := l.at[g.ParentCode]
		here := l.root
		if g.ParentCode != "" {
			here = parent.spot.near(g.Code)
		}
		b := orgs.BulkOrg{ID: ids.New(), ParentPath: parent.path, NewOrg: orgs.NewOrg{ParentID: parent.id,
			Name: g.Name, Kind: g.Kind, Code: g.Code, UnitType: g.UnitType, Joint: g.Joint, Temporary: g.Temporary,
			EndDate: day(g.EndDate), TermStart: day(g.TermStart), TermEnd: day(g.TermEnd),
			EstablishedOn: day(g.EstablishedOn), Address: g.Address, Longitude: &here.lng, Latitude: &here.lat}}
		l.at[g.Code] = placed{id: b.ID, path: b.Path(), spot: here}
		batch = append(batch, b)
	}
	l.orgCount += len(list)
	return l.orgs.BulkLoad(ctx, tx, batch)
}

func (l *loader) writeMembers(ctx context.Context, tx *db.Tx, list []Member) error {
	batch := make([]members.BulkMember, 0, len(list))
	for _, p := range list {
		org, ok := l.at[p.OrgCode]
		if !ok {
			return fmt.Errorf("demo: member of unknown org %s", p.OrgCode)
		}
		id := ids.New()
		l.memberIDs = append(l.memberIDs, id)
		batch = append(batch, members.BulkMember{ID: id, OrgID: org.id, OrgPath: org.path, Name: p.Name,
			Gender: p.Gender, Ethnicity: p.Ethnicity, BirthDate: day(p.BirthDate), IDNumber: p.IDNumber,
			Phone: p.Phone, Address: p.Address, Education: p.Education, Category: p.Category, Status: p.Status,
			JoinedOn: day(p.JoinedOn), FullMemberOn: day(p.FullMemberOn)})
	}
	l.memberCount += len(list)
	if len(l.memberIDs) > 100_000 {
		l.memberIDs = nil // only the city (small) needs them, for positions
	}
	return l.members.BulkLoad(ctx, tx, batch)
}

func (l *loader) writePositions(ctx context.Context, tx *db.Tx, ds *Dataset) error {
	batch := make([]orgs.BulkPosition, 0, len(ds.Positions))
	for _, p := range ds.Positions {
		batch = append(batch, orgs.BulkPosition{OrgID: l.at[p.OrgCode].id, MemberID: l.memberIDs[p.Member],
			MemberName: ds.Members[p.Member].Name, Title: p.Title, StartOn: day(p.StartOn)})
	}
	return l.orgs.BulkLoadPositions(ctx, tx, batch)
}

func (l *loader) finish(ctx context.Context) error {
	if err := l.orgs.RebuildChildCounts(ctx); err != nil {
		return err
	}
	if err := l.members.RebuildCounts(ctx); err != nil {
		return err
	}
	return refreshStatistics(ctx, l.d)
}

// refreshStatistics does what autovacuum would do some minutes after a
// bulk load, at once: planner statistics, and on PostgreSQL the visibility
// map that lets counts and lists use index-only scans.
func refreshStatistics(ctx context.Context, d *db.DB) error {
	stmt := "ANALYZE"
	if d.Dialect() == db.Postgres {
		stmt = "VACUUM (ANALYZE)"
	}
	_, err := d.ExecContext(ctx, stmt)
	return err
}

// signIns creates the demo accounts: an organization-department admin, a
// branch secretary, a retired member on the phone, and the three separated
// administrators.
func (l *loader) signIns(ctx context.Context, a *auth.Service, ds *Dataset) ([]SignIn, error) {
	root := l.at[ds.RootCode].id
	branch := l.at[ds.SecretaryBranch].id
	secretary, member := "", ""
	if i := ds.Secretary(ds.SecretaryBranch); i >= 0 {
		secretary = l.memberIDs[i]
	}
	if ds.RetiredMember >= 0 {
		member = l.memberIDs[ds.RetiredMember]
	}
	plan := []struct {
		username, display, memberID, org string
		role                             authz.Role
		note                             string
	}{
		{"admin", "组织部管理员", "", root, authz.OrgAdmin, "组织部：全市组织与党员"},
		{"secretary", "财政局第一支部书记", secretary, branch, authz.PartyWorker, "支部书记：本支部"},
		{DemoMemberPhone, ds.Members[max(ds.RetiredMember, 0)].Name, member, memberOrg(l, ds), authz.MemberRole, "离退休党员：手机访问 /m/"},
		{"auditor", "审计管理员", "", "", authz.Auditor, "审计日志"},
		{"secadmin", "安全管理员", "", "", authz.Secadmin, "账号与角色"},
	}
	var out []SignIn
	for _, p := range plan {
		acc, err := a.CreateAccount(ctx, auth.NewAccount{Username: p.username, DisplayName: p.display,
			Password: DemoPassword, MemberID: p.memberID})
		if err != nil {
			return nil, fmt.Errorf("demo account %s: %w", p.username, err)
		}
		if _, err := a.GrantRole(ctx, acc.ID, p.role, p.org); err != nil {
			return nil, fmt.Errorf("demo role for %s: %w", p.username, err)
		}
		out = append(out, SignIn{Role: p.role.Label(), Username: p.username, Password: DemoPassword, Note: p.note})
	}
	return out, nil
}

func memberOrg(l *loader, ds *Dataset) string {
	if ds.RetiredMember < 0 {
		return ""
	}
	return l.at[ds.Members[ds.RetiredMember].OrgCode].id
}

// day formats a date for the API and storage ("" when unset).
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(clock.DateLayout)
}
