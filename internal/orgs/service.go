package orgs

import (
	"context"
	"fmt"

	"dangjian/internal/notify"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/outbox"
)

// Service is the organization capability.
type Service struct {
	db      *db.DB
	clk     clock.Clock
	members MemberLink

	notify   *notify.Service // nil until UseReminders
	termLead int             // months before a term ends that its reminder fires
}

// New builds the service; SetMembers must be called before use.
func New(d *db.DB, clk clock.Clock) *Service { return &Service{db: d, clk: clk} }

// SetMembers connects the members capability (it depends on orgs, so it is
// wired after both exist).
func (s *Service) SetMembers(m MemberLink) { s.members = m }

// Get returns the org with id (an error satisfying db.IsNoRows when unknown).
func (s *Service) Get(ctx context.Context, q db.Querier, id string) (Org, error) {
	return getOrg(ctx, q, id)
}

// PathOf returns the materialized path of the org id.
func (s *Service) PathOf(ctx context.Context, q db.Querier, id string) (string, error) {
	var p string
	err := q.QueryRowContext(ctx, "SELECT path FROM orgs WHERE id = ?", id).Scan(&p)
	return p, err
}

// Resolve finds an org by ID or by code (for the command line and grants).
func (s *Service) Resolve(ctx context.Context, idOrCode string) (Org, error) {
	list, err := queryOrgs(ctx, s.db, "WHERE id = ? OR code = ? ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END", idOrCode, idOrCode, idOrCode)
	if err != nil {
		return Org{}, err
	}
	if len(list) == 0 {
		return Org{}, fmt.Errorf("org %q: %w", idOrCode, db.ErrNoRows)
	}
	return list[0], nil
}

// Named finds the active orgs called name inside the subtree at path (at
// most 10: more than one is ambiguous to the caller anyway).
func (s *Service) Named(ctx context.Context, q db.Querier, path, name string) ([]Org, error) {
	return queryOrgs(ctx, q, "WHERE name = ? AND path >= ? AND path < ? AND status = ? LIMIT 10",
		name, path, db.PrefixEnd(path), StatusActive)
}

// Names returns the names of the given orgs.
func (s *Service) Names(ctx context.Context, q db.Querier, orgIDs []string) (map[string]string, error) {
	return column(ctx, q, "name", orgIDs)
}

// Codes returns the codes of the given orgs ("" for an org without one).
func (s *Service) Codes(ctx context.Context, q db.Querier, orgIDs []string) (map[string]string, error) {
	return column(ctx, q, "COALESCE(code, '')", orgIDs)
}

