// Package authz is the one authorization check of the platform. A role is
// granted at an organization and holds for its whole subtree (an org's
// materialized path starts with the path of every ancestor), so "may this
// caller do P to that object" is a prefix test on the object's org path.
package authz

import (
	"context"
	"slices"
	"strings"
)

// Role is what an account is granted at an organization.
type Role string

const (
	OrgAdmin    Role = "org_admin"    // 组织管理员
	PartyWorker Role = "party_worker" // 党务工作者
	Viewer      Role = "viewer"       // 查看者 (leaders, read-only)
	MemberRole  Role = "member"       // 党员: themself only
	Sysadmin    Role = "sysadmin"     // 系统管理员 (三员分立)
	Secadmin    Role = "secadmin"     // 安全管理员
	Auditor     Role = "auditor"      // 审计管理员
)

// SeparatedRoles are the three administrator roles of 三员分立: no account
// may hold two of them, and none sees party business data.
var SeparatedRoles = []Role{Sysadmin, Secadmin, Auditor}

// Perm is what a route or an action requires.
type Perm string

const (
	Public         Perm = "public"          // no sign-in needed
	SignedIn       Perm = "signed_in"       // any account whose password is current
	PasswordChange Perm = "password_change" // allowed before a forced password change
	OrgRead        Perm = "org.read"
	OrgUpdate      Perm = "org.update" // edit an org's details and positions
	OrgManage      Perm = "org.manage" // create, move, dissolve
	MemberRead     Perm = "member.read"
	MemberWrite    Perm = "member.write"
	MemberReveal   Perm = "member.reveal" // see unmasked ID number, phone, address
	MemberImport   Perm = "member.import"
	MemberExport   Perm = "member.export"
	MemberMove     Perm = "member.move" // move between branches
	AccountManage  Perm = "account.manage"
	AuditRead      Perm = "audit.read"
	SystemRead     Perm = "system.read"
	NoticeRead     Perm = "notice.read"    // see an org's notices, receipts and delivery log
	NoticePublish  Perm = "notice.publish" // publish, remind, withdraw notices; set the SMS budget
	OrgLifeRead    Perm = "orglife.read"   // see meetings, attendance, minutes, compliance, appraisals
	OrgLifeManage  Perm = "orglife.manage" // hold meetings, record attendance and minutes, run 民主评议
	DuesRead       Perm = "dues.read"      // see bases, the dues ledger, receipts, statements and reports
	DuesManage     Perm = "dues.manage"    // confirm bases, record payments, close months, confirm remittances
	// DevelopmentRead and DevelopmentManage cover 发展党员: applicant files, steps, plans.
	DevelopmentRead   Perm = "development.read"
	DevelopmentManage Perm = "development.manage"
	// TransferRead and TransferManage cover 组织关系转接 and 流动党员.
	TransferRead   Perm = "transfer.read"
	TransferManage Perm = "transfer.manage"
	// ElectionRead and ElectionManage cover terms and 换届选举.
	ElectionRead   Perm = "election.read"
	ElectionManage Perm = "election.manage"
	// PointsRead and PointsManage cover the points ledger (积分): rules,
	// manual awards and their approval, distributions.
	PointsRead   Perm = "points.read"
	PointsManage Perm = "points.manage"
	// AssessmentRead and AssessmentManage cover the annual assessment
	// (年度考核) and commendations (两优一先, 光荣在党50年).
	AssessmentRead   Perm = "assessment.read"
	AssessmentManage Perm = "assessment.manage"
	// ArchiveRead is reading (and printing) members' archives (党员档案).
	ArchiveRead Perm = "archive.read"
	// DashboardRead covers the derived figures of a subtree: dashboards and
	// their lists, health warnings, the big screen and 党内统计 reports
	// (a member's portrait is member.read, like the record it summarizes);
	// DashboardManage sets the health weights and thresholds.
	DashboardRead   Perm = "dashboard.read"
	DashboardManage Perm = "dashboard.manage"
)

