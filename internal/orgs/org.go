// Package orgs is the organization tree (党组织): organizations with their
// kinds and terms, the tree's moves and dissolutions, positions (职务), the
// structure rules of the 支部条例 and the org chart (组织体系图).
//
// The tree is a materialized path: every org stores "/<root id>/.../<own id>/",
// so "everything under X" is the index range [X.path, PrefixEnd(X.path)) and
// never a recursive walk.
package orgs

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/httpx"
)

// Kinds of organization (DOMAIN.md glossary).
const (
	KindLeadingBody   = "leading_body"   // 组织部 / 党工委 / 机关工委
	KindCommittee     = "committee"      // 党委 / 基层党委
	KindGeneralBranch = "general_branch" // 党总支
	KindBranch        = "branch"         // 党支部
	KindGroup         = "group"          // 党小组
)

// Org statuses.
const (
	StatusActive    = "active"
	StatusDissolved = "dissolved"
)

var kindLabels = map[string]string{KindLeadingBody: "党工委/组织部", KindCommittee: "党委",
	KindGeneralBranch: "党总支", KindBranch: "党支部", KindGroup: "党小组"}

var unitLabels = map[string]string{"government": "机关", "institution": "事业单位", "enterprise": "企业",
	"village": "农村", "community": "社区", "school": "学校", "retired": "离退休", "social": "社会组织", "other": "其他"}

// KindLabel is the Chinese name of a kind.
func KindLabel(kind string) string { return kindLabels[kind] }

// allowedParents says under which kinds each kind may sit: a branch under a
// committee or general branch (or directly under a leading body, as
// 机关工委 branches are), a group only inside a branch.
var allowedParents = map[string][]string{
	KindLeadingBody:   {"", KindLeadingBody},
	KindCommittee:     {KindLeadingBody, KindCommittee},
	KindGeneralBranch: {KindLeadingBody, KindCommittee},
	KindBranch:        {KindLeadingBody, KindCommittee, KindGeneralBranch},
	KindGroup:         {KindBranch},
}

// HoldsMembers reports whether members can belong to an org of this kind:
// members belong to a branch (or directly to a general branch or committee);
// a party group (党小组) is a subdivision of its branch, not a home.
func HoldsMembers(kind string) bool {
	return kind == KindBranch || kind == KindGeneralBranch || kind == KindCommittee
}

// Org is one organization.
type Org struct {
	ID            string
	ParentID      string
	Path          string // "/root/.../id/"
	Depth         int    // 0 for a root
	Name          string
	Code          string
	Kind          string
	UnitType      string
	Joint         bool // 联合党支部
	Temporary     bool // 临时党支部
	EndDate       string
	TermStart     string
	TermEnd       string
	EstablishedOn string
	Address       string
	Status        string
	DissolvedOn   string
	ChildCount    int // active children
	Version       int
	CreatedAt     int64 // Unix milliseconds
	// Longitude and Latitude (decimal degrees east and north, as a map app
	// shows them) place the org on the big screen's map; both or neither.
	Longitude, Latitude *float64
}

// Active reports whether the org has not been dissolved.
func (o Org) Active() bool { return o.Status == StatusActive }

// IDs returns the IDs on the org's path, root first (its ancestors and itself).
func (o Org) IDs() []string { return PathIDs(o.Path) }

// PathIDs splits a materialized path into its org IDs, root first.
func PathIDs(path string) []string {
	return strings.FieldsFunc(path, func(r rune) bool { return r == '/' })
}

// Fields is what a caller sets on an org (create and edit).
type Fields struct {
	Name          *string `json:"name"`
	Code          *string `json:"code"`
	Kind          *string `json:"kind"`
	UnitType      *string `json:"unit_type"`
	Joint         *bool   `json:"joint"`
	Temporary     *bool   `json:"temporary"`
	EndDate       *string `json:"end_date"`
	TermStart     *string `json:"term_start"`
	TermEnd       *string `json:"term_end"`
	EstablishedOn *string `json:"established_on"`
	Address       *string `json:"address"`
	Longitude     Coord   `json:"longitude"`
	Latitude      Coord   `json:"latitude"`
}

// Coord is one coordinate in a patch. A pointer cannot tell an absent key
// (leave it) from null (clear it), so Set records that the request named it.
type Coord struct {
	Set bool
	V   *float64
}

// UnmarshalJSON is called for null too, which is how a coordinate is cleared.
func (c *Coord) UnmarshalJSON(b []byte) error {
	c.Set = true
	return json.Unmarshal(b, &c.V)
}

// setCoord is a Coord that sets v (nil clears).
func setCoord(v *float64) Coord {
	if v == nil {
		return Coord{Set: true}
	}
	x := *v // never alias the caller's variable
	return Coord{Set: true, V: &x}
}

