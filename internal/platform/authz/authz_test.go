package authz

import (
	"slices"
	"testing"
)

func TestCanIsSubtreeScoped(t *testing.T) {
	p := &Principal{Grants: []Grant{{Role: PartyWorker, OrgPath: "/a/b/"}, {Role: Viewer, OrgPath: "/a/"}}}
	cases := []struct {
		perm Perm
		path string
		want bool
	}{
		{MemberWrite, "/a/b/", true},
		{MemberWrite, "/a/b/c/", true},
		{MemberWrite, "/a/bb/", false}, // sibling sharing a name prefix
		{MemberWrite, "/a/", false},    // parent
		{MemberRead, "/a/x/", true},    // viewer at the parent
		{OrgManage, "/a/b/", false},
		{MemberRead, "", false},
	}
	for _, c := range cases {
		if got := p.Can(c.perm, c.path); got != c.want {
			t.Errorf("Can(%s, %s) = %v, want %v", c.perm, c.path, got, c.want)
		}
	}
}

func TestScopesDropCovered(t *testing.T) {
	p := &Principal{Grants: []Grant{{Role: Viewer, OrgPath: "/a/b/"}, {Role: Viewer, OrgPath: "/a/"}, {Role: Viewer, OrgPath: "/c/"}}}
	if got := p.Scopes(MemberRead); !slices.Equal(got, []string{"/a/", "/c/"}) {
		t.Fatalf("got %v", got)
	}
	if got := p.Scopes(OrgManage); len(got) != 0 {
		t.Fatalf("viewer has no manage scope, got %v", got)
	}
}

func TestSeparatedRolesSeeNoBusinessData(t *testing.T) {
	business := []Perm{OrgRead, MemberRead, MemberReveal, MemberExport}
	for _, r := range SeparatedRoles {
		for _, perm := range business {
			if r.Grants(perm) {
				t.Errorf("%s must not hold %s", r, perm)
			}
		}
	}
	if Sysadmin.Grants(AuditRead) || Secadmin.Grants(AuditRead) || !Auditor.Grants(AuditRead) {
		t.Error("only the auditor reads the audit log")
	}
}

func TestMayGrant(t *testing.T) {
	admin := &Principal{Grants: []Grant{{Role: OrgAdmin, OrgPath: "/a/"}}}
	if !admin.MayGrant(PartyWorker, "/a/b/") || admin.MayGrant(PartyWorker, "/c/") {
		t.Error("org admin grants business roles in scope only")
	}
	if admin.MayGrant(OrgAdmin, "/a/b/") || admin.MayGrant(Auditor, "") {
		t.Error("org admin must not grant admin roles")
	}
	sec := &Principal{Grants: []Grant{{Role: Secadmin}}}
	if !sec.MayGrant(OrgAdmin, "/a/") {
		t.Error("secadmin grants roles")
	}
}

func TestUpperPathAndNote(t *testing.T) {
	if got := UpperPath("/a/b/c/"); got != "/a/b/" {
		t.Errorf("UpperPath of a branch = %q", got)
	}
	if got := UpperPath("/a/"); got != "/a/" {
		t.Errorf("UpperPath of a root = %q; want the root itself", got)
	}
	if got := UpperNote("/a/b/", "同意"); got != "同意" {
		t.Errorf("UpperNote below a parent = %q", got)
	}
	if got := UpperNote("/a/", "同意"); got != "上级党组织不在本平台，由本组织办理。同意" {
		t.Errorf("UpperNote of a root = %q", got)
	}
	if got := UpperNote("/a/", ""); got != "上级党组织不在本平台，由本组织办理" {
		t.Errorf("UpperNote of a root without a note = %q", got)
	}
}
