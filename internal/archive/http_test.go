package archive

import (
	"bytes"
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/authz"

	"github.com/xuri/excelize/v2"
)

func TestArchiveScope(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.emit(now, meeting("meeting.attended", "m1", "mt1", "lecture", "党课", "2026-05-10T02:00:00Z", "present"))
		e.dispatch()
		leadA, leadB := leaderOf("a", pathA), leaderOf("b", pathB)
		for _, c := range []struct {
			name string
			who  *authz.Principal
			path string
			want int
		}{
			{"own branch", leadA, "/api/v1/members/m1/archive", http.StatusOK},
			{"upper viewer", viewerOf("c", pathRoot), "/api/v1/members/m1/archive", http.StatusOK},
			{"another branch", leadB, "/api/v1/members/m1/archive", http.StatusNotFound},
			{"another branch pdf", leadB, "/api/v1/members/m1/archive.pdf", http.StatusNotFound},
			{"another branch xlsx", leadB, "/api/v1/members/m1/archive.xlsx", http.StatusNotFound},
			{"unknown member", leadA, "/api/v1/members/nobody/archive", http.StatusNotFound},
			{"member by id", apitest.Member("m1", "a", pathA), "/api/v1/members/m1/archive", http.StatusForbidden},
			{"member themself", apitest.Member("m1", "a", pathA), "/api/v1/my/archive", http.StatusOK},
			{"account without member", leadA, "/api/v1/my/archive", http.StatusForbidden},
			{"anonymous", nil, "/api/v1/my/archive", http.StatusUnauthorized},
		} {
			t.Run(c.name, func(t *testing.T) { e.api.Expect(t, c.who, "GET", c.path, nil, c.want) })
		}
		var mine, led Archive
		e.api.Expect(t, apitest.Member("m1", "a", pathA), "GET", "/api/v1/my/archive", nil, http.StatusOK).JSON(t, &mine)
		e.api.Expect(t, leadA, "GET", "/api/v1/members/m1/archive", nil, http.StatusOK).JSON(t, &led)
		if !reflect.DeepEqual(mine, led) || mine.Member.ID != "m1" || mine.Years[0].Items[0].Title != "党课：党课" {
			t.Fatalf("own archive %+v, leader's %+v", mine, led)
		}
		r := e.api.Expect(t, leadA, "GET", "/api/v1/my/archive", nil, http.StatusForbidden)
		if !r.Contains("当前账号未关联党员") {
			t.Fatalf("body %s", r.Body)
		}
	})
}

func TestArchivePDF(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.history()
		e.dispatch()
		r := e.api.Expect(t, leaderOf("a", pathA), "GET", "/api/v1/members/m1/archive.pdf", nil, http.StatusOK)
		if !bytes.HasPrefix(r.Body, []byte("%PDF")) || r.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("not a PDF: %s %.20q", r.Header.Get("Content-Type"), r.Body)
		}
		e.api.Expect(t, apitest.Member("m1", "a", pathA), "GET", "/api/v1/my/archive.pdf", nil, http.StatusOK)
		if got := e.exports(); !reflect.DeepEqual(got, []string{"acc-lead-a m1", "acc-m1 m1"}) {
			t.Fatalf("audited exports %q", got)
		}
	})
}

// A long archive flows onto more pages, each numbered.
func TestArchivePDFPages(t *testing.T) {
	a := Archive{Member: MemberView{Name: "张三", Active: true}}
	for y := 2026; y > 2016; y-- {
		yr := Year{Year: y}
		for i := range 50 {
			yr.Items = append(yr.Items, Item{On: "2026-01-01", KindLabel: "会议", Title: strings.Repeat("学", i), Detail: "出席"})
		}
		a.Years = append(a.Years, yr)
	}
	b, err := archivePDF(a, now)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte("/Type /Page ")); n < 15 {
		t.Fatalf("%d pages for 500 lines", n)
	}
}

func TestArchiveXLSX(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.history()
		e.dispatch()
		r := e.api.Expect(t, viewerOf("c", pathRoot), "GET", "/api/v1/members/m1/archive.xlsx", nil, http.StatusOK)
		f, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"年度概况", "档案明细"}) {
			t.Fatalf("sheets %q", got)
		}
		years, _ := f.GetRows("年度概况")
		// 2026 down to 2019 (joined), then the header.
		if len(years) != 9 || years[0][0] != "年度" || years[2][0] != "2025" {
			t.Fatalf("年度概况 %q", years)
		}
		// 2025: 10 meetings (one of two absences corrected), 9 payments kept
		// (5 on time); the empty trailing cells are not read back.
		want := []string{"2025", "10", "9", "0", "1", "90", "9", "5", "216", "0", "0", "优秀"}
		if !reflect.DeepEqual(years[2], want) {
			t.Fatalf("2025 row %q, want %q", years[2], want)
		}
		items, _ := f.GetRows("档案明细")
		if len(items) != 21 || items[1][0] != "2025" || items[0][3] != "事项" {
			t.Fatalf("档案明细 %d rows: %q", len(items), items)
		}
		if got := e.exports(); !reflect.DeepEqual(got, []string{"acc-view-c m1"}) {
			t.Fatalf("audited exports %q", got)
		}
	})
}

// exports lists the audited archive exports as "actor target".
func (e *env) exports() []string {
	e.t.Helper()
	rows, err := e.d.QueryContext(context.Background(),
		"SELECT actor_id, target_id FROM audit_log WHERE action = 'archive.export' ORDER BY seq")
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var actor, target string
		if err := rows.Scan(&actor, &target); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, actor+" "+target)
	}
	return out
}