// column reads one column (a constant expression, never user input) of the
// given orgs, by ID.
func column(ctx context.Context, q db.Querier, expr string, orgIDs []string) (map[string]string, error) {
	out := make(map[string]string, len(orgIDs))
	for len(orgIDs) > 0 {
		n := min(len(orgIDs), 500)
		rows, err := q.QueryContext(ctx, "SELECT id, "+expr+" FROM orgs WHERE id IN ("+db.Placeholders(n)+")", db.Strings(orgIDs[:n])...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		orgIDs = orgIDs[n:]
	}
	return out, nil
}

// Create adds an org under n.ParentID (a root when empty). Scope checks are
// the caller's (the HTTP handler, or the operator on the command line).
func (s *Service) Create(ctx context.Context, n NewOrg) (Org, error) {
	return s.create(ctx, n.ParentID, n.fields())
}

func (s *Service) create(ctx context.Context, parentID string, f Fields) (Org, error) {
	o := Org{ID: ids.New(), ParentID: parentID, Status: StatusActive, Version: 1}
	f.apply(&o)
	if err := validate(o); err != nil {
		return Org{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error { return s.insertNew(ctx, tx, &o) })
	return o, err
}

// insertNew writes a validated new org inside tx, with its history.
func (s *Service) insertNew(ctx context.Context, tx *db.Tx, o *Org) error {
	if err := s.place(ctx, tx, o); err != nil {
		return err
	}
	if err := s.checkCode(ctx, tx, *o); err != nil {
		return err
	}
	if err := insertOrgs(ctx, tx, []Org{*o}, s.clk.Now().UnixMilli()); err != nil {
		return err
	}
	if err := adjustChildCount(ctx, tx, o.ParentID, 1); err != nil {
		return err
	}
	return s.record(ctx, tx, *o, "created", "成立组织「"+o.Name+"」", nil, orgView(*o))
}

// place sets the path and depth of o under its parent, checking the kind
// may sit there.
func (s *Service) place(ctx context.Context, q db.Querier, o *Org) error {
	parentKind := ""
	o.Path, o.Depth = "/"+o.ID+"/", 0
	if o.ParentID != "" {
		parent, err := getOrg(ctx, q, o.ParentID)
		if db.IsNoRows(err) {
			return fieldErr("parent_id", "not_found", "上级组织不存在")
		}
		if err != nil {
			return err
		}
		if !parent.Active() {
			return fieldErr("parent_id", "dissolved", "上级组织已撤销，不能在其下设立组织")
		}
		parentKind = parent.Kind
		o.Path, o.Depth = parent.Path+o.ID+"/", parent.Depth+1
	}
	if !kindMaySitUnder(o.Kind, parentKind) {
		return fieldErr("kind", "invalid_parent", fmt.Sprintf("%s不能设在%s之下", KindLabel(o.Kind), parentLabel(parentKind)))
	}
	return nil
}

func kindMaySitUnder(kind, parentKind string) bool {
	for _, k := range allowedParents[kind] {
		if k == parentKind {
			return true
		}
	}
	return false
}

func parentLabel(kind string) string {
	if kind == "" {
		return "最顶层"
	}
	return KindLabel(kind)
}

func fieldErr(field, code, msg string) error {
	var f httpx.Fields
	f.Add(field, code, msg)
	return f.Err()
}

func (s *Service) checkCode(ctx context.Context, q db.Querier, o Org) error {
	taken, err := codeTaken(ctx, q, o.Code, o.ID)
	if err != nil {
		return err
	}
	if taken {
		return httpx.Conflict("duplicate_code", "组织编码「"+o.Code+"」已被使用")
	}
	return nil
}

// record appends to the org's history, the audit log and the outbox and
// keeps the org's term-end reminder in step, all in the caller's transaction.
func (s *Service) record(ctx context.Context, tx *db.Tx, o Org, kind, detail string, before, after any) error {
	now := s.clk.Now()
	actor := authz.ActorName(ctx, "命令行")
	if _, err := tx.ExecContext(ctx, `INSERT INTO org_events (id, org_id, kind, at, actor_name, detail)
		VALUES (?, ?, ?, ?, ?, ?)`, ids.At(now), o.ID, kind, now.UnixMilli(), actor, detail); err != nil {
		return err
	}
	if err := audit.RecordAt(ctx, tx, now, audit.Entry{Action: "org." + kind, TargetType: "org",
		TargetID: o.ID, Before: before, After: after}); err != nil {
		return err
	}
	if err := s.scheduleTermEnd(ctx, tx, o); err != nil {
		return err
	}
	payload := map[string]any{"name": o.Name, "kind": o.Kind, "detail": detail}
	if b, ok := before.(map[string]any); ok && kind == "moved" {
		payload["old_path"] = b["path"] // subscribers re-scope what they keep by path
	}
	return outbox.EmitAt(ctx, tx, now, outbox.Event{Type: "org." + kind, SubjectID: o.ID, OrgPath: o.Path, Payload: payload})
}

// Any reports whether any organization exists (an empty database is offered
// the demo city).
func (s *Service) Any(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM orgs LIMIT 1) t").Scan(&n)
	return n > 0, err
}
