package transfers_test

import (
	"net/http"
	"testing"

	"dangjian/internal/transfers"
)

func TestTargetsFindBranchesOutsideTheCallersScope(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		var got struct{ Items []transfers.Target }
		e.srv.As(secretary(e.w.A))
		e.srv.Do(t, "GET", "/api/v1/transfers/targets?q=外支部", nil).JSON(t, &got)
		if len(got.Items) != 1 || got.Items[0].ID != e.w.X1.ID || got.Items[0].ParentName != "外委" {
			t.Fatalf("targets = %+v; want 外支部 under 外委", got.Items)
		}
		e.srv.Do(t, "GET", "/api/v1/transfers/targets?q=已撤销", nil).JSON(t, &got)
		if len(got.Items) != 0 {
			t.Fatalf("a dissolved branch is offered: %+v", got.Items)
		}
		if r := e.srv.As(viewer(e.w.A)).Do(t, "GET", "/api/v1/transfers/targets?q=支部", nil); r.Status != http.StatusForbidden {
			t.Fatalf("a viewer searched targets: %d", r.Status)
		}
	})
}
