package orgs_test

import (
	"context"
	"strings"
	"sync"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/db"
)

// fakeMembers stands in for the members capability: members in memory,
// counts recomputed from them, paths rewritten on a move.
type fakeMembers struct {
	mu   sync.Mutex
	list map[string]*orgs.MemberRef
}

func newFakeMembers() *fakeMembers { return &fakeMembers{list: map[string]*orgs.MemberRef{}} }

func (f *fakeMembers) add(id, name string, o orgs.Org, status string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.list[id] = &orgs.MemberRef{ID: id, Name: name, OrgID: o.ID, OrgPath: o.Path, Status: status, Active: true}
}

func (f *fakeMembers) Counts(_ context.Context, _ db.Querier, ids []string) (map[string]orgs.MemberCounts, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]orgs.MemberCounts{}
	for _, id := range ids {
		var c orgs.MemberCounts
		for _, m := range f.list {
			if !m.Active || !strings.Contains(m.OrgPath, "/"+id+"/") {
				continue
			}
			c.Total++
			full := m.Status == "full"
			if full {
				c.Full++
			} else {
				c.Probationary++
			}
			if m.OrgID == id {
				c.Direct++
				if full {
					c.DirectFull++
				}
			}
		}
		out[id] = c
	}
	return out, nil
}

func (f *fakeMembers) SubtreeMoved(_ context.Context, _ *db.Tx, oldPath, newPath string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, m := range f.list {
		if strings.HasPrefix(m.OrgPath, oldPath) {
			m.OrgPath = newPath + strings.TrimPrefix(m.OrgPath, oldPath)
		}
	}
	return nil
}

func (f *fakeMembers) Member(_ context.Context, _ db.Querier, id string) (orgs.MemberRef, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if m, ok := f.list[id]; ok {
		return *m, nil
	}
	return orgs.MemberRef{}, db.ErrNoRows
}
