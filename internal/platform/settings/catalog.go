package settings

import (
	"context"
	"maps"
	"slices"
	"time"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Catalog is the items a capability lets an org set for its subtree, kept in
// Table (columns as in Migration) and audited as AuditAction.
type Catalog struct {
	Table       string // a constant, never user input: it is spliced into SQL
	Items       []Item
	AuditAction string
}

// View is every item at an org with its provenance, in catalog order.
type View struct {
	OrgID string     `json:"org_id"`
	Items []Resolved `json:"items"`
}

func (c *Catalog) item(key string) (Item, bool) {
	for _, it := range c.Items {
		if it.Key == key {
			return it, true
		}
	}
	return Item{}, false
}

// Resolve reads the values set at the org of path and its ancestors; the
// nearest one wins, and an item nobody set has its default.
func (c *Catalog) Resolve(ctx context.Context, q db.Querier, path string) (Values, error) {
	all, err := c.ResolveAll(ctx, q, []string{path})
	return all[path], err
}

// ResolveAll is Resolve for many org paths with one query per few thousand
// orgs on their chains (a bulk job assessing members of thousands of
// branches would otherwise ask once per branch).
func (c *Catalog) ResolveAll(ctx context.Context, q db.Querier, paths []string) (map[string]Values, error) {
	var ids []string
	seen := map[string]bool{}
	for _, p := range paths {
		for _, id := range PathIDs(p) {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	set := map[string]map[string]string{} // org → key → value
	for start := 0; start < len(ids); start += resolveChunk {
		part := ids[start:min(start+resolveChunk, len(ids))]
		if err := c.read(ctx, q, part, set); err != nil {
			return nil, err
		}
	}
	out := make(map[string]Values, len(paths))
	for _, p := range paths {
		out[p] = c.resolveIn(PathIDs(p), set)
	}
	return out, nil
}

const resolveChunk = 5000

func (c *Catalog) read(ctx context.Context, q db.Querier, orgIDs []string, set map[string]map[string]string) error {
	rows, err := q.QueryContext(ctx, "SELECT org_id, key, value FROM "+c.Table+" WHERE org_id IN ("+
		db.Placeholders(len(orgIDs))+")", db.Strings(orgIDs)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var org, key, value string
		if err := rows.Scan(&org, &key, &value); err != nil {
			return err
		}
		if set[org] == nil {
			set[org] = map[string]string{}
		}
		set[org][key] = value
	}
	return rows.Err()
}

// resolveIn works out the values along chain (root first) from the values
// set at its orgs: the nearest one wins.
func (c *Catalog) resolveIn(chain []string, set map[string]map[string]string) Values {
	out := Values{}
	for _, it := range c.Items {
		r := Resolved{Key: it.Key, Label: it.Label, Value: it.Default, Default: it.Default,
			Source: SourceDefault, Options: it.Options}
		for i := len(chain) - 1; i >= 0; i-- {
			if v, ok := set[chain[i]][it.Key]; ok {
				r.Value, r.SourceOrgID, r.Source = v, chain[i], SourceInherited
				if i == len(chain)-1 {
					r.Source = SourceOwn
				}
				break
			}
		}
		out[it.Key] = r
	}
	return out
}

// View is Resolve at the org orgID (whose path is path) with the names of
// the orgs the values come from, read through names.
func (c *Catalog) View(ctx context.Context, q db.Querier, orgID, path string,
	names func(context.Context, []string) (map[string]string, error)) (View, error) {
	vals, err := c.Resolve(ctx, q, path)
	if err != nil {
		return View{}, err
	}
	var srcIDs []string
	for _, v := range vals {
		if v.SourceOrgID != "" && !slices.Contains(srcIDs, v.SourceOrgID) {
			srcIDs = append(srcIDs, v.SourceOrgID)
		}
	}
	byID, err := names(ctx, srcIDs)
	if err != nil {
		return View{}, err
	}
	out := View{OrgID: orgID, Items: make([]Resolved, 0, len(c.Items))}
	for _, it := range c.Items {
		v := vals[it.Key]
		v.SourceOrgName = byID[v.SourceOrgID]
		out.Items = append(out.Items, v)
	}
	return out, nil
}

// Set sets (or, with nil, removes) orgID's own values; they hold for its
// subtree unless a lower org sets its own. Every value is checked before any
// is written: one bad value rejects the whole change with a 422.
func (c *Catalog) Set(ctx context.Context, d *db.DB, at time.Time, actorName, orgID string, values map[string]*string) error {
	keys := slices.Sorted(maps.Keys(values))
	var fe httpx.Fields
	for _, k := range keys {
		it, ok := c.item(k)
		switch {
		case !ok:
			fe.Add(k, "unknown", "未知的设置项")
		case values[k] != nil:
			if msg := it.Validate(*values[k]); msg != "" {
				fe.Add(k, "invalid", msg)
			}
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return d.InTx(ctx, func(tx *db.Tx) error {
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+c.Table+" WHERE org_id = ? AND key = ?", orgID, k); err != nil {
				return err
			}
			if v := values[k]; v != nil {
				if _, err := tx.ExecContext(ctx, "INSERT INTO "+c.Table+" (org_id, key, value, set_by_name, set_at) VALUES (?, ?, ?, ?, ?)",
					orgID, k, *v, actorName, at.UnixMilli()); err != nil {
					return err
				}
			}
		}
		return audit.RecordAt(ctx, tx, at, audit.Entry{Action: c.AuditAction, TargetType: "org", TargetID: orgID, After: values})
	})
}
