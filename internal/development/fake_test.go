package development_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"dangjian/internal/development"
	"dangjian/internal/members"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// fakeDir is the orgs and members capabilities as development sees them.
// It ignores transactions: a test must not rely on a rolled-back call.
type fakeDir struct {
	mu       sync.Mutex
	orgs     map[string]development.OrgRef
	members  map[string]development.MemberRef
	people   map[string]development.Person // what Admit received, by member ID
	notes    []string                      // "member kind on detail"
	canceled []string                      // member IDs whose probation was cancelled
	seq      int
}

var _ development.Directory = (*fakeDir)(nil)

func newFakeDir() *fakeDir {
	return &fakeDir{orgs: map[string]development.OrgRef{}, members: map[string]development.MemberRef{},
		people: map[string]development.Person{}}
}

func (f *fakeDir) Org(_ context.Context, _ db.Querier, id string) (development.OrgRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if o, ok := f.orgs[id]; ok {
		return o, nil
	}
	return development.OrgRef{}, db.ErrNoRows
}

func (f *fakeDir) Member(_ context.Context, _ db.Querier, id string) (development.MemberRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m, ok := f.members[id]; ok {
		return m, nil
	}
	return development.MemberRef{}, db.ErrNoRows
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

func (f *fakeDir) Children(_ context.Context, _ db.Querier, id string) ([]development.OrgRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []development.OrgRef
	for _, o := range f.orgs {
		if o.ParentID == id && o.Active {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b development.OrgRef) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// CheckPerson is the register's own check.
func (f *fakeDir) CheckPerson(p development.Person) httpx.Fields {
	return members.CheckCodes(members.Details{Ethnicity: p.Ethnicity, Education: p.Education, Category: p.Category})
}

func (f *fakeDir) Admit(_ context.Context, _ *db.Tx, orgID string, p development.Person, joinedOn string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seq++
	id := fmt.Sprintf("new-%d", f.seq)
	o := f.orgs[orgID]
	f.members[id] = development.MemberRef{ID: id, Name: p.Name, OrgID: orgID, OrgPath: o.Path, Status: "probationary",
		JoinedOn: joinedOn, Active: true}
	f.people[id] = p
	return id, nil
}

func (f *fakeDir) BecomeFull(_ context.Context, _ *db.Tx, memberID, fullOn string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, ok := f.members[memberID]
	if !ok || m.Status != "probationary" {
		return fmt.Errorf("fake: %s is not probationary", memberID)
	}
	m.Status, m.FullMemberOn = "full", fullOn
	f.members[memberID] = m
	return nil
}

func (f *fakeDir) CancelProbation(_ context.Context, _ *db.Tx, memberID, on, reason string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.members[memberID]
	m.Active = false
	f.members[memberID] = m
	f.canceled = append(f.canceled, memberID)
	return nil
}

func (f *fakeDir) Note(_ context.Context, _ *db.Tx, memberID, kind, on, detail string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.notes = append(f.notes, strings.Join([]string{memberID, kind, on, detail}, " "))
	return nil
}

func (f *fakeDir) FullMembers(_ context.Context, _ db.Querier, orgID string) ([]development.MemberRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []development.MemberRef
	for _, m := range f.members {
		if m.OrgID == orgID && m.Active && m.Status == "full" {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b development.MemberRef) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

func (f *fakeDir) member(id string) development.MemberRef {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.members[id]
}
