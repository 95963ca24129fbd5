package dashboard

import (
	"context"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/rollup"
)

// page is a keyset page request: the rollups' own cursor (decoded) and
// the page size.
type page struct {
	after string
	limit int
}

const (
	defaultLimit = 50
	maxLimit     = 200
)

// pageOf reads cursor and limit; the cursor is the rollups' own, base64url
// encoded so that it travels in a URL.
func pageOf(r *http.Request) (page, error) {
	v := r.URL.Query()
	p := page{limit: defaultLimit}
	var fe httpx.Fields
	if s := v.Get("limit"); s != "" {
		if n, err := strconv.Atoi(s); err != nil || n < 1 || n > maxLimit {
			fe.Add("limit", "invalid", "每页条数应为 1 到 200")
		} else {
			p.limit = n
		}
	}
	b, err := base64.RawURLEncoding.DecodeString(v.Get("cursor"))
	if err != nil {
		fe.Add("cursor", "invalid", "翻页标记无效，请从第一页重新查看")
	}
	p.after = string(b)
	return p, fe.Err()
}

// pagedOrg is the org of a list request (dashboard.read in scope, else
// 404) and the page asked for.
func (s *Service) pagedOrg(r *http.Request) (OrgRef, page, error) {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"), authz.DashboardRead)
	if err != nil {
		return org, page{}, err
	}
	pg, err := pageOf(r)
	return org, pg, err
}

func encodeCursor(c string) string { return base64.RawURLEncoding.EncodeToString([]byte(c)) }

// List is a page of the list behind a number.
type List struct {
	Items       any    `json:"items"`
	NextCursor  string `json:"next_cursor"`
	MetricLabel string `json:"metric_label"`
	BucketLabel string `json:"bucket_label"`
}

// getList answers the members, orgs or branches counted in one bucket of a
// figure (metric members.*, orgs.*, health.color, or health.risk/all).
func (s *Service) getList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, pg, err := s.pagedOrg(r)
	if err != nil {
		return err
	}
	metric, bucket := r.URL.Query().Get("metric"), r.URL.Query().Get("bucket")
	var out List
	switch {
	case strings.HasPrefix(metric, "members."):
		out, err = s.memberList(ctx, org.Path, metric, bucket, pg)
	case strings.HasPrefix(metric, "orgs."):
		out, err = s.orgList(ctx, org.Path, metric, bucket, pg)
	case metric == "health.color" || metric == "health.risk":
		out, err = s.branchList(ctx, org.Path, metric, bucket, pg)
	default:
		return invalid("metric", "该统计指标没有名单")
	}
	if err != nil {
		return err
	}
	out.MetricLabel, out.BucketLabel = metricLabels[metric], s.bucketLabel(metric, bucket)
	return httpx.WriteJSON(w, http.StatusOK, out)
}

func invalid(field, msg string) error {
	var fe httpx.Fields
	fe.Add(field, "invalid", msg)
	return fe.Err()
}

// paged trims one extra row off list and says where the next page starts.
func paged[T any](list []T, limit int, cursor func(T) string) ([]T, string) {
	if len(list) <= limit {
		return list, ""
	}
	list = list[:limit]
	return list, encodeCursor(cursor(list[limit-1]))
}

// MemberItem is a member behind a members.* figure: what the members list
// shows, no ID number or phone.
type MemberItem struct {
	ID                string `json:"id"`
	Name              string `json:"name"`
	OrgID             string `json:"org_id"`
	OrgName           string `json:"org_name"`
	Gender            string `json:"gender"`
	GenderLabel       string `json:"gender_label"`
	Ethnicity         string `json:"ethnicity"`
	BirthDate         string `json:"birth_date"`
	Education         string `json:"education"`
	EducationLabel    string `json:"education_label"`
	Category          string `json:"category"`
	CategoryLabel     string `json:"category_label"`
	Status            string `json:"status"`
	StatusLabel       string `json:"status_label"`
	FullMemberOn      string `json:"full_member_on"`
	AgeBand           string `json:"age_band"`
	AgeBandLabel      string `json:"age_band_label"`
	PartyAgeBand      string `json:"party_age_band"`
	PartyAgeBandLabel string `json:"party_age_band_label"`
}

