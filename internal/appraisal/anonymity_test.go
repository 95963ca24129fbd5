package appraisal_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"dangjian/internal/appraisal"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

// TestRatingAnonymity: after two members rate, no stored row links either
// of them to a grade. Every table of the package, the audit log and the
// outbox are read column by column; a rater's ID (which their account ID
// and username contain) may appear only in the rated-flag table, in their
// own participant and received-tally rows, and as the actor of an audit
// entry that names the round and nothing else. The counters equal the sums
// of the ballots and no rating added a row to them.
func TestRatingAnonymity(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		b, ms := e.branch("匿名支部", "q", 4, false)
		rd := e.open(t, b)
		e.do(t, member(ms[2], b), "PUT", "/api/v1/my/appraisals/"+rd.ID+"/peers/"+ms[3], map[string]string{"comment": "好"}, 200)
		tallyRows := countRows(t, d, "SELECT COUNT(*) FROM appraisal_tallies")
		outboxRows := countRows(t, d, "SELECT COUNT(*) FROM outbox_events")

		ballots := map[string]map[string]string{
			ms[0]: {ms[1]: "excellent", ms[2]: "unqualified", ms[3]: "qualified"},
			ms[1]: {ms[0]: "basically_qualified", ms[2]: "unqualified"},
		}
		for rater, g := range ballots {
			e.do(t, member(rater, b), "POST", "/api/v1/my/appraisals/"+rd.ID+"/ratings", map[string]any{"grades": g}, 201)
		}

		if n := countRows(t, d, "SELECT COUNT(*) FROM appraisal_tallies"); n != tallyRows || n != 4*4 {
			t.Errorf("tally rows %d → %d: a rating added rows", tallyRows, n)
		}
		if n := countRows(t, d, "SELECT COUNT(*) FROM outbox_events"); n != outboxRows {
			t.Errorf("outbox rows %d → %d: a rating emitted events", outboxRows, n)
		}
		checkSums(t, d, rd.ID, ballots)

		tables := ownTables(t, d)
		for _, want := range []string{"appraisals", "appraisal_participants", "appraisal_raters", "appraisal_tallies",
			"appraisal_peer_reviews", "appraisal_handlings", "appraisal_events"} {
			if !slices.Contains(tables, want) {
				t.Fatalf("table %s not found among %v", want, tables)
			}
		}
		for _, table := range append(tables, "audit_log", "outbox_events") {
			rows := dump(t, d, table)
			if table == "appraisal_tallies" || table == "appraisal_raters" {
				checkColumns(t, table, rows)
			}
			for rater := range ballots {
				for _, row := range rows {
					if rowMentions(row, rater) && !mentionAllowed(table, row, rater, rd.ID) {
						t.Errorf("%s row links rater %s: %v", table, rater, row)
					}
				}
			}
		}
		if n := countRows(t, d, "SELECT COUNT(*) FROM appraisal_raters"); n != 2 {
			t.Errorf("rated flags: %d", n)
		}
		if n := countRows(t, d, "SELECT COUNT(*) FROM audit_log WHERE action = 'appraisal.rated'"); n != 2 {
			t.Errorf("rating audit entries: %d", n)
		}

		// With two raters the tally would give each one's ballot away to
		// the other's knowledge: the committee does not see it.
		var v appraisal.Round
		e.do(t, worker(b), "POST", "/api/v1/appraisals/"+rd.ID+"/close-rating", nil, 200).JSON(t, &v)
		if v.TallyVisible || v.Participants[0].Tally != nil || !strings.Contains(v.TallyNote, "不足 3 人") || v.RatedCount != 2 {
			t.Errorf("tally of two raters shown: %+v", v)
		}
	})
}

// TestSecondRatingRace: the same member submitting twice at once is
// counted once; the other submission is refused.
func TestSecondRatingRace(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		b, ms := e.branch("并发支部", "c", 3, false)
		rd := e.open(t, b)
		e.srv.As(member(ms[0], b))
		var wg sync.WaitGroup
		status := make([]int, 4)
		for i := range status {
			wg.Go(func() {
				status[i] = e.srv.Do(t, "POST", "/api/v1/my/appraisals/"+rd.ID+"/ratings",
					map[string]any{"grades": map[string]string{ms[1]: "excellent"}}).Status
			})
		}
		wg.Wait()
		slices.Sort(status)
		if fmt.Sprint(status) != "[201 409 409 409]" {
			t.Errorf("statuses: %v", status)
		}
		if n := countRows(t, d, "SELECT votes FROM appraisal_tallies WHERE member_id = ? AND grade = 'excellent'", ms[1]); n != 1 {
			t.Errorf("counted %d times", n)
		}
		if n := countRows(t, d, "SELECT COUNT(*) FROM audit_log WHERE action = 'appraisal.rated'"); n != 1 {
			t.Errorf("audited %d times", n)
		}
	})
}

// checkSums: each counter is the number of ballots giving that grade.
func checkSums(t *testing.T, d *db.DB, roundID string, ballots map[string]map[string]string) {
	t.Helper()
	want := map[string]int{}
	for _, g := range ballots {
		for ratee, grade := range g {
			want[ratee+":"+grade]++
		}
	}
	for _, row := range dump(t, d, "appraisal_tallies") {
		if row["appraisal_id"] != roundID {
			continue
		}
		if got, w := row["votes"], fmt.Sprint(want[row["member_id"]+":"+row["grade"]]); got != w {
			t.Errorf("counter %s %s = %s, want %s", row["member_id"], row["grade"], got, w)
		}
	}
}

// checkColumns: the anonymous tables have exactly the columns that cannot
// identify a ballot.
func checkColumns(t *testing.T, table string, rows []map[string]string) {
	t.Helper()
	want := map[string][]string{
		"appraisal_tallies": {"appraisal_id", "grade", "member_id", "votes"},
		"appraisal_raters":  {"appraisal_id", "member_id"},
	}[table]
	var got []string
	for c := range rows[0] {
		got = append(got, c)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("%s columns %v, want %v", table, got, want)
	}
}

func rowMentions(row map[string]string, id string) bool {
	for _, v := range row {
		if strings.Contains(v, id) {
			return true
		}
	}
	return false
}

// mentionAllowed says whether a row naming rater may exist.
func mentionAllowed(table string, row map[string]string, rater, roundID string) bool {
	switch table {
	case "appraisal_raters":
		return true
	case "appraisal_participants":
		return row["member_id"] == rater && row["proposed_grade"] == "" && row["final_grade"] == ""
	case "appraisal_tallies":
		return row["member_id"] == rater // the counters of the rater's own received ratings
	case "audit_log":
		return row["action"] == "appraisal.rated" && row["target_id"] == roundID &&
			row["before_json"] == "" && row["after_json"] == ""
	}
	return false
}

// ownTables lists the package's tables.
func ownTables(t *testing.T, d *db.DB) []string {
	t.Helper()
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'appraisal%'"
	if d.Dialect() == db.Postgres {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 'appraisal%'"
	}
	rows, err := d.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// dump reads every row of table as column → text.
func dump(t *testing.T, d *db.DB, table string) []map[string]string {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), "SELECT * FROM "+table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := map[string]string{}
		for i, c := range cols {
			switch v := vals[i].(type) {
			case nil:
				row[c] = ""
			case []byte:
				row[c] = string(v)
			default:
				row[c] = fmt.Sprint(v)
			}
		}
		out = append(out, row)
	}
	return out
}
