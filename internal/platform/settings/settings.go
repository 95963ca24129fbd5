// Package settings holds per-subtree settings: a value set at an
// organization holds for its whole subtree unless a lower organization sets
// its own, so the nearest ancestor wins. Each capability declares its own
// Catalog (keys, defaults, rules) over its own table of the same shape.
package settings

import (
	"slices"
	"strconv"
	"strings"
)

// Item is one configurable value: its default and what a value must look
// like. An item is a choice (Options), an integer in [Min, Max] (Max > 0),
// or free text that only Check judges.
type Item struct {
	Key     string
	Label   string
	Default string
	Options []string
	Min     int
	Max     int
	// Check, when set, is a further rule; it returns a Chinese message, or
	// "" when v is acceptable.
	Check func(v string) string
}

// Validate returns a Chinese message when v is not a valid value of it, or "".
func (it Item) Validate(v string) string {
	if len(it.Options) > 0 && !slices.Contains(it.Options, v) {
		return it.Label + "应为 " + strings.Join(it.Options, "、") + " 之一"
	}
	if len(it.Options) == 0 && it.Max > 0 {
		if n, err := strconv.Atoi(v); err != nil || n < it.Min || n > it.Max {
			return it.Label + "应为 " + strconv.Itoa(it.Min) + "–" + strconv.Itoa(it.Max) + " 的整数"
		}
	}
	if it.Check != nil {
		return it.Check(v)
	}
	return ""
}

// Provenance of a resolved value.
const (
	SourceDefault   = "default"
	SourceInherited = "inherited"
	SourceOwn       = "own"
)

// Resolved is an item's value at an org with where it came from.
type Resolved struct {
	Key           string   `json:"key"`
	Label         string   `json:"label"`
	Value         string   `json:"value"`
	Default       string   `json:"default"`
	Source        string   `json:"source"` // default | inherited | own
	SourceOrgID   string   `json:"source_org_id"`
	SourceOrgName string   `json:"source_org_name"`
	Options       []string `json:"options"`
}

// Values is every item of a catalog as it applies at an org path.
type Values map[string]Resolved

// Int is a numeric value (its default if unreadable, e.g. a value stored
// before the rules tightened).
func (v Values) Int(key string) int {
	n, err := strconv.Atoi(v[key].Value)
	if err != nil {
		n, _ = strconv.Atoi(v[key].Default)
	}
	return n
}

// On reports whether an on/off item is on.
func (v Values) On(key string) bool { return v[key].Value == "on" }

// String is the value of key ("" for a key not in the catalog).
func (v Values) String(key string) string { return v[key].Value }

// PathIDs splits an org path "/a/b/c/" into its org IDs, root first.
func PathIDs(path string) []string {
	return strings.FieldsFunc(path, func(r rune) bool { return r == '/' })
}

// Migration is the CREATE TABLE statement of a settings table named table.
// Frozen: a migration must not change once shipped, so a schema change is a
// new migration step, never an edit here.
func Migration(table string) string {
	return `
CREATE TABLE ` + table + ` (
	org_id      TEXT NOT NULL,
	key         TEXT NOT NULL,
	value       TEXT NOT NULL,
	set_by_name TEXT NOT NULL DEFAULT '',
	set_at      BIGINT NOT NULL,
	PRIMARY KEY (org_id, key)
);
`
}
