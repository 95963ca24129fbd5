package orgs

// unitTypes are the unit type codes (单位类型) in display order.
var unitTypes = []string{"government", "institution", "enterprise", "village", "community", "school", "retired", "social", "other"}

// UnitTypes lists the unit type codes in display order, for derived views
// (dashboards, statistics) that tabulate by unit type.
func UnitTypes() []string { return append([]string(nil), unitTypes...) }

// UnitTypeLabel is the Chinese name of a unit type code ("" when unknown).
func UnitTypeLabel(code string) string { return unitLabels[code] }