var rolePerms = map[Role][]Perm{
	OrgAdmin: {OrgRead, OrgUpdate, OrgManage, MemberRead, MemberWrite, MemberReveal,
		MemberImport, MemberExport, MemberMove, AccountManage, NoticeRead, NoticePublish, OrgLifeRead, OrgLifeManage,
		DuesRead, DuesManage, DevelopmentRead, DevelopmentManage, TransferRead, TransferManage, ElectionRead, ElectionManage,
		PointsRead, PointsManage, AssessmentRead, AssessmentManage, ArchiveRead, DashboardRead, DashboardManage},
	PartyWorker: {OrgRead, OrgUpdate, MemberRead, MemberWrite, MemberReveal, MemberImport, MemberExport,
		NoticeRead, NoticePublish, OrgLifeRead, OrgLifeManage, DuesRead, DuesManage,
		DevelopmentRead, DevelopmentManage, TransferRead, TransferManage, ElectionRead, ElectionManage,
		PointsRead, PointsManage, AssessmentRead, AssessmentManage, ArchiveRead, DashboardRead, DashboardManage},
	Viewer: {OrgRead, MemberRead, NoticeRead, OrgLifeRead, DuesRead, DevelopmentRead, TransferRead, ElectionRead,
		PointsRead, AssessmentRead, ArchiveRead, DashboardRead},
	MemberRole: {},
	Sysadmin:   {SystemRead},
	Secadmin:   {AccountManage},
	Auditor:    {AuditRead},
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { _, ok := rolePerms[r]; return ok }

// Global reports whether the role is system-wide rather than held at an org.
func (r Role) Global() bool { return slices.Contains(SeparatedRoles, r) }

// Label is the role's Chinese name.
func (r Role) Label() string {
	return map[Role]string{OrgAdmin: "组织管理员", PartyWorker: "党务工作者", Viewer: "查看者",
		MemberRole: "党员", Sysadmin: "系统管理员", Secadmin: "安全管理员", Auditor: "审计管理员"}[r]
}

// Grants reports whether the role includes perm.
func (r Role) Grants(p Perm) bool { return slices.Contains(rolePerms[r], p) }

// Grant is one role held at one organization (OrgPath empty for global roles).
type Grant struct {
	ID      string
	Role    Role
	OrgID   string
	OrgName string
	OrgPath string
}

// Principal is the authenticated caller of a request.
type Principal struct {
	AccountID          string
	Username           string
	DisplayName        string
	MemberID           string // the member this account belongs to, if any
	Grants             []Grant
	MustChangePassword bool
	// NeedsSecondFactor: the account's role requires TOTP and none is
	// enrolled yet, so the session may only enrol it (like a password change).
	NeedsSecondFactor bool
	SessionID         string // empty for API tokens
	TokenID           string // empty for sessions
}

// Has reports whether any grant includes perm (somewhere).
func (p *Principal) Has(perm Perm) bool {
	if p == nil {
		return false
	}
	for _, g := range p.Grants {
		if g.Role.Grants(perm) {
			return true
		}
	}
	return false
}

// HasRole reports whether the principal holds role anywhere.
func (p *Principal) HasRole(r Role) bool {
	if p == nil {
		return false
	}
	for _, g := range p.Grants {
		if g.Role == r {
			return true
		}
	}
	return false
}

// Can reports whether perm holds at the organization with orgPath: some
// grant including perm sits at that org or one of its ancestors. Global
// grants apply everywhere.
func (p *Principal) Can(perm Perm, orgPath string) bool {
	if p == nil || orgPath == "" {
		return false
	}
	for _, g := range p.Grants {
		if g.Role.Grants(perm) && (g.Role.Global() || strings.HasPrefix(orgPath, g.OrgPath)) {
			return true
		}
	}
	return false
}

// Scopes returns the org paths at which perm holds, with paths covered by
// another dropped, so "WHERE path in any scope" stays minimal. A global
// grant yields the single scope "/".
func (p *Principal) Scopes(perm Perm) []string {
	var paths []string
	for _, g := range p.Grants {
		if !g.Role.Grants(perm) {
			continue
		}
		if g.Role.Global() {
			return []string{"/"}
		}
		paths = append(paths, g.OrgPath)
	}
	slices.Sort(paths)
	var out []string
	for _, s := range paths {
		if len(out) == 0 || !strings.HasPrefix(s, out[len(out)-1]) {
			out = append(out, s)
		}
	}
	return out
}

// MayGrant reports whether the principal may grant role at orgPath. The
// security administrator grants any role; an org admin grants the business
// roles below admin inside their own subtree (三员分立: never the admin roles).
func (p *Principal) MayGrant(role Role, orgPath string) bool {
	if p.HasRole(Secadmin) {
		return true
	}
	switch role {
	case PartyWorker, Viewer, MemberRole:
		return p.Can(AccountManage, orgPath)
	}
	return false
}

type ctxKey int

const (
	principalKey ctxKey = iota
	clientIPKey
)

// WithPrincipal attaches the caller to ctx.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey, p)
}

// From returns the caller attached to ctx, or nil.
func From(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey).(*Principal)
	return p
}

// WithClientIP attaches the request's client address (for the audit log).
func WithClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, clientIPKey, ip)
}

// ClientIP returns the address attached by WithClientIP.
func ClientIP(ctx context.Context) string {
	ip, _ := ctx.Value(clientIPKey).(string)
	return ip
}

// UpperPath is where a decision reserved to the upper organization of the
// org at path is taken (approvals in 发展党员 and 换届): its parent, or the org
// itself when it has no parent on the platform — its upper organization is
// elsewhere, and UpperNote records that the org took the step for it.
func UpperPath(path string) string {
	if parent := parentPath(path); parent != "" {
		return parent
	}
	return path
}

// UpperNote is the note recorded with an upper decision on the org at path:
// note as given, or, for an org with no parent on the platform, prefixed
// with why the org decided itself.
func UpperNote(path, note string) string {
	const outside = "上级党组织不在本平台，由本组织办理"
	switch {
	case parentPath(path) != "":
		return note
	case note == "":
		return outside
	}
	return outside + "。" + note
}

// parentPath is the path of the org's parent ("/a/b/" → "/a/"; "" for a root).
func parentPath(path string) string {
	trimmed := strings.TrimSuffix(path, "/")
	if i := strings.LastIndexByte(trimmed, '/'); i > 0 {
		return trimmed[:i+1]
	}
	return ""
}

// ActorName names who acts, for history lines and audit: the signed-in
// account's display name (or username), or nobody when no one is signed in
// (a job, the command line).
func ActorName(ctx context.Context, nobody string) string {
	p := From(ctx)
	switch {
	case p == nil:
		return nobody
	case p.DisplayName != "":
		return p.DisplayName
	}
	return p.Username
}
