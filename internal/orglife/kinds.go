package orglife

// Kind is a kind of organizational-life meeting (三会一课, 主题党日, 组织生活会).
type Kind string

const (
	KindMemberAssembly Kind = "member_assembly" // 支部党员大会
	KindCommittee      Kind = "committee"       // 支委会
	KindGroup          Kind = "group"           // 党小组会
	KindLecture        Kind = "lecture"         // 党课
	KindThemeDay       Kind = "theme_day"       // 主题党日
	KindLifeMeeting    Kind = "life_meeting"    // 组织生活会
)

// Kinds lists every kind in display order; plans and dashboards follow it.
var Kinds = []Kind{KindMemberAssembly, KindCommittee, KindGroup, KindLecture, KindThemeDay, KindLifeMeeting}

var kindLabels = map[Kind]string{
	KindMemberAssembly: "支部党员大会",
	KindCommittee:      "支委会",
	KindGroup:          "党小组会",
	KindLecture:        "党课",
	KindThemeDay:       "主题党日",
	KindLifeMeeting:    "组织生活会",
}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { _, ok := kindLabels[k]; return ok }

// Label is the Chinese name of k, or "" for an unknown kind.
func (k Kind) Label() string { return kindLabels[k] }

// Frequency is how often a kind of meeting is required.
type Frequency string

const (
	Monthly   Frequency = "monthly"
	Quarterly Frequency = "quarterly"
	Yearly    Frequency = "yearly"
	Off       Frequency = "off" // not required (不作要求)
)

var frequencyLabels = map[Frequency]string{
	Monthly:   "每月",
	Quarterly: "每季度",
	Yearly:    "每年",
	Off:       "不作要求",
}

// Valid reports whether f is one of the four frequencies.
func (f Frequency) Valid() bool { _, ok := frequencyLabels[f]; return ok }

// Label is the Chinese name of f, or "" for an unknown frequency.
func (f Frequency) Label() string { return frequencyLabels[f] }

// DefaultFrequency is the frequency 支部条例 (and, for 党课, common local
// practice) sets for k; branches may configure their own. Unknown kinds are
// Off.
func DefaultFrequency(k Kind) Frequency {
	switch k {
	case KindMemberAssembly, KindLecture:
		return Quarterly
	case KindCommittee, KindGroup, KindThemeDay:
		return Monthly
	case KindLifeMeeting:
		return Yearly
	}
	return Off
}

// months is the length of f's period in calendar months; Off reckons by the
// year, so a period can still be named for it.
func (f Frequency) months() int {
	switch f {
	case Monthly:
		return 1
	case Quarterly:
		return 3
	}
	return 12
}
