package transfers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"dangjian/internal/notify"
	"dangjian/internal/platform/clock"
	"dangjian/internal/transfers"
)

// TestPermissions: the receiving org accepts and returns, the sending org
// cancels; either end may read; anyone else gets 404. The sender needs no
// permission at the receiving branch, which may be anywhere on the platform.
func TestPermissions(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.w
		tr := e.internal(t, w.A, "m-jia", w.X1)
		path := "/api/v1/transfers/" + tr.ID
		r := e.do(t, secretary(w.A), "POST", path+"/accept", nil, 403)
		if !r.Contains("须由接收党组织办理") {
			t.Errorf("sender accepting: %s", r.Body)
		}
		e.do(t, secretary(w.A), "POST", path+"/return", map[string]any{"reason": "x"}, 403)
		if r := e.do(t, secretary(w.X1), "POST", path+"/cancel", nil, 403); !r.Contains("须由转出党组织办理") {
			t.Errorf("receiver cancelling: %s", r.Body)
		}
		e.do(t, secretary(w.B), "GET", path, nil, 404)
		e.do(t, secretary(w.B), "POST", path+"/accept", nil, 404)
		e.do(t, secretary(w.B), "POST", path+"/cancel", nil, 404)
		e.do(t, secretary(w.B), "GET", path+"/letter", nil, 404)
		e.do(t, viewer(w.X), "GET", path, nil, 200)
		e.do(t, viewer(w.X), "POST", path+"/accept", nil, 403) // the route needs TransferManage somewhere
		e.do(t, secretary(w.B), "POST", "/api/v1/orgs/"+w.A.ID+"/transfers", map[string]any{}, 404)
		e.do(t, secretary(w.A), "GET", "/api/v1/transfers/nope", nil, 404)

		var out, in struct {
			Items      []transfers.Transfer
			NextCursor string `json:"next_cursor"`
		}
		e.do(t, secretary(w.A), "GET", "/api/v1/orgs/"+w.A.ID+"/transfers?direction=out", nil, 200).JSON(t, &out)
		e.do(t, secretary(w.X1), "GET", "/api/v1/orgs/"+w.X1.ID+"/transfers?direction=in&state=open", nil, 200).JSON(t, &in)
		if len(out.Items) != 1 || len(in.Items) != 1 || in.Items[0].ID != tr.ID {
			t.Fatalf("lists: out %+v in %+v", out.Items, in.Items)
		}
		e.do(t, secretary(w.X1), "GET", "/api/v1/orgs/"+w.X1.ID+"/transfers?direction=out", nil, 200).JSON(t, &out)
		if len(out.Items) != 0 {
			t.Errorf("X1 has sent nothing: %+v", out.Items)
		}
		e.do(t, secretary(w.X1), "GET", "/api/v1/orgs/"+w.A.ID+"/transfers", nil, 404)
		e.do(t, secretary(w.X1), "GET", "/api/v1/orgs/"+w.X1.ID+"/transfers?direction=sideways", nil, 422)

		e.do(t, secretary(w.X1), "POST", path+"/accept", nil, 200)
		if e.dir.member("m-jia").OrgID != w.X1.ID {
			t.Error("accepted across committees, but the member did not move")
		}
		e.do(t, secretary(w.X1), "GET", "/api/v1/orgs/"+w.X1.ID+"/transfers?direction=in&state=open", nil, 200).JSON(t, &in)
		if len(in.Items) != 0 {
			t.Errorf("an accepted transfer is not open: %+v", in.Items)
		}
	})
}

// TestListPaging: newest first, pages joined by the cursor.
func TestListPaging(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		var ids []string
		for _, m := range []string{"m-jia", "m-yi", "m-bing"} {
			ids = append(ids, e.outgoing(t, e.w.A, m).ID)
			e.clk.Advance(time.Millisecond)
		}
		var page struct {
			Items      []transfers.Transfer
			NextCursor string `json:"next_cursor"`
		}
		e.do(t, secretary(e.w.R), "GET", "/api/v1/orgs/"+e.w.R.ID+"/transfers?limit=2", nil, 200).JSON(t, &page)
		if len(page.Items) != 2 || page.Items[0].ID != ids[2] || page.Items[1].ID != ids[1] || page.NextCursor != ids[1] {
			t.Fatalf("first page: %+v", page)
		}
		e.do(t, secretary(e.w.R), "GET", "/api/v1/orgs/"+e.w.R.ID+"/transfers?limit=2&cursor="+page.NextCursor, nil, 200).JSON(t, &page)
		if len(page.Items) != 1 || page.Items[0].ID != ids[0] || page.NextCursor != "" {
			t.Fatalf("second page: %+v", page)
		}
	})
}

// TestLapseReminder: 7 days before the letter runs out, at 09:00, the
// officers of both ends hear of an open internal transfer (the sending
// side only of an outgoing one); closing a transfer cancels its reminder.
func TestLapseReminder(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		in := e.internal(t, e.w.A, "m-jia", e.w.B)
		out := e.outgoing(t, e.w.A, "m-yi")
		gone := e.internal(t, e.w.A, "m-bing", e.w.B)
		want := time.Date(2026, 5, 26, 9, 0, 0, 0, clock.Shanghai).UnixMilli()
		if n := e.count(t, `SELECT COUNT(*) FROM jobs WHERE kind = 'reminder.transfer_lapse' AND key = ? AND run_at = ?
			AND done_at IS NULL AND cancelled_at IS NULL`, in.ID, want); n != 1 {
			t.Fatalf("reminder not scheduled for 2026-05-26 09:00")
		}
		e.do(t, secretary(e.w.A), "POST", "/api/v1/transfers/"+gone.ID+"/cancel", nil, 200)
		if n := e.count(t, `SELECT COUNT(*) FROM jobs WHERE key = ? AND cancelled_at IS NOT NULL`, gone.ID); n != 1 {
			t.Errorf("closing the transfer did not cancel its reminder")
		}
		e.at(t, "2026-05-25")
		if got := e.inbox(t, "sec-a"); len(got) != 0 {
			t.Fatalf("reminded early: %+v", got)
		}
		e.at(t, "2026-05-26")
		a, b := e.inbox(t, "sec-a"), e.inbox(t, "sec-b")
		if len(a) != 2 || len(b) != 1 || b[0].Kind != "transfer_lapse" || b[0].SubjectID != in.ID {
			t.Fatalf("sending officers %d, receiving %+v", len(a), b)
		}
		for _, it := range a {
			if it.SubjectID == gone.ID {
				t.Error("a cancelled transfer was reminded")
			}
			if it.SubjectID == out.ID && (!strings.Contains(it.Body, "有效期至2026年6月2日（还有 7 天），尚未收到回执") ||
				it.Link != "/transfers/"+out.ID) {
				t.Errorf("outgoing reminder: %+v", it)
			}
		}
	})
}

func (e *env) inbox(t *testing.T, addressee string) []notify.InboxItem {
	t.Helper()
	items, _, err := e.n.Inbox(context.Background(), addressee, false, 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	return items
}