// NewOrg is a new organization (ParentID "" for a root).
type NewOrg struct {
	ParentID      string
	Name          string
	Kind          string
	Code          string
	UnitType      string
	Joint         bool
	Temporary     bool
	EndDate       string
	TermStart     string
	TermEnd       string
	EstablishedOn string
	Address       string
	Longitude     *float64
	Latitude      *float64
}

func (n NewOrg) fields() Fields {
	return Fields{Name: &n.Name, Code: &n.Code, Kind: &n.Kind, UnitType: &n.UnitType, Joint: &n.Joint,
		Temporary: &n.Temporary, EndDate: &n.EndDate, TermStart: &n.TermStart, TermEnd: &n.TermEnd,
		EstablishedOn: &n.EstablishedOn, Address: &n.Address,
		Longitude: setCoord(n.Longitude), Latitude: setCoord(n.Latitude)}
}

// apply copies the set fields onto o.
func (f Fields) apply(o *Org) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&o.Name, f.Name)
	set(&o.Code, f.Code)
	set(&o.Kind, f.Kind)
	set(&o.UnitType, f.UnitType)
	set(&o.EndDate, f.EndDate)
	set(&o.TermStart, f.TermStart)
	set(&o.TermEnd, f.TermEnd)
	set(&o.EstablishedOn, f.EstablishedOn)
	set(&o.Address, f.Address)
	if f.Joint != nil {
		o.Joint = *f.Joint
	}
	if f.Temporary != nil {
		o.Temporary = *f.Temporary
	}
	if f.Longitude.Set {
		o.Longitude = setCoord(f.Longitude.V).V
	}
	if f.Latitude.Set {
		o.Latitude = setCoord(f.Latitude.V).V
	}
}

// validate checks an org's own fields (not its place in the tree).
func validate(o Org) error {
	var fe httpx.Fields
	switch n := utf8.RuneCountInString(o.Name); {
	case n == 0:
		fe.Add("name", "required", "请填写组织名称")
	case n > 100:
		fe.Add("name", "too_long", "组织名称不能超过 100 个字")
	}
	if utf8.RuneCountInString(o.Code) > 40 {
		fe.Add("code", "too_long", "组织编码不能超过 40 个字符")
	}
	if _, ok := kindLabels[o.Kind]; !ok {
		fe.Add("kind", "invalid", "组织类别须为党工委/组织部、党委、党总支、党支部或党小组")
	}
	if _, ok := unitLabels[o.UnitType]; o.UnitType != "" && !ok {
		fe.Add("unit_type", "invalid", "单位类型不正确")
	}
	if (o.Joint || o.Temporary) && o.Kind != KindBranch {
		fe.Add("kind", "invalid", "联合党支部、临时党支部须为党支部")
	}
	if o.Temporary && o.EndDate == "" {
		fe.Add("end_date", "required", "临时党支部须填写撤销（结束）日期")
	}
	for field, v := range map[string]string{"end_date": o.EndDate, "term_start": o.TermStart,
		"term_end": o.TermEnd, "established_on": o.EstablishedOn} {
		if v != "" && !validDate(v) {
			fe.Add(field, "invalid", "日期格式应为 YYYY-MM-DD")
		}
	}
	if o.TermStart != "" && o.TermEnd != "" && validDate(o.TermStart) && validDate(o.TermEnd) && o.TermEnd <= o.TermStart {
		fe.Add("term_end", "invalid", "任期届满日期须晚于任期开始日期")
	}
	if utf8.RuneCountInString(o.Address) > 200 {
		fe.Add("address", "too_long", "地址不能超过 200 个字")
	}
	validateLocation(o, &fe)
	return fe.Err()
}

// China's extent — mainland, Hainan and the South China Sea islands, Taiwan
// — is about 73°E–136°E and 3°N–54°N. Our orgs are all inside it, so a
// point outside is a typo or a swapped pair.
const minLongitude, maxLongitude, minLatitude, maxLatitude = 73.0, 136.0, 3.0, 54.0

// validateLocation checks the map point: both coordinates or neither, each
// inside China (the negated comparisons reject NaN as well).
func validateLocation(o Org, fe *httpx.Fields) {
	if o.Longitude == nil && o.Latitude != nil {
		fe.Add("longitude", "required", "填写了纬度，请同时填写经度")
	}
	if o.Latitude == nil && o.Longitude != nil {
		fe.Add("latitude", "required", "填写了经度，请同时填写纬度")
	}
	if v := o.Longitude; v != nil && !(*v >= minLongitude && *v <= maxLongitude) {
		fe.Add("longitude", "out_of_range", "经度须在 73 到 136 之间（我国境内的东经度数）")
	}
	if v := o.Latitude; v != nil && !(*v >= minLatitude && *v <= maxLatitude) {
		fe.Add("latitude", "out_of_range", "纬度须在 3 到 54 之间（我国境内的北纬度数）")
	}
}

func validDate(s string) bool {
	_, err := time.Parse(clock.DateLayout, s)
	return err == nil
}
