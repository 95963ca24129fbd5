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
	out := Values{}
	for _, it := range c.Items {
		out[it.Key] = Resolved{Key: it.Key, Label: it.Label, Value: it.Default, Default: it.Default,
			Source: SourceDefault, Options: it.Options}
	}
	chain := PathIDs(path)
	if len(chain) == 0 {
		return out, nil
	}
	depth := map[string]int{}
	for i, id := range chain {
		depth[id] = i
	}
	rows, err := q.QueryContext(ctx, "SELECT org_id, key, value FROM "+c.Table+" WHERE org_id IN ("+
		db.Placeholders(len(chain))+")", db.Strings(chain)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	best := map[string]int{}
	for rows.Next() {
		var org, key, value string
		if err := rows.Scan(&org, &key, &value); err != nil {
			return nil, err
		}
		r, ok := out[key]
		if d, seen := best[key]; !ok || (seen && d > depth[org]) {
			continue
		}
		best[key] = depth[org]
		r.Value, r.SourceOrgID, r.Source = value, org, SourceInherited
		if org == chain[len(chain)-1] {
			r.Source = SourceOwn
		}
		out[key] = r
	}
	return out, rows.Err()
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
