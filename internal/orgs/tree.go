package orgs

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Update edits an org's details; version guards against lost updates
// (0 skips the check, for the command line).
func (s *Service) Update(ctx context.Context, id string, f Fields, version int) (Org, error) {
	var out Org
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		out, err = s.updateIn(ctx, tx, id, f, version)
		return err
	})
	return out, err
}

func (s *Service) updateIn(ctx context.Context, tx *db.Tx, id string, f Fields, version int) (Org, error) {
	before, err := getOrg(ctx, tx, id)
	if err != nil {
		return Org{}, err
	}
	if !before.Active() {
		return Org{}, httpx.Conflict("org_dissolved", "该组织已撤销，不能修改")
	}
	o := before
	f.apply(&o)
	if version != 0 {
		o.Version = version
	}
	if err := validate(o); err != nil {
		return Org{}, err
	}
	if err := s.checkKindChange(ctx, tx, before, o); err != nil {
		return Org{}, err
	}
	if err := s.checkCode(ctx, tx, o); err != nil {
		return Org{}, err
	}
	ok, err := updateOrg(ctx, tx, o, s.clk.Now().UnixMilli())
	if err != nil {
		return Org{}, err
	}
	if !ok {
		return Org{}, httpx.Conflict("version_conflict", "该组织信息已被他人修改，请刷新后重试")
	}
	o.Version++
	return o, s.record(ctx, tx, o, "updated", "修改组织信息："+describeChanges(before, o), orgView(before), orgView(o))
}

// checkKindChange keeps the tree valid when an org changes kind: the new
// kind must fit under its parent, and its children under it.
func (s *Service) checkKindChange(ctx context.Context, q db.Querier, before, after Org) error {
	if before.Kind == after.Kind {
		return nil
	}
	tmp := after
	if err := s.place(ctx, q, &tmp); err != nil {
		return err
	}
	rows, err := q.QueryContext(ctx, "SELECT DISTINCT kind FROM orgs WHERE parent_id = ? AND status = ?", after.ID, StatusActive)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return err
		}
		if !kindMaySitUnder(k, after.Kind) {
			return fieldErr("kind", "invalid_children", fmt.Sprintf("其下有%s，不能改为%s", KindLabel(k), KindLabel(after.Kind)))
		}
	}
	return rows.Err()
}

func describeChanges(a, b Org) string {
	var parts []string
	add := func(label, x, y string) {
		if x != y {
			parts = append(parts, fmt.Sprintf("%s「%s」→「%s」", label, x, y))
		}
	}
	add("名称", a.Name, b.Name)
	add("编码", a.Code, b.Code)
	add("类别", KindLabel(a.Kind), KindLabel(b.Kind))
	add("单位类型", unitLabels[a.UnitType], unitLabels[b.UnitType])
	add("任期开始", a.TermStart, b.TermStart)
	add("任期届满", a.TermEnd, b.TermEnd)
	add("成立日期", a.EstablishedOn, b.EstablishedOn)
	add("结束日期", a.EndDate, b.EndDate)
	add("地址", a.Address, b.Address)
	add("经纬度", location(a), location(b))
	if a.Joint != b.Joint || a.Temporary != b.Temporary {
		parts = append(parts, "联合/临时属性")
	}
	if len(parts) == 0 {
		return "无变化"
	}
	return strings.Join(parts, "，")
}

// location is the org's map point as the history shows it ("" when none).
func location(o Org) string {
	if o.Longitude == nil || o.Latitude == nil {
		return ""
	}
	return strconv.FormatFloat(*o.Longitude, 'f', -1, 64) + ", " + strconv.FormatFloat(*o.Latitude, 'f', -1, 64)
}

// Move re-parents the org with its whole subtree. allowed reports whether
// the caller may manage at a path (the handler's scope; nil = operator).
func (s *Service) Move(ctx context.Context, id, newParentID string, allowed func(path string) bool) (Org, error) {
	var out Org
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := lockTree(ctx, tx); err != nil {
			return err
		}
		o, err := getOrg(ctx, tx, id)
		if err != nil {
			return err
		}
		parent, err := getOrg(ctx, tx, newParentID)
		if db.IsNoRows(err) || (err == nil && allowed != nil && !allowed(parent.Path)) {
			return httpx.NotFound()
		}
		if err != nil {
			return err
		}
		if err := checkMove(o, parent); err != nil {
			return err
		}
		moved, err := s.reparent(ctx, tx, o, parent)
		out = moved
		return err
	})
	return out, err
}

