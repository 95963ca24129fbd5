package members_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"dangjian/internal/members"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/httpx"
)

// TestCreateValidation: each broken rule answers 422 naming the field, in
// Chinese; the good cases pass.
func TestCreateValidation(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		base := person("张三", "1990-01-01", 11)
		cases := []struct {
			name  string
			org   string
			edit  func(*members.Details)
			field string // "" = valid
			msg   string
		}{
			{"valid", "A1", func(*members.Details) {}, "", ""},
			{"gender and birth from the ID", "A1", func(d *members.Details) { d.Gender, d.BirthDate = "", "" }, "", ""},
			{"full-width and spaces", "A1", func(d *members.Details) {
				d.IDNumber = toFullWidth(d.IDNumber[:6]) + " " + d.IDNumber[6:]
				d.Phone = "+86 " + d.Phone[:3] + "-" + d.Phone[3:]
				d.Ethnicity = "汉"
			}, "", ""},
			{"probationary", "A1", func(d *members.Details) { d.Status, d.FullMemberOn, d.JoinedOn = "probationary", "", "2026-07-01" }, "", ""},
			{"general branch holds members", "A", func(*members.Details) {}, "", ""},
			{"empty name", "A1", func(d *members.Details) { d.Name = " " }, "name", "请填写姓名"},
			{"long name", "A1", func(d *members.Details) { d.Name = strings.Repeat("张", 31) }, "name", "30"},
			{"ID checksum", "A1", func(d *members.Details) { d.IDNumber = d.IDNumber[:17] + flip(d.IDNumber[17]) }, "id_number", "校验位"},
			{"ID length", "A1", func(d *members.Details) { d.IDNumber = d.IDNumber[:15] }, "id_number", "18"},
			{"missing ID", "A1", func(d *members.Details) { d.IDNumber = "" }, "id_number", "请填写身份证号"},
			{"gender mismatch", "A1", func(d *members.Details) { d.Gender = "female" }, "gender", "不一致"},
			{"bad gender", "A1", func(d *members.Details) { d.Gender = "x" }, "gender", "男或女"},
			{"birth mismatch", "A1", func(d *members.Details) { d.BirthDate = "1990-01-02" }, "birth_date", "不一致"},
			{"bad birth", "A1", func(d *members.Details) { d.BirthDate = "1990/13/01" }, "birth_date", "YYYY-MM-DD"},
			{"bad phone", "A1", func(d *members.Details) { d.Phone = "12345" }, "phone", "手机号"},
			{"missing phone", "A1", func(d *members.Details) { d.Phone = "" }, "phone", "请填写手机号"},
			{"ethnicity", "A1", func(d *members.Details) { d.Ethnicity = "火星族" }, "ethnicity", "56"},
			{"education", "A1", func(d *members.Details) { d.Education = "phd" }, "education", "大学本科"},
			{"category", "A1", func(d *members.Details) { d.Category = "" }, "category", "请填写人员类别"},
			{"status", "A1", func(d *members.Details) { d.Status = "reserve" }, "status", "党员状态"},
			{"joined missing", "A1", func(d *members.Details) { d.JoinedOn = "" }, "joined_on", "请填写入党时间"},
			{"joined future", "A1", func(d *members.Details) { d.JoinedOn, d.FullMemberOn = "2026-11-23", ""; d.Status = "probationary" }, "joined_on", "晚于今天"},
			{"joined under 18", "A1", func(d *members.Details) { d.JoinedOn = "2007-12-31" }, "joined_on", "十八岁"},
			{"joined on 18th birthday", "A1", func(d *members.Details) { d.JoinedOn, d.FullMemberOn = "2008-01-01", "2009-01-01" }, "", ""},
			{"full without date", "A1", func(d *members.Details) { d.FullMemberOn = "" }, "full_member_on", "须填写转正时间"},
			{"probationary with date", "A1", func(d *members.Details) { d.Status = "probationary" }, "full_member_on", "不填写"},
			{"full before joined", "A1", func(d *members.Details) { d.FullMemberOn = "2015-07-01" }, "full_member_on", "晚于入党时间"},
			{"full in future", "A1", func(d *members.Details) { d.FullMemberOn = "2027-01-01" }, "full_member_on", "晚于今天"},
			{"address too long", "A1", func(d *members.Details) { d.Address = strings.Repeat("路", 201) }, "address", "200"},
			{"party group holds no members", "A1g", func(*members.Details) {}, "org_id", "党员只能编入党支部、党总支或党委"},
			{"leading body holds no members", "R", func(*members.Details) {}, "org_id", "党员只能编入"},
		}
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				dt := person(base.Name, "1990-01-01", 101+2*i)
				c.edit(&dt)
				_, err := e.m.Create(context.Background(), e.ids[c.org], dt)
				if c.field == "" {
					if err != nil {
						t.Fatalf("want valid, got %v", err)
					}
					return
				}
				var he *httpx.Error
				if !errors.As(err, &he) || he.Status != 422 {
					t.Fatalf("want 422, got %v", err)
				}
				for _, f := range he.Fields {
					if f.Field == c.field && strings.Contains(f.Message, c.msg) {
						return
					}
				}
				t.Fatalf("want field %s with %q, got %+v", c.field, c.msg, he.Fields)
			})
		}
	})
}

// TestDuplicateIDNumber: a registered ID number is a 409 that says no more
// than that it is registered.
func TestDuplicateIDNumber(t *testing.T) {
	dbtest.Each(t, migrations, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.add(t, "B1", person("李四", "1985-05-05", 31))
		dup := person("王五", "1985-05-05", 31)
		dup.Phone = "13700000000"
		r := e.as("party_worker", "A").Do(t, "POST", "/api/v1/members", body(e.ids["A1"], dup))
		wantStatus(t, r, 409)
		if !r.Contains("duplicate_id_number") || !r.Contains("该身份证号已登记") || r.Contains("李四") || r.Contains(e.ids["B1"]) {
			t.Fatalf("duplicate answer: %s", r.Body)
		}
	})
}

func flip(c byte) string {
	if c == '0' {
		return "1"
	}
	return "0"
}

func toFullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '!' && r <= '~' {
			r += 0xFEE0
		}
		b.WriteRune(r)
	}
	return b.String()
}
