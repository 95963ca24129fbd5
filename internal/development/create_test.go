package development_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestCreateFile(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.open(t, "张三", "20000115", 11, "2026-05-20")
		if f.Stage != 1 || f.LastStep != 1 || f.State != "active" || f.StageLabel != "入党申请人" || f.OrgName != "第一支部" {
			t.Errorf("new file %+v", f.FileSummary)
		}
		if f.Gender != "male" || f.BirthDate != "2000-01-15" {
			t.Errorf("gender %q birth %q not taken from the ID number", f.Gender, f.BirthDate)
		}
		if strings.Contains(f.IDNumber, "20000115") || !strings.Contains(f.IDNumber, "*") || f.Phone != "139****5678" {
			t.Errorf("personal data not masked: %q %q", f.IDNumber, f.Phone)
		}
		if f.NextDue != "2026-06-20" || f.NextDueWhat != "党组织派人谈话" || len(f.Steps) != 1 || f.Steps[0].On != "2026-05-20" {
			t.Errorf("next due %q %q, steps %+v", f.NextDue, f.NextDueWhat, f.Steps)
		}
		if len(f.Next) != 1 || f.Next[0].No != 2 || f.Next[0].Due != "2026-06-20" {
			t.Errorf("next %+v", f.Next)
		}
		var sealed string
		e.d.QueryRowContext(t.Context(), "SELECT id_sealed FROM dev_files WHERE id = ?", f.ID).Scan(&sealed)
		if !strings.HasPrefix(sealed, "gm1:") {
			t.Errorf("ID number stored as %q", sealed)
		}
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'development.file_create' AND target_id = ?", f.ID); n != 1 {
			t.Errorf("%d audit records", n)
		}
		if ev := e.events(t, "development.step_recorded"); len(ev) != 1 || !strings.Contains(ev[0], `"step_no":1`) {
			t.Errorf("events %q", ev)
		}
		for _, org := range []string{e.w.R.ID, e.w.A.ID} {
			if n := e.count(t, "SELECT n FROM dev_stage_counts WHERE org_id = ? AND stage = 1", org); n != 1 {
				t.Errorf("stage 1 count at %s = %d", org, n)
			}
		}
	})
}

func TestCreateFileRefusals(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		path := "/api/v1/orgs/" + e.w.A.ID + "/development/files"
		e.open(t, "张三", "20000115", 11, "2026-05-20")
		r := e.do(t, e.branch(), "POST", path, applicant("张三", "20000115", 11, "2026-05-21"), http.StatusUnprocessableEntity)
		if msg := fieldErr(t, r, "id_number"); !strings.Contains(msg, "已有正在办理") {
			t.Errorf("duplicate ID number: %q", msg)
		}
		bad := applicant("李四", "20000115", 13, "2026-05-20")
		bad["id_number"] = wrongCheck(bad["id_number"].(string))
		if msg := fieldErr(t, e.do(t, e.branch(), "POST", path, bad, 422), "id_number"); msg != "身份证号校验位不正确" {
			t.Errorf("checksum: %q", msg)
		}
		// Born 2008-03-02: 18 on 2026-03-02, not the day before.
		if msg := fieldErr(t, e.do(t, e.branch(), "POST", path, applicant("王五", "20080302", 15, "2026-03-01"), 422), "applied_on"); !strings.Contains(msg, "年满十八岁") {
			t.Errorf("too young: %q", msg)
		}
		e.do(t, e.branch(), "POST", path, applicant("王五", "20080302", 15, "2026-03-02"), http.StatusCreated)
		e.do(t, e.upper(), "POST", "/api/v1/orgs/"+e.w.R.ID+"/development/files", applicant("赵六", "20000101", 17, "2026-05-01"), http.StatusConflict)
		e.do(t, e.viewer(), "POST", path, applicant("赵六", "20000101", 17, "2026-05-01"), http.StatusForbidden)
		e.do(t, e.outsider(), "POST", path, applicant("赵六", "20000101", 17, "2026-05-01"), http.StatusNotFound)
		if n := e.count(t, "SELECT COUNT(*) FROM dev_files"); n != 2 {
			t.Errorf("%d files stored", n)
		}
	})
}

func TestOutOfScopeIsNotFound(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.open(t, "张三", "20000115", 11, "2026-05-20")
		base := "/api/v1/development/files/" + f.ID
		e.do(t, e.outsider(), "GET", base, nil, http.StatusNotFound)
		e.do(t, e.outsider(), "POST", base+"/steps", body(2, "2026-05-25"), http.StatusNotFound)
		e.do(t, e.outsider(), "POST", base+"/stop", map[string]any{"reason": "x"}, http.StatusNotFound)
		e.do(t, e.outsider(), "POST", base+"/extend-probation", map[string]any{"months": 6, "reason": "x"}, http.StatusNotFound)
		e.do(t, e.branch(), "GET", "/api/v1/development/files/nope", nil, http.StatusNotFound)
		for _, p := range []string{"pipeline", "files", "plans", "settings"} {
			e.do(t, e.outsider(), "GET", "/api/v1/orgs/"+e.w.A.ID+"/development/"+p, nil, http.StatusNotFound)
			e.do(t, e.branch(), "GET", "/api/v1/orgs/"+e.w.B.ID+"/development/"+p, nil, http.StatusNotFound)
		}
		e.do(t, e.viewer(), "GET", base, nil, http.StatusOK)
		e.do(t, e.viewer(), "POST", base+"/steps", body(2, "2026-05-25"), http.StatusForbidden)
	})
}

// wrongCheck is id with another check character.
func wrongCheck(id string) string {
	if id[17] == '1' {
		return id[:17] + "2"
	}
	return id[:17] + "1"
}

// TestCreateFileRefusesRegisterCodes: an ethnicity, education or category
// the register would refuse at admission (step 17) is refused when the
// file is opened, each field explained once; the short form "汉" passes
// as it does in the register.
func TestCreateFileRefusesRegisterCodes(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		path := "/api/v1/orgs/" + e.w.A.ID + "/development/files"
		bad := applicant("李四", "20000115", 13, "2026-05-20")
		bad["ethnicity"], bad["education"], bad["category"] = "火星族", "大学本科", "astronaut"
		r := e.do(t, e.branch(), "POST", path, bad, http.StatusUnprocessableEntity)
		for field, want := range map[string]string{"ethnicity": "民族应为 56 个民族之一", "education": "学历应为：博士研究生、",
			"category": "人员类别应为：党政机关工作人员、"} {
			if msg := fieldErr(t, r, field); !strings.HasPrefix(msg, want) {
				t.Errorf("%s: %q, want it to start with %q", field, msg, want)
			}
		}
		if n := e.count(t, "SELECT COUNT(*) FROM dev_files"); n != 0 {
			t.Errorf("%d files opened", n)
		}
		bad = applicant("李四", "20000115", 13, "2026-05-20")
		bad["ethnicity"] = ""
		var p struct {
			Errors []struct{ Field, Code string }
		}
		e.do(t, e.branch(), "POST", path, bad, http.StatusUnprocessableEntity).JSON(t, &p)
		if len(p.Errors) != 1 || p.Errors[0].Field != "ethnicity" || p.Errors[0].Code != "required" {
			t.Errorf("an empty ethnicity is explained once: %+v", p.Errors)
		}
		ok := applicant("李四", "20000115", 13, "2026-05-20")
		ok["ethnicity"] = "汉"
		e.do(t, e.branch(), "POST", path, ok, http.StatusCreated)
	})
}
