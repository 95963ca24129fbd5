package commendations

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/tabular"
)

// GoldenList is 光荣在党50年 of a subtree for a year: the living members
// whose party age, counted from 转正, reaches 50 by 1 July of the year.
type GoldenList struct {
	OrgID   string       `json:"org_id"`
	OrgName string       `json:"org_name"`
	Year    int          `json:"year"`
	Cutoff  string       `json:"cutoff"`
	Items   []GoldenItem `json:"items"`
}

// GoldenItem is one member of the list; PartyYears is the party age on
// 1 July of the year.
type GoldenItem struct {
	MemberID     string `json:"member_id"`
	Name         string `json:"name"`
	OrgID        string `json:"org_id"`
	OrgName      string `json:"org_name"`
	FullMemberOn string `json:"full_member_on"`
	PartyYears   int    `json:"party_years"`
}

// goldenCutoff is the latest 转正 date that makes 50 years by 1 July.
func goldenCutoff(year int) string { return fmt.Sprintf("%04d-07-01", year-50) }

// partyYears is the party age on 1 July of year of someone full since
// fullOn (YYYY-MM-DD): whole years, the anniversary day counting.
func partyYears(fullOn string, year int) int {
	y, _ := strconv.Atoi(fullOn[:4])
	n := year - y
	if fullOn[4:] > "-07-01" {
		n--
	}
	return n
}

// golden computes the list of org's subtree for year.
func (s *Service) golden(ctx context.Context, org OrgRef, year int) (GoldenList, error) {
	cutoff := goldenCutoff(year)
	ms, err := s.dir.FullSince(ctx, s.db, org.Path, cutoff)
	if err != nil {
		return GoldenList{}, err
	}
	orgs, err := s.dir.OrgsUnder(ctx, s.db, org.Path)
	if err != nil {
		return GoldenList{}, err
	}
	names := namesOf(orgs)
	ms = slices.DeleteFunc(ms, func(m MemberRef) bool {
		return !m.Active || len(m.FullMemberOn) != len(clock.DateLayout) || m.FullMemberOn > cutoff
	})
	slices.SortFunc(ms, func(a, b MemberRef) int {
		return cmp.Or(strings.Compare(a.OrgPath, b.OrgPath), strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	out := GoldenList{OrgID: org.ID, OrgName: org.Name, Year: year, Cutoff: cutoff, Items: make([]GoldenItem, 0, len(ms))}
	for _, m := range ms {
		out.Items = append(out.Items, GoldenItem{MemberID: m.ID, Name: m.Name, OrgID: m.OrgID, OrgName: names[m.OrgID],
			FullMemberOn: m.FullMemberOn, PartyYears: partyYears(m.FullMemberOn, year)})
	}
	return out, nil
}

// goldenRequest is the org and ?year= (default: this year) of a request.
func (s *Service) goldenRequest(r *http.Request) (GoldenList, error) {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"), authz.AssessmentRead)
	if err != nil {
		return GoldenList{}, err
	}
	year, ok := yearOf(r.URL.Query().Get("year"))
	if !ok {
		return GoldenList{}, fieldErr("year", "invalid", "年度格式不正确")
	}
	if year == 0 {
		year = clock.Today(s.clk).Year()
	}
	return s.golden(r.Context(), org, year)
}

func (s *Service) handleGolden(w http.ResponseWriter, r *http.Request) error {
	list, err := s.goldenRequest(r)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, list)
}

var goldenCols = []tabular.Column{{Key: "no", Title: "序号"}, {Key: "name", Title: "姓名"}, {Key: "org", Title: "所在党组织"},
	{Key: "full_member_on", Title: "转正时间"}, {Key: "party_years", Title: "党龄（截至7月1日）"}}

// handleGoldenXLSX exports the list; the export is audited before a byte
// is sent.
func (s *Service) handleGoldenXLSX(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	list, err := s.goldenRequest(r)
	if err != nil {
		return err
	}
	rows := make([][]string, 0, len(list.Items))
	for i, it := range list.Items {
		rows = append(rows, []string{strconv.Itoa(i + 1), it.Name, it.OrgName, it.FullMemberOn, strconv.Itoa(it.PartyYears)})
	}
	data, err := tabular.Write(goldenCols, "光荣在党50年", rows)
	if err != nil {
		return err
	}
	if err := s.db.InTx(ctx, func(tx *db.Tx) error {
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "commendation.golden.export", TargetType: "org",
			TargetID: list.OrgID, After: map[string]any{"year": list.Year, "rows": len(rows)}})
	}); err != nil {
		return err
	}
	httpx.Download(w, httpx.XLSX, fmt.Sprintf("%s%d年光荣在党50年名单.xlsx", list.OrgName, list.Year))
	_, err = w.Write(data)
	return err
}
