package transfers_test

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/pii"
	"dangjian/internal/transfers"
)

// fakeDir keeps orgs and members in memory and records every write the
// service asks of it, as "relocate m → org", "note m kind", ...
type fakeDir struct {
	mu      sync.Mutex
	orgs    map[string]transfers.OrgRef
	members map[string]transfers.MemberRef
	calls   []string
	notes   map[string][]string // member → "kind|on|detail|reason"
	seq     int
}

var _ transfers.Directory = (*fakeDir)(nil)

func newFakeDir() *fakeDir {
	return &fakeDir{orgs: map[string]transfers.OrgRef{}, members: map[string]transfers.MemberRef{}, notes: map[string][]string{}}
}

func (f *fakeDir) Org(_ context.Context, _ db.Querier, id string) (transfers.OrgRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if o, ok := f.orgs[id]; ok {
		return o, nil
	}
	return transfers.OrgRef{}, db.ErrNoRows
}

func (f *fakeDir) Member(_ context.Context, _ db.Querier, id string) (transfers.MemberRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m, ok := f.members[id]; ok {
		return m, nil
	}
	return transfers.MemberRef{}, db.ErrNoRows
}

func (f *fakeDir) Names(_ context.Context, _ db.Querier, ids []string) (map[string]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]string{}
	for _, id := range ids {
		if o, ok := f.orgs[id]; ok {
			out[id] = o.Name
		}
	}
	return out, nil
}

func (f *fakeDir) Relocate(_ context.Context, _ *db.Tx, memberID, toOrgID, reason string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, to := f.members[memberID], f.orgs[toOrgID]
	m.OrgID, m.OrgPath = to.ID, to.Path
	f.members[memberID] = m
	f.calls = append(f.calls, "relocate "+memberID+" → "+toOrgID)
	return nil
}

func (f *fakeDir) TransferOut(_ context.Context, _ *db.Tx, memberID, on, detail string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.members[memberID]
	m.Active = false
	f.members[memberID] = m
	f.calls = append(f.calls, "out "+memberID+" "+on)
	return nil
}

// Register refuses a person without a name, as members' validation would.
func (f *fakeDir) Register(_ context.Context, _ *db.Tx, orgID string, p transfers.Person, note string) (string, error) {
	if p.Name == "" {
		return "", (&httpx.Fields{{Field: "name", Code: "required", Message: "请填写姓名"}}).Err()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seq++
	id := fmt.Sprintf("m-in-%d", f.seq)
	o := f.orgs[orgID]
	f.members[id] = transfers.MemberRef{ID: id, Name: strings.TrimSpace(p.Name), OrgID: o.ID, OrgPath: o.Path,
		Status: p.Status, IDMasked: pii.MaskIDNumber(p.IDNumber), Active: true}
	f.calls = append(f.calls, "register "+id+" "+orgID)
	f.notes[id] = append(f.notes[id], "created|"+note)
	return id, nil
}

func (f *fakeDir) Note(_ context.Context, _ *db.Tx, memberID, kind, on, detail, reason string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.notes[memberID] = append(f.notes[memberID], kind+"|"+on+"|"+detail+"|"+reason)
	f.calls = append(f.calls, "note "+memberID+" "+kind)
	return nil
}

// count is how many recorded calls start with prefix.
func (f *fakeDir) count(prefix string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		if strings.HasPrefix(c, prefix) {
			n++
		}
	}
	return n
}

func (f *fakeDir) member(id string) transfers.MemberRef {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.members[id]
}

func (f *fakeDir) notesOf(id string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.notes[id]...)
}

func (f *fakeDir) FindBranches(_ context.Context, _ db.Querier, text string, limit int) ([]transfers.OrgRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []transfers.OrgRef
	for _, o := range f.orgs {
		if o.Active && o.Kind == "branch" && text != "" && strings.Contains(o.Name, text) && len(out) < limit {
			out = append(out, o)
		}
	}
	return out, nil
}
