package dues_test

import (
	"strings"
	"testing"

	"dangjian/internal/dues"
	"dangjian/internal/dues/rules"
)

func proposal(memberID, kind string, reducedFen int64, from, to string) map[string]any {
	return map[string]any{"member_id": memberID, "kind": kind, "reduced_fen": reducedFen, "from_month": from,
		"to_month": to, "discussed_on": "2026-02-20", "discussion": "2026年2月20日支部委员会讨论，5人参加，一致同意"}
}

func TestHardshipProposedAtBranchApprovedAbove(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		e.confirmedBase(t, "m-jia", rules.Salaried, 400000, "2026-01")
		var h dues.Hardship
		e.do(t, secretary(w.A), "POST", "/api/v1/orgs/"+w.A.ID+"/dues/hardships",
			proposal("m-jia", "exempt", 0, "2026-03", "2026-08"), 201).JSON(t, &h)
		if h.State != "proposed" || h.KindLabel != "免交" || h.FromMonth != "2026-03" || h.ToMonth != "2026-08" ||
			h.MemberName != "甲" || !strings.Contains(h.Discussion, "支部委员会讨论") || h.ProposedBy != "书记" {
			t.Fatalf("proposal: %+v", h)
		}
		e.do(t, secretary(w.A), "POST", "/api/v1/orgs/"+w.A.ID+"/dues/months/2026-03/post", nil, 200)
		if a := e.assessOne(t, "m-jia", "2026-03"); a.Amount.Fen != 4000 {
			t.Fatalf("a proposal applies before approval: %+v", a)
		}
		approve := "/api/v1/dues/hardships/" + h.ID + "/approve"
		e.do(t, secretary(w.A), "POST", approve, nil, 404) // the branch cannot approve its own proposal
		e.do(t, admin(w.A), "POST", approve, nil, 404)
		e.do(t, admin(w.X), "POST", approve, nil, 404)
		e.do(t, viewer(w.R), "POST", approve, nil, 403)
		var ok dues.Hardship
		e.do(t, secretary(w.R), "POST", approve, nil, 200).JSON(t, &ok)
		if ok.State != "approved" || ok.DecidedAt == 0 {
			t.Fatalf("approved: %+v", ok)
		}
		if a := e.assessOne(t, "m-jia", "2026-05"); a.Amount.Fen != 0 || a.Amount.Rule != "困难党员经支部讨论、上级批准免交" {
			t.Fatalf("after approval: %+v", a)
		}
		e.do(t, secretary(w.R), "POST", approve, nil, 409)
		if n := e.count(t, "SELECT due_fen FROM dues_member_months WHERE member_id = 'm-jia' AND month = ?",
			int(month(t, "2026-03"))); n != 0 {
			t.Errorf("the charge of 2026-03 after the exemption: %d, want 0", n)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action IN ('dues.hardship_propose', 'dues.hardship_approve') AND target_id = ?", h.ID); n != 2 {
			t.Errorf("%d audit records", n)
		}
		r := e.do(t, secretary(w.A), "POST", "/api/v1/orgs/"+w.A.ID+"/dues/hardships",
			proposal("m-jia", "reduced", 1000, "2026-08", "2026-12"), 409)
		if !r.Contains("已有") {
			t.Errorf("overlap: %s", r.Body)
		}
	})
}

func TestHardshipRejectAndList(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		var first, second dues.Hardship
		e.do(t, secretary(w.A), "POST", "/api/v1/orgs/"+w.A.ID+"/dues/hardships",
			proposal("m-yi", "reduced", 500, "2026-03", "2026-04"), 201).JSON(t, &first)
		e.do(t, secretary(w.B), "POST", "/api/v1/orgs/"+w.B.ID+"/dues/hardships",
			proposal("m-ding", "exempt", 0, "2026-03", "2026-03"), 201).JSON(t, &second)
		reject := "/api/v1/dues/hardships/" + first.ID + "/reject"
		if r := e.do(t, admin(w.R), "POST", reject, map[string]any{}, 422); !r.Contains("请填写不予批准的理由") {
			t.Errorf("no reason: %s", r.Body)
		}
		e.do(t, admin(w.R), "POST", reject, map[string]any{"reason": "材料不全"}, 200)
		if a := e.assessOne(t, "m-yi", "2026-03"); !a.Missing {
			t.Errorf("m-yi has no base: %+v", a)
		}
		var list struct {
			Items []dues.Hardship `json:"items"`
		}
		e.do(t, viewer(w.R), "GET", "/api/v1/orgs/"+w.R.ID+"/dues/hardships", nil, 200).JSON(t, &list)
		if len(list.Items) != 2 || list.Items[0].ID != second.ID || list.Items[1].State != "rejected" || list.Items[1].Reason != "材料不全" {
			t.Fatalf("R's list, proposed first: %+v", list.Items)
		}
		if list.Items[0].OrgName != w.B.Name || list.Items[1].OrgName != w.A.Name {
			t.Errorf("the upper organization's list names each branch: %q, %q", list.Items[0].OrgName, list.Items[1].OrgName)
		}
		e.do(t, viewer(w.A), "GET", "/api/v1/orgs/"+w.A.ID+"/dues/hardships", nil, 200).JSON(t, &list)
		if len(list.Items) != 1 || list.Items[0].ID != first.ID {
			t.Fatalf("A's list: %+v", list.Items)
		}
		e.do(t, viewer(w.X1), "GET", "/api/v1/orgs/"+w.A.ID+"/dues/hardships", nil, 404)
	})
}

func TestHardshipValidation(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w := e.world(t)
		path := "/api/v1/orgs/" + w.A.ID + "/dues/hardships"
		future := proposal("m-jia", "exempt", 0, "2026-03", "2026-04")
		future["discussed_on"] = "2026-03-03"
		silent := proposal("m-jia", "exempt", 0, "2026-03", "2026-04")
		silent["discussion"] = ""
		for _, c := range []struct {
			name string
			body map[string]any
			msg  string
		}{
			{"kind", proposal("m-jia", "forgiven", 0, "2026-03", "2026-04"), "减免方式应为免交或减交"},
			{"reduced without amount", proposal("m-jia", "reduced", 0, "2026-03", "2026-04"), "请填写减交后的每月金额"},
			{"to before from", proposal("m-jia", "exempt", 0, "2026-05", "2026-04"), "截止月份不能早于起始月份"},
			{"bad month", proposal("m-jia", "exempt", 0, "2026/05", "2026-06"), "起始月份格式应为 YYYY-MM"},
			{"discussed tomorrow", future, "支部讨论日期不能晚于今天"},
			{"no discussion", silent, "请记录支部讨论情况"},
			{"other branch", proposal("m-ding", "exempt", 0, "2026-03", "2026-04"), "该党员不在本支部"},
		} {
			if r := e.do(t, secretary(w.A), "POST", path, c.body, 422); !r.Contains(c.msg) {
				t.Errorf("%s: %s, want %q", c.name, r.Body, c.msg)
			}
		}
		if r := e.do(t, admin(w.R), "POST", "/api/v1/orgs/"+w.R.ID+"/dues/hardships",
			proposal("m-jia", "exempt", 0, "2026-03", "2026-04"), 409); !r.Contains("由党支部讨论提出") {
			t.Errorf("at a committee: %s", r.Body)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM dues_hardships"); n != 0 {
			t.Fatalf("%d proposals stored after refusals", n)
		}
	})
}
