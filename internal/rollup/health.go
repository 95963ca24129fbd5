package rollup

import (
	"context"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/settings"
)

// healthMigration creates rollup_branches, each active 党支部's facts and
// health as of the last refresh (as_of, a Shanghai date), and the health
// settings. components and reasons are JSON. dashboard_settings is not a
// rollup table: a rebuild keeps it.
var healthMigration = db.Migration{
	ID: "rollup.0102_health",
	SQL: `
CREATE TABLE rollup_branches (
	org_id           TEXT PRIMARY KEY,
	org_path         TEXT {{collate_c}} NOT NULL,
	name             TEXT NOT NULL,
	members          BIGINT NOT NULL,
	full_members     BIGINT NOT NULL,
	last_activity_on TEXT NOT NULL,
	last_meeting_on  TEXT NOT NULL,
	score            INTEGER NOT NULL,
	color            TEXT NOT NULL,
	components       TEXT NOT NULL,
	reasons          TEXT NOT NULL,
	at_risk          INTEGER NOT NULL,
	as_of            TEXT NOT NULL
);
CREATE INDEX rollup_branches_path ON rollup_branches (org_path);
CREATE INDEX rollup_branches_risk ON rollup_branches (at_risk, org_path);
CREATE INDEX rollup_branches_score ON rollup_branches (score, org_id);
` + settings.Migration("dashboard_settings"),
}

// The health settings' keys (design: dashboard.*).
const (
	keyGreenMin      = "dashboard.green_min"
	keyYellowMin     = "dashboard.yellow_min"
	keyDuesThreshold = "dashboard.dues_threshold"
)

func weightKey(component string) string { return "dashboard.weight_" + component }

// healthCatalog is what an org may set for its subtree: the components'
// weights, the color thresholds and the dues rate below which a branch is
// at risk.
var healthCatalog = &settings.Catalog{Table: "dashboard_settings", AuditAction: "dashboard.settings", Items: []settings.Item{
	{Key: weightKey(compOrglife), Label: "组织生活权重", Default: "30", Max: 100},
	{Key: weightKey(compAttendance), Label: "参会率权重", Default: "20", Max: 100},
	{Key: weightKey(compDues), Label: "党费收缴权重", Default: "20", Max: 100},
	{Key: weightKey(compTerm), Label: "按期换届权重", Default: "15", Max: 100},
	{Key: weightKey(compActivity), Label: "活跃度权重", Default: "15", Max: 100},
	{Key: keyGreenMin, Label: "绿色最低分", Default: "80", Max: 100},
	{Key: keyYellowMin, Label: "黄色最低分", Default: "60", Max: 100},
	{Key: keyDuesThreshold, Label: "党费收缴率预警线（%）", Default: "80", Max: 100},
}}

// HealthSettings is the health settings catalog, for the settings routes'
// GET (settings.HTTP); a change goes through SetHealthSettings.
func (s *Store) HealthSettings() *settings.Catalog { return healthCatalog }

// SetHealthSettings sets (nil: removes) the org's own health settings, as
// settings.Catalog.Set does, after checking them together as they will
// apply at the org (yellow_min ≤ green_min, some weight above 0), then
// re-judges the branches of the org's subtree so the change shows at once.
func (s *Store) SetHealthSettings(ctx context.Context, at time.Time, actorName, orgID, path string, values map[string]*string) error {
	if err := s.checkHealthSettings(ctx, path, values); err != nil {
		return err
	}
	if err := healthCatalog.Set(ctx, s.db, at, actorName, orgID, values); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error { return s.refreshHealthUnder(ctx, tx, path) })
}

// checkHealthSettings rejects values that, with the others as they would
// apply at path, leave no weight or put yellow above green. Values the
// catalog itself rejects are left to Catalog.Set to report.
func (s *Store) checkHealthSettings(ctx context.Context, path string, values map[string]*string) error {
	cur, err := healthCatalog.Resolve(ctx, s.db, path)
	if err != nil {
		return err
	}
	parent, err := healthCatalog.Resolve(ctx, s.db, parentPath(path))
	if err != nil {
		return err
	}
	after := map[string]int{}
	for _, it := range healthCatalog.Items {
		v, set := values[it.Key]
		switch {
		case set && v != nil && it.Validate(*v) != "":
			return nil
		case set && v != nil:
			after[it.Key], _ = strconv.Atoi(*v)
		case set:
			after[it.Key] = parent.Int(it.Key)
		default:
			after[it.Key] = cur.Int(it.Key)
		}
	}
	var fe httpx.Fields
	if after[keyYellowMin] > after[keyGreenMin] {
		fe.Add(keyYellowMin, "above_green", "黄色最低分（"+strconv.Itoa(after[keyYellowMin])+"）不能高于绿色最低分（"+
			strconv.Itoa(after[keyGreenMin])+"）")
	}
	total := 0
	for _, c := range components {
		total += after[weightKey(c)]
	}
	if total == 0 {
		fe.Add(weightKey(compOrglife), "no_weight", "各项权重不能全部为 0")
	}
	return fe.Err()
}

// parentPath is the path of the org above the one of path ("" above a root).
func parentPath(path string) string {
	ids := settings.PathIDs(path)
	if len(ids) <= 1 {
		return ""
	}
	return "/" + strings.Join(ids[:len(ids)-1], "/") + "/"
}

// refreshHealth re-judges every active branch as of today (Refresh).
func (s *Store) refreshHealth(ctx context.Context, tx *db.Tx) error {
	return s.refreshHealthUnder(ctx, tx, "/")
}
