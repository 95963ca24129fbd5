package archive

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"dangjian/internal/platform/outbox"
)

// rows is archive_entries as stored, in key order.
func (e *env) rows() []entry {
	e.t.Helper()
	es, err := entriesWhere(context.Background(), e.d, "1 = 1 ORDER BY member_id, source, ref")
	if err != nil {
		e.t.Fatal(err)
	}
	return es
}

// history is ten meetings, payments and a correction over two years.
func (e *env) history() {
	day := time.Date(2025, 3, 1, 1, 0, 0, 0, time.UTC)
	for i := range 10 {
		at := day.AddDate(0, i, 0)
		status, typ := "present", "meeting.attended"
		if i%4 == 3 {
			status, typ = "absent", "meeting.absent"
		}
		id := "mt" + string(rune('a'+i))
		e.emit(at, meeting(typ, "m1", id, "theme_day", "主题党日", at.Format(time.RFC3339), status),
			paid("m1", "pay"+id, at.Format("2006-01"), 2400, i%3 != 0))
	}
	e.emit(day.AddDate(1, 0, 0), correction("m1", "mtd", day.AddDate(0, 3, 0).Format(time.RFC3339), "absent", "present", "补登"),
		reversed("m1", "rev1", "paymtb", "2025-04", 2400), graded("m1", "ap1", 2025, "excellent", "优秀"))
}

func TestReplayIsIdempotent(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.history()
		e.dispatch()
		first := e.rows()
		if len(first) != 21 {
			t.Fatalf("%d rows, want 10 meetings + 10 payments + 1 grade: %+v", len(first), first)
		}
		view, _ := json.Marshal(e.archive("m1"))
		e.replay()
		if again := e.rows(); !reflect.DeepEqual(again, first) {
			t.Fatalf("replay changed the rows:\n%+v\nwant\n%+v", again, first)
		}
		if again, _ := json.Marshal(e.archive("m1")); string(again) != string(view) {
			t.Fatalf("replay changed the archive:\n%s\nwant\n%s", again, view)
		}
	})
}

func TestSameBatchTwice(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		at := time.Date(2026, 3, 5, 1, 0, 0, 0, time.UTC)
		batch := delivered(at, meeting("meeting.absent", "m1", "mt1", "lecture", "党课", "2026-03-05T01:00:00Z", "absent"),
			paid("m1", "p1", "2026-03", 2400, true), correction("m1", "mt1", "2026-03-05T01:00:00Z", "absent", "leave", "事假"),
			reversed("m1", "r1", "p1", "2026-03", 2400), paid("m1", "p2", "2026-03", 2400, false))
		for range 2 {
			if err := e.s.ingest(context.Background(), batch); err != nil {
				t.Fatal(err)
			}
		}
		st := e.stats(2026, "m1")["m1"]
		want := YearStats{MeetingsExpected: 1, MeetingsLeave: 1, DuesMonthsPaid: 1, DuesPaidFen: 2400}
		if st != want {
			t.Fatalf("stats %+v, want %+v", st, want)
		}
		if n := len(e.rows()); n != 3 {
			t.Fatalf("%d rows, want 3", n)
		}
	})
}

// delivered numbers events as the dispatcher would, a second apart.
func delivered(at time.Time, evs ...outbox.Event) []outbox.Delivered {
	out := make([]outbox.Delivered, len(evs))
	for i, ev := range evs {
		out[i] = outbox.Delivered{Event: ev, ID: "ev" + string(rune('a'+i)), At: at.Add(time.Duration(i) * time.Second),
			Seq: int64(i + 1)}
	}
	return out
}

func TestCorrectionUpdatesLineAndStats(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		starts := "2026-04-10T06:00:00Z"
		e.emit(now.AddDate(0, -2, 0), meeting("meeting.absent", "m1", "mt1", "member_assembly", "学习党章", starts, "absent"))
		e.dispatch()
		if st := e.stats(2026, "m1")["m1"]; st.MeetingsAbsent != 1 || st.MeetingsAttended != 0 {
			t.Fatalf("before the correction: %+v", st)
		}
		e.emit(now.AddDate(0, -1, 0), correction("m1", "mt1", starts, "absent", "present", "漏记签到"))
		e.dispatch()
		st := e.stats(2026, "m1")["m1"]
		if st.MeetingsExpected != 1 || st.MeetingsAttended != 1 || st.MeetingsAbsent != 0 {
			t.Fatalf("after the correction: %+v", st)
		}
		items := e.archive("m1").year(t, 2026).Items
		want := Item{On: "2026-04-10", Kind: "meeting", KindLabel: "会议", Title: "支部党员大会：学习党章",
			Detail: "出席；更正：缺席→出席（漏记签到）"}
		if len(items) != 1 || items[0] != want {
			t.Fatalf("items %+v, want [%+v]", items, want)
		}
	})
}