func (s *Service) memberList(ctx context.Context, path, metric, bucket string, pg page) (List, error) {
	if metric == "members.ethnicity" && bucket == bucketOther {
		return List{}, invalid("bucket", "「其他」包含多个民族，请查看具体民族的名单")
	}
	rows, err := s.st.Members(ctx, path, metric, bucket, pg.after, pg.limit+1)
	if err != nil {
		return List{}, err
	}
	rows, next := paged(rows, pg.limit, func(m rollup.MemberRow) string { return m.Name + "\x00" + m.ID })
	ids := make([]string, len(rows))
	for i, m := range rows {
		ids[i] = m.OrgID
	}
	names, err := s.dir.OrgNames(ctx, ids)
	if err != nil {
		return List{}, err
	}
	items := make([]MemberItem, len(rows))
	for i, m := range rows {
		items[i] = MemberItem{ID: m.ID, Name: m.Name, OrgID: m.OrgID, OrgName: names[m.OrgID],
			Gender: m.Gender, GenderLabel: s.bucketLabel("members.gender", m.Gender), Ethnicity: m.Ethnicity,
			BirthDate: m.BirthDate, Education: m.Education, EducationLabel: s.dir.Label("education", m.Education),
			Category: m.Category, CategoryLabel: s.dir.Label("category", m.Category),
			Status: m.Status, StatusLabel: s.dir.Label("status", m.Status), FullMemberOn: m.FullMemberOn,
			AgeBand: m.AgeBand, AgeBandLabel: s.bucketLabel("members.age_band", m.AgeBand),
			PartyAgeBand: m.PartyAgeBand, PartyAgeBandLabel: s.bucketLabel("members.party_age_band", m.PartyAgeBand)}
	}
	return List{Items: items, NextCursor: next}, nil
}

// OrgItem is an org behind an orgs.* figure.
type OrgItem struct {
	ID             string   `json:"id"`
	ParentID       string   `json:"parent_id"`
	Name           string   `json:"name"`
	Kind           string   `json:"kind"`
	KindLabel      string   `json:"kind_label"`
	UnitType       string   `json:"unit_type"`
	UnitTypeLabel  string   `json:"unit_type_label"`
	TermEnd        string   `json:"term_end"`
	TermState      string   `json:"term_state"`
	TermStateLabel string   `json:"term_state_label"`
	Longitude      *float64 `json:"longitude"`
	Latitude       *float64 `json:"latitude"`
}

func (s *Service) orgList(ctx context.Context, path, metric, bucket string, pg page) (List, error) {
	rows, err := s.st.Orgs(ctx, path, metric, bucket, pg.after, pg.limit+1)
	if err != nil {
		return List{}, err
	}
	rows, next := paged(rows, pg.limit, func(o rollup.OrgRow) string { return o.Name + "\x00" + o.ID })
	items := make([]OrgItem, len(rows))
	for i, o := range rows {
		items[i] = OrgItem{ID: o.ID, ParentID: o.ParentID, Name: o.Name, Kind: o.Kind, KindLabel: orgs.KindLabel(o.Kind),
			UnitType: o.UnitType, UnitTypeLabel: s.dir.Label("unit_type", o.UnitType), TermEnd: o.TermEnd,
			TermState: o.TermState, TermStateLabel: s.bucketLabel("orgs.term_state", o.TermState),
			Longitude: o.Longitude, Latitude: o.Latitude}
	}
	return List{Items: items, NextCursor: next}, nil
}

func (s *Service) branchList(ctx context.Context, path, metric, bucket string, pg page) (List, error) {
	f := rollup.BranchFilter{Color: bucket}
	if metric == "health.risk" {
		if s.bucketLabel(metric, bucket) == "" {
			return List{}, invalid("bucket", "不支持的风险类型")
		}
		f = rollup.BranchFilter{Reason: bucket} // "all" or one reason code
	} else if !validColor(bucket) {
		return List{}, invalid("bucket", msgColor)
	}
	items, next, err := s.branches(ctx, path, f, pg)
	return List{Items: items, NextCursor: next}, err
}