func checkMove(o, parent Org) error {
	switch {
	case o.ParentID == "":
		return httpx.Conflict("move_root", "顶层组织不能移动")
	case !o.Active():
		return httpx.Conflict("org_dissolved", "该组织已撤销，不能移动")
	case !parent.Active():
		return fieldErr("new_parent_id", "dissolved", "目标上级组织已撤销")
	case strings.HasPrefix(parent.Path, o.Path):
		return fieldErr("new_parent_id", "cycle", "不能移动到本组织或其下级组织之下")
	case parent.ID == o.ParentID:
		return fieldErr("new_parent_id", "same", "已在该上级组织之下")
	case !kindMaySitUnder(o.Kind, parent.Kind):
		return fieldErr("new_parent_id", "invalid_parent", fmt.Sprintf("%s不能设在%s之下", KindLabel(o.Kind), KindLabel(parent.Kind)))
	}
	return nil
}

func (s *Service) reparent(ctx context.Context, tx *db.Tx, o, parent Org) (Org, error) {
	oldPath, newPath := o.Path, parent.Path+o.ID+"/"
	now := s.clk.Now().UnixMilli()
	if _, err := tx.ExecContext(ctx, "UPDATE orgs SET parent_id = ?, version = version + 1 WHERE id = ?", parent.ID, o.ID); err != nil {
		return Org{}, err
	}
	if err := rewritePaths(ctx, tx, oldPath, newPath, parent.Depth+1-o.Depth, now); err != nil {
		return Org{}, err
	}
	if err := adjustChildCount(ctx, tx, o.ParentID, -1); err != nil {
		return Org{}, err
	}
	if err := adjustChildCount(ctx, tx, parent.ID, 1); err != nil {
		return Org{}, err
	}
	if s.members != nil {
		if err := s.members.SubtreeMoved(ctx, tx, oldPath, newPath); err != nil {
			return Org{}, err
		}
	}
	moved, err := getOrg(ctx, tx, o.ID)
	if err != nil {
		return Org{}, err
	}
	oldParent, _ := getOrg(ctx, tx, o.ParentID)
	detail := fmt.Sprintf("由「%s」调整至「%s」之下", oldParent.Name, parent.Name)
	return moved, s.record(ctx, tx, moved, "moved", detail,
		map[string]any{"parent_id": o.ParentID, "path": o.Path}, map[string]any{"parent_id": parent.ID, "path": moved.Path})
}

// lockTree serializes structural changes on PostgreSQL, so two concurrent
// moves cannot build a cycle; SQLite transactions are already serialized.
func lockTree(ctx context.Context, tx *db.Tx) error {
	if tx.Dialect() != db.Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(72310001)")
	return err
}

// Dissolve ends an org (撤销). Its record and history stay; it must have no
// members and no active child organizations left.
func (s *Service) Dissolve(ctx context.Context, id, on, reason string) (Org, error) {
	var fe httpx.Fields
	if !validDate(on) {
		fe.Add("dissolved_on", "invalid", "请填写撤销日期（YYYY-MM-DD）")
	}
	if strings.TrimSpace(reason) == "" {
		fe.Add("reason", "required", "请填写撤销原因")
	}
	if err := fe.Err(); err != nil {
		return Org{}, err
	}
	var out Org
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := lockTree(ctx, tx); err != nil {
			return err
		}
		o, err := getOrg(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.checkEmpty(ctx, tx, o); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE orgs SET status = ?, dissolved_on = ?, dissolve_reason = ?,
			updated_at = ?, version = version + 1 WHERE id = ?`, StatusDissolved, on, reason, s.clk.Now().UnixMilli(), id); err != nil {
			return err
		}
		if err := adjustChildCount(ctx, tx, o.ParentID, -1); err != nil {
			return err
		}
		if err := endOrgPositions(ctx, tx, id, on); err != nil {
			return err
		}
		out, err = getOrg(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, out, "dissolved", fmt.Sprintf("于 %s 撤销，原因：%s", on, reason), orgView(o), orgView(out))
	})
	return out, err
}

func (s *Service) checkEmpty(ctx context.Context, tx *db.Tx, o Org) error {
	if !o.Active() {
		return httpx.Conflict("org_dissolved", "该组织已撤销")
	}
	if o.ChildCount > 0 {
		return httpx.Conflict("org_not_empty", fmt.Sprintf("该组织下还有 %d 个下级组织，请先撤销或移走", o.ChildCount))
	}
	if s.members == nil {
		return nil
	}
	counts, err := s.members.Counts(ctx, tx, []string{o.ID})
	if err != nil {
		return err
	}
	if n := counts[o.ID].Total; n > 0 {
		return httpx.Conflict("org_not_empty", fmt.Sprintf("该组织还有 %d 名党员，请先将党员转出后再撤销", n))
	}
	return nil
}
