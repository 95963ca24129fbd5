package rules

import (
	"slices"
	"strings"
	"testing"
)

// file builds a file whose steps nos were recorded on consecutive days
// from start.
func file(start string, nos ...int) File {
	var f File
	for i, no := range nos {
		f.Records = append(f.Records, Record{No: no, On: d(start).AddDate(0, 0, i)})
	}
	return f
}

// with appends a record of no on date (failed when a vote did not pass).
func (f File) with(no int, on string, failed bool) File {
	f.Records = append(slices.Clone(f.Records), Record{No: no, On: d(on), Failed: failed})
	return f
}

var opts = Options{Today: d("2030-01-01"), PublicityDays: 5}

// fieldOf is the first field error's field and message ("" when none).
func fieldOf(f File, in Input) (string, string) {
	fe := Check(f, in, opts)
	if len(fe) == 0 {
		return "", ""
	}
	return fe[0].Field, fe[0].Message
}

func full(id, role string) Person {
	return Person{MemberID: id, Role: role, Name: id, Found: true, Active: true, Full: true}
}

func TestOrder(t *testing.T) {
	applied := file("2026-01-05", 1)
	activist := file("2026-01-05", 1, 2, 3, 4, 5)
	admitted := file("2026-01-05", 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14)
	cases := []struct {
		name  string
		f     File
		no    int
		field string // "" = accepted
		msg   string
	}{
		{"talk after the application", applied, 2, "", ""},
		{"activist before the talk", applied, 3, "no", "须先办理第 2 步「党组织派人谈话」"},
		{"step 1 again", applied, 1, "no", "第 1 步随档案建立"},
		{"step 26", applied, 26, "no", ""},
		{"a review", activist, 6, "", ""},
		{"a second review", activist.with(6, "2026-07-01", false), 6, "", ""},
		{"candidate without a review", activist, 7, "", ""},
		{"contacts twice", activist, 5, "no", "已办理"},
		{"review after the candidate", activist.with(7, "2027-02-01", false), 6, "no", "后一步骤已办理"},
		{"the vote", admitted, 15, "", ""},
		{"upper talk before the vote", admitted, 16, "no", "须先办理第 15 步"},
		{"upper talk after a failed vote", admitted.with(15, "2026-03-01", true), 16, "no", "须先办理第 15 步"},
		{"a second vote after a failed one", admitted.with(15, "2026-03-01", true), 15, "", ""},
		{"a vote after one passed", admitted.with(15, "2026-03-01", false), 15, "no", "已办理"},
	}
	for _, c := range cases {
		fe := Check(c.f, Input{No: c.no, On: d("2029-12-01")}, opts)
		var got *string
		for _, e := range fe {
			if e.Field == "no" {
				got = &e.Message
			}
		}
		switch {
		case c.field == "" && got != nil:
			t.Errorf("%s: refused: %s", c.name, *got)
		case c.field != "" && (got == nil || !strings.Contains(*got, c.msg)):
			t.Errorf("%s: field errors %v, want no: %q", c.name, fe, c.msg)
		}
	}
}

func TestDatesThroughCheck(t *testing.T) {
	f := file("2026-01-15", 1)
	if field, msg := fieldOf(f, Input{No: 2, On: d("2026-02-16"), People: []Person{full("a", RoleTalker)}}); field != "on" || !strings.Contains(msg, "一个月内") {
		t.Errorf("late talk: %s %s", field, msg)
	}
	if field, msg := fieldOf(f, Input{No: 2, On: d("2026-01-14"), People: []Person{full("a", RoleTalker)}}); field != "on" || !strings.Contains(msg, "不能早于") {
		t.Errorf("talk before the application: %s %s", field, msg)
	}
	if field, _ := fieldOf(f, Input{No: 2, On: d("2030-01-02"), People: []Person{full("a", RoleTalker)}}); field != "on" {
		t.Errorf("talk in the future accepted")
	}
	if field, msg := fieldOf(f, Input{No: 2, On: d("2026-02-15"), People: []Person{full("a", RoleTalker)}}); field != "" {
		t.Errorf("talk exactly a month later: %s %s", field, msg)
	}
}

