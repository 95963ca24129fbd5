package members

// Enums by name, for derived views (statistics, dashboards) that show the
// register's codes with the register's own labels and order.
var enumsByName = map[string]enum{
	"gender":    genders,
	"status":    statuses,
	"education": educations,
	"category":  categories,
	"end_kind":  endKinds,
}

// EnumLabel is the Chinese label of code in the named enum (gender, status,
// education, category, end_kind); "" when either is unknown.
func EnumLabel(name, code string) string { return enumsByName[name].label(code) }

// EnumCodes lists the named enum's codes in display order (nil when the
// enum is unknown).
func EnumCodes(name string) []string { return append([]string(nil), enumsByName[name].codes...) }

// EthnicGroups lists the 56 ethnic groups as members store them, in the
// order of GB 3304 (汉族 first).
func EthnicGroups() []string { return append([]string(nil), ethnicGroups...) }
