package app_test

import (
	"testing"

	"dangjian/internal/app"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

// TestCommitteeMeetingListsEachPostHolderOnce: the 支委会's attendees come
// from the org's committee posts; a member holding two posts is listed once.
func TestCommitteeMeetingListsEachPostHolderOnce(t *testing.T) {
	dbtest.Each(t, app.Migrations(), func(t *testing.T, d *db.DB) {
		w := buildWorld(t, d)
		w.srv.As(w.principal(authz.OrgAdmin, "R"))
		for _, title := range []string{"secretary", "organization"} {
			w.idOf(t, w.srv.Do(t, "POST", "/api/v1/orgs/"+w.ids["A1"]+"/positions",
				map[string]any{"member_id": w.ourMember, "title": title, "start_on": "2025-01-01"}))
		}
		id := w.idOf(t, w.srv.Do(t, "POST", "/api/v1/meetings", map[string]any{"org_id": w.ids["A1"],
			"kind": "committee", "topic": "支委会", "starts_at": "2026-11-23T10:00:00+08:00"}))
		var out struct {
			Items []struct {
				MemberID string `json:"member_id"`
			} `json:"items"`
		}
		w.srv.Do(t, "GET", "/api/v1/meetings/"+id+"/attendees", nil).JSON(t, &out)
		if len(out.Items) != 1 || out.Items[0].MemberID != w.ourMember {
			t.Fatalf("committee attendees: %+v", out.Items)
		}
	})
}