func TestPeople(t *testing.T) {
	sponsorsDue := file("2026-01-05", 1, 2, 3, 4, 5, 7, 8)
	contactsDue := file("2026-01-05", 1, 2, 3, 4)
	probationary := full("p", RoleSponsor)
	probationary.Full = false
	cases := []struct {
		name   string
		f      File
		no     int
		people []Person
		field  string
		msg    string
	}{
		{"two sponsors", sponsorsDue, 9, []Person{full("a", RoleSponsor), full("b", RoleSponsor)}, "", ""},
		{"one sponsor", sponsorsDue, 9, []Person{full("a", RoleSponsor)}, "people", "两名正式党员作入党介绍人"},
		{"three sponsors", sponsorsDue, 9, []Person{full("a", RoleSponsor), full("b", RoleSponsor), full("c", RoleSponsor)}, "people", "两名"},
		{"a probationary sponsor", sponsorsDue, 9, []Person{full("a", RoleSponsor), probationary}, "people[1].member_id", "须由正式党员担任"},
		{"the same sponsor twice", sponsorsDue, 9, []Person{full("a", RoleSponsor), full("a", RoleSponsor)}, "people[1].member_id", "重复"},
		{"an unknown sponsor", sponsorsDue, 9, []Person{full("a", RoleSponsor), {MemberID: "x", Role: RoleSponsor}}, "people[1].member_id", "找不到"},
		{"one contact", contactsDue, 5, []Person{full("a", RoleContact)}, "", ""},
		{"two contacts", contactsDue, 5, []Person{full("a", RoleContact), full("b", RoleContact)}, "", ""},
		{"no contact", contactsDue, 5, nil, "people", "一至两名正式党员"},
		{"three contacts", contactsDue, 5, []Person{full("a", RoleContact), full("b", RoleContact), full("c", RoleContact)}, "people", "培养联系人"},
		{"a sponsor on the contacts step", contactsDue, 5, []Person{full("a", RoleContact), full("b", RoleSponsor)}, "people[1].member_id", "不填写入党介绍人"},
		{"an unknown role", contactsDue, 5, []Person{{MemberID: "a", Role: "boss", Found: true}}, "people[0].role", ""},
	}
	for _, c := range cases {
		field, msg := fieldOf(c.f, Input{No: c.no, On: d("2029-01-01"), People: c.people})
		if field != c.field || !strings.Contains(msg, c.msg) {
			t.Errorf("%s: %q %q, want %q %q", c.name, field, msg, c.field, c.msg)
		}
	}
}

func TestTrainingAndPublicity(t *testing.T) {
	training := file("2026-01-05", 1, 2, 3, 4, 5, 7, 8, 9, 10)
	if field, _ := fieldOf(training, Input{No: 11, On: d("2029-01-01"), Days: 2, Hours: 23}); field != "days" {
		t.Errorf("2 days 23 hours: field %q", field)
	}
	// Committee review on Tuesday 2026-03-03; vote on Wednesday 2026-03-11.
	vote := File{Records: append(file("2026-01-05", 1, 2, 3, 4, 5, 7, 8, 9, 10, 11).Records,
		Record{No: 12, On: d("2026-03-03")}, Record{No: 13, On: d("2026-03-03")}, Record{No: 14, On: d("2026-03-03")})}
	span := func(a, b string) *Span { return &Span{d(a), d(b)} }
	cases := []struct {
		name  string
		p     *Span
		field string
		msg   string
	}{
		{"5 working days across a weekend", span("2026-03-04", "2026-03-10"), "", ""},
		{"4 working days", span("2026-03-04", "2026-03-09"), "publicity.end", "最早于2026年3月10日结束"},
		{"none", nil, "publicity", "公示"},
		{"before the committee review", span("2026-03-02", "2026-03-10"), "publicity.start", "之后开始"},
		{"ending after the vote", span("2026-03-05", "2026-03-12"), "publicity.end", "之前结束"},
	}
	for _, c := range cases {
		field, msg := fieldOf(vote, Input{No: 15, On: d("2026-03-11"), Publicity: c.p})
		if field != c.field || !strings.Contains(msg, c.msg) {
			t.Errorf("%s: %q %q, want %q %q", c.name, field, msg, c.field, c.msg)
		}
	}
	seven := opts
	seven.PublicityDays = 7
	if fe := Check(vote, Input{No: 15, On: d("2026-03-11"), Publicity: span("2026-03-04", "2026-03-10")}, seven); len(fe) == 0 {
		t.Error("5 working days accepted when the setting asks for 7")
	}
}

func TestOnlyWhereNeeded(t *testing.T) {
	f := file("2026-01-05", 1)
	talk := Input{No: 2, On: d("2026-01-06"), People: []Person{full("a", RoleTalker)}}
	if fe := Check(f, talk, opts); len(fe) != 0 {
		t.Fatalf("a valid talk refused: %v", fe)
	}
	extended, publicity := talk, talk
	extended.Extended = true
	publicity.Publicity = &Span{d("2026-01-05"), d("2026-01-06")}
	for name, in := range map[string]Input{"extended": extended, "publicity": publicity} {
		if fe := Check(f, in, opts); len(fe) != 1 || fe[0].Field != name {
			t.Errorf("%s on the talk: %v", name, fe)
		}
	}
}
