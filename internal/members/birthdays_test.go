package members_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"dangjian/internal/members"
	"dangjian/internal/notify"
	"dangjian/internal/notify/notifytest"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
	"dangjian/internal/platform/jobs"
	"dangjian/internal/platform/pii"
)

func TestGreetingDates(t *testing.T) {
	for _, c := range []struct {
		day  string
		want []string
	}{
		{"2027-02-28", []string{"02-28", "02-29"}}, // common year: 29 February is greeted on the 28th
		{"2028-02-28", []string{"02-28"}},          // leap year: it has its own day
		{"2028-02-29", []string{"02-29"}},
		{"2100-02-28", []string{"02-28", "02-29"}}, // divisible by 100: not leap
		{"2000-02-28", []string{"02-28"}},          // divisible by 400: leap
		{"2027-03-01", []string{"03-01"}},
		{"2026-07-01", []string{"07-01"}},
	} {
		day, _ := time.Parse(clock.DateLayout, c.day)
		if got := members.GreetingDates(day); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.day, got, c.want)
		}
	}
}

var greetingSteps = slices.Concat(migrations, jobs.Migrations, notify.Migrations)

type greetEnv struct {
	*env
	run *jobs.Runner
	n   *notify.Service
}

func newGreetEnv(t *testing.T, d *db.DB, at time.Time, cfg members.BirthdayConfig) *greetEnv {
	e := newEnv(t, d)
	e.clk.Set(at)
	prot, _ := pii.New(pii.ProfileGM, []byte(strings.Repeat("k", 32)))
	run := jobs.NewRunner(d, e.clk, "t")
	n := notify.New(d, e.clk, notifytest.New(), prot, run, notify.Config{})
	if err := e.m.UseGreetings(context.Background(), n, cfg); err != nil {
		t.Fatal(err)
	}
	return &greetEnv{env: e, run: run, n: n}
}

func (g *greetEnv) drain(t *testing.T) {
	for i := 0; i < 100; i++ {
		n, err := g.run.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

func (g *greetEnv) greetings(t *testing.T, member string) []notify.InboxItem {
	items, _, err := g.n.Inbox(context.Background(), member, false, 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []notify.InboxItem
	for _, it := range items {
		if it.Kind == "political_birthday" {
			out = append(out, it)
		}
	}
	return out
}

func shanghai(date string, hour int) time.Time {
	d, _ := time.Parse(clock.DateLayout, date)
	return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, clock.Shanghai)
}

func TestPoliticalBirthdayGreetingsTravelThroughLeapYears(t *testing.T) {
	dbtest.Each(t, greetingSteps, func(t *testing.T, d *db.DB) {
		g := newGreetEnv(t, d, shanghai("2027-02-27", 7), members.BirthdayConfig{})
		leap := person("闰日", "1980-03-01", 1)
		leap.JoinedOn, leap.FullMemberOn = "2016-02-29", "2017-03-01"
		leapID := g.add(t, "A1", leap)

		g.drain(t) // 27 February, before 09:00: nothing is due yet
		g.clk.Set(shanghai("2027-02-27", 9))
		g.drain(t)
		if n := len(g.greetings(t, leapID)); n != 0 {
			t.Fatalf("greeted on 27 February: %d", n)
		}
		g.clk.Set(shanghai("2027-02-28", 9))
		recent := person("新党员", "1995-03-01", 2)
		recent.Status, recent.JoinedOn, recent.FullMemberOn = "probationary", "2027-02-28", ""
		recentID := g.add(t, "A1", recent)
		g.drain(t)
		got := g.greetings(t, leapID)
		if len(got) != 1 || !strings.Contains(got[0].Body, "在党 11 年") || !strings.Contains(got[0].Title, "11 周年") {
			t.Fatalf("29 February member on 28 February 2027: %+v", got)
		}
		if len(g.greetings(t, recentID)) != 0 {
			t.Errorf("a member admitted today has no anniversary yet")
		}
		// A restart schedules the day again: nobody is greeted twice.
		if err := g.m.UseGreetings(context.Background(), g.n, members.BirthdayConfig{}); err != nil {
			t.Fatal(err)
		}
		g.drain(t)
		if n := len(g.greetings(t, leapID)); n != 1 {
			t.Errorf("greeted %d times after a restart", n)
		}

		// 2028 is a leap year: not on the 28th, on the 29th.
		g.clk.Set(shanghai("2028-02-28", 10))
		if err := g.m.UseGreetings(context.Background(), g.n, members.BirthdayConfig{}); err != nil {
			t.Fatal(err)
		}
		g.drain(t)
		if n := len(g.greetings(t, leapID)); n != 1 {
			t.Errorf("greeted on 28 February of a leap year")
		}
		g.clk.Set(shanghai("2028-02-29", 9))
		g.drain(t)
		got = g.greetings(t, leapID)
		if len(got) != 2 || !strings.Contains(got[0].Body, "在党 12 年") {
			t.Errorf("29 February 2028: %+v", got)
		}
	})
}

func TestPoliticalBirthdaysOnTheConsole(t *testing.T) {
	dbtest.Each(t, greetingSteps, func(t *testing.T, d *db.DB) {
		g := newGreetEnv(t, d, shanghai("2026-11-23", 8), members.BirthdayConfig{FromFullMemberOn: true})
		today := person("今天", "1970-01-01", 1)
		today.JoinedOn, today.FullMemberOn = "2000-05-05", "2001-11-23"
		g.add(t, "A1", today)
		soon := person("周五", "1970-01-01", 2)
		soon.JoinedOn, soon.FullMemberOn = "2010-11-23", "2011-11-27"
		g.add(t, "A2", soon)
		later := person("下月", "1970-01-01", 3)
		later.FullMemberOn = "2016-12-23"
		g.add(t, "A1", later)

		r := g.as(authz.Viewer, "A").Do(t, "GET", "/api/v1/orgs/"+g.ids["A"]+"/political-birthdays?days=7", nil)
		wantStatus(t, r, http.StatusOK)
		var list members.BirthdayList
		r.JSON(t, &list)
		if len(list.Today) != 1 || list.Today[0].Name != "今天" || list.Today[0].Years != 25 || list.Today[0].OrgName != "A1" {
			t.Errorf("today (counted from 转正): %+v", list.Today)
		}
		if len(list.Upcoming) != 1 || list.Upcoming[0].Name != "周五" || list.Upcoming[0].Date != "2026-11-27" {
			t.Errorf("this week: %+v", list.Upcoming)
		}
		wantStatus(t, g.as(authz.Viewer, "B").Do(t, "GET", "/api/v1/orgs/"+g.ids["A"]+"/political-birthdays", nil), http.StatusNotFound)
		wantStatus(t, g.as(authz.Viewer, "A").Do(t, "GET", "/api/v1/orgs/"+g.ids["A"]+"/political-birthdays?days=40", nil), http.StatusUnprocessableEntity)
	})
}
