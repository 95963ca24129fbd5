// Package notifytest is an in-memory notify.Directory for tests of notify
// and of the capabilities that send through it.
package notifytest

import (
	"context"
	"slices"
	"sort"
	"strings"
	"sync"

	"dangjian/internal/notify"
	"dangjian/internal/platform/db"
)

// Person is a member (or an account without one) in the fake directory.
type Person struct {
	ID        string
	Name      string
	OrgID     string
	OrgPath   string
	Phone     string
	Positions []string // titles held in their org (书记, 委员 ...)
	Officer   bool     // listed among Officers of their org
	Ended     bool     // no longer an active member
}

// Directory is a notify.Directory over people and org paths set by a test.
type Directory struct {
	mu     sync.Mutex
	people map[string]Person
	paths  map[string]string // org ID → path
}

// New makes an empty directory.
func New() *Directory {
	return &Directory{people: map[string]Person{}, paths: map[string]string{}}
}

// Org records an org's path ("/a/b/", IDs of 26 characters).
func (d *Directory) Org(id, path string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.paths[id] = path
}

// Add puts a person in the directory (replacing one with the same ID).
func (d *Directory) Add(p Person) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.people[p.ID] = p
}

func (d *Directory) sorted(keep func(Person) bool) []Person {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []Person
	for _, p := range d.people {
		if !p.Ended && keep(p) {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.OrgPath != b.OrgPath {
			return a.OrgPath < b.OrgPath
		}
		return a.ID < b.ID
	})
	return out
}

func recipient(p Person) notify.Recipient {
	return notify.Recipient{ID: p.ID, OrgID: p.OrgID, OrgPath: p.OrgPath}
}

func (d *Directory) SubtreeMembers(_ context.Context, path string, after notify.Cursor, limit int) ([]notify.Recipient, notify.Cursor, error) {
	var out []notify.Recipient
	for _, p := range d.sorted(func(p Person) bool { return strings.HasPrefix(p.OrgPath, path) && !p.Officer }) {
		if p.OrgPath < after.Path || (p.OrgPath == after.Path && p.ID <= after.ID) {
			continue
		}
		if len(out) == limit {
			break
		}
		out = append(out, recipient(p))
		after = notify.Cursor{Path: p.OrgPath, ID: p.ID}
	}
	return out, after, nil
}

func (d *Directory) PositionHolders(_ context.Context, path string, titles []string) ([]notify.Recipient, error) {
	var out []notify.Recipient
	for _, p := range d.sorted(func(p Person) bool {
		return strings.HasPrefix(p.OrgPath, path) && slices.ContainsFunc(p.Positions, func(t string) bool { return slices.Contains(titles, t) })
	}) {
		out = append(out, recipient(p))
	}
	return out, nil
}

func (d *Directory) Members(_ context.Context, ids []string) ([]notify.Recipient, error) {
	var out []notify.Recipient
	for _, p := range d.sorted(func(p Person) bool { return slices.Contains(ids, p.ID) && !p.Officer }) {
		out = append(out, recipient(p))
	}
	return out, nil
}

func (d *Directory) Officers(_ context.Context, orgID string) ([]notify.Recipient, error) {
	var out []notify.Recipient
	for _, p := range d.sorted(func(p Person) bool { return p.OrgID == orgID && (p.Officer || len(p.Positions) > 0) }) {
		out = append(out, recipient(p))
	}
	return out, nil
}

func (d *Directory) OrgPath(_ context.Context, orgID string) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if p, ok := d.paths[orgID]; ok {
		return p, nil
	}
	return "", db.ErrNoRows
}

func (d *Directory) Phone(_ context.Context, addressee string) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.people[addressee].Phone, nil
}

func (d *Directory) Names(_ context.Context, ids []string) (map[string]string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := map[string]string{}
	for _, id := range ids {
		if p, ok := d.people[id]; ok {
			out[id] = p.Name
		}
	}
	return out, nil
}