// A correction delivered before the record it corrects (a replay from a
// batch boundary) is kept; the older record does not undo it.
func TestCorrectionBeforeOriginal(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		starts := "2026-04-10T06:00:00Z"
		b := delivered(now, meeting("meeting.absent", "m1", "mt1", "member_assembly", "学习党章", starts, "absent"),
			correction("m1", "mt1", starts, "absent", "remote", "线上参会未登记"))
		ctx := context.Background()
		if err := e.s.ingest(ctx, b[1:]); err != nil {
			t.Fatal(err)
		}
		if err := e.s.ingest(ctx, b[:1]); err != nil {
			t.Fatal(err)
		}
		if st := e.stats(2026, "m1")["m1"]; st.MeetingsAttended != 1 || st.MeetingsAbsent != 0 {
			t.Fatalf("stats %+v", st)
		}
		it := e.archive("m1").year(t, 2026).Items[0]
		if it.Title != "支部党员大会：学习党章" || it.Detail != "线上出席；更正：缺席→线上出席（线上参会未登记）" {
			t.Fatalf("item %+v", it)
		}
	})
}

func TestDuesReversalRemovesTheMonth(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		jan := time.Date(2026, 1, 10, 2, 0, 0, 0, time.UTC)
		e.emit(jan, paid("m1", "p1", "2026-01", 2400, true))
		e.emit(jan.AddDate(0, 1, 0), paid("m1", "p2", "2026-02", 2400, true))
		e.emit(jan.AddDate(0, 3, 0), paid("m1", "p3", "2026-03", 2400, false))
		e.dispatch()
		want := YearStats{DuesMonthsPaid: 3, DuesMonthsOnTime: 2, DuesPaidFen: 7200}
		if st := e.stats(2026, "m1")["m1"]; st != want {
			t.Fatalf("before the reversal: %+v, want %+v", st, want)
		}
		e.emit(jan.AddDate(0, 4, 0), reversed("m1", "r2", "p2", "2026-02", 2400))
		e.dispatch()
		want = YearStats{DuesMonthsPaid: 2, DuesMonthsOnTime: 1, DuesPaidFen: 4800}
		if st := e.stats(2026, "m1")["m1"]; st != want {
			t.Fatalf("after the reversal: %+v, want %+v", st, want)
		}
		e.replay()
		if st := e.stats(2026, "m1")["m1"]; st != want {
			t.Fatalf("after a replay: %+v, want %+v", st, want)
		}
		var got Item
		for _, it := range e.archive("m1").year(t, 2026).Items {
			if it.On == "2026-02-10" {
				got = it
			}
		}
		if got.Title != "2026年2月党费" || got.Detail != "24.00 元，按时交纳；2026-05-10 冲正" {
			t.Fatalf("reversed payment shown as %+v", got)
		}
	})
}

// A reversal arriving before its payment marks the row; the payment then
// fills it in and stays reversed.
func TestReversalBeforePayment(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		b := delivered(now, paid("m1", "p1", "2026-05", 2400, true), reversed("m1", "r1", "p1", "2026-05", 2400))
		ctx := context.Background()
		if err := e.s.ingest(ctx, b[1:]); err != nil {
			t.Fatal(err)
		}
		if items := e.archive("m1").year(t, 2026).Items; len(items) != 0 {
			t.Fatalf("a reversal without its payment is shown: %+v", items)
		}
		if err := e.s.ingest(ctx, b[:1]); err != nil {
			t.Fatal(err)
		}
		if st := e.stats(2026, "m1")["m1"]; st != (YearStats{}) {
			t.Fatalf("a reversed payment counts: %+v", st)
		}
		if it := e.archive("m1").year(t, 2026).Items; len(it) != 1 || it[0].Detail != "24.00 元，按时交纳；2026-06-15 冲正" {
			t.Fatalf("items %+v", it)
		}
	})
}
