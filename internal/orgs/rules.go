package orgs

import (
	"fmt"
	"time"

	"dangjian/internal/platform/clock"
)

// Warning is a structure rule the org does not meet, explained in Chinese
// with the regulation it comes from.
type Warning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// termReminder is how long before a term ends the upper level is reminded
// (DOMAIN.md: about 6 months, configurable per subtree in a later issue).
const termReminder = 6

// Warnings checks the structure rules of DOMAIN.md (支部条例, 选举条例) for
// an org with its member counts and current posts, as of today.
func Warnings(o Org, c MemberCounts, posts []Position, today time.Time) []Warning {
	if !o.Active() || o.Kind == KindGroup {
		return nil
	}
	var out []Warning
	add := func(code, format string, args ...any) {
		out = append(out, Warning{Code: code, Message: fmt.Sprintf(format, args...)})
	}
	committee, secretary := committeeSize(posts)
	if o.Kind != KindLeadingBody && !secretary {
		add("no_secretary", "未配备书记（支部条例第十一条：党支部设书记，必要时设副书记）")
	}
	if o.Kind == KindBranch {
		branchWarnings(c, committee, add)
	}
	termWarnings(o, today, add)
	if o.Temporary && o.EndDate != "" && o.EndDate < today.Format(clock.DateLayout) {
		add("temporary_expired", "临时党支部已于 %s 到期，任务完成后应及时撤销", o.EndDate)
	}
	return out
}

func branchWarnings(c MemberCounts, committee int, add func(code, format string, args ...any)) {
	switch {
	case c.Direct > 0 && c.DirectFull < 3:
		add("too_few_full", "正式党员仅 %d 名，不足 3 名（支部条例第五条：正式党员 3 人以上的应成立党支部），可与邻近单位成立联合党支部", c.DirectFull)
	case c.DirectFull >= 7 && committee < 3:
		add("committee_missing", "有正式党员 %d 名，7 人以上的党支部应设立支部委员会（支部条例第八条）", c.DirectFull)
	case c.DirectFull < 7 && committee >= 3:
		add("committee_not_needed", "正式党员不足 7 人的党支部不设支部委员会，设书记（必要时设副书记）即可（支部条例第八条）")
	}
	if committee > 7 {
		add("committee_size", "支部委员会现有 %d 人，支委会由 3 至 5 人组成，一般不超过 7 人（支部条例第八条）", committee)
	}
	if c.Direct > 50 {
		add("branch_too_large", "党员 %d 名，党支部党员人数一般不超过 50 名（支部条例第五条），可考虑分设党支部或成立党总支", c.Direct)
	}
}

func termWarnings(o Org, today time.Time, add func(code, format string, args ...any)) {
	if o.TermEnd == "" {
		return
	}
	end, err := time.Parse(clock.DateLayout, o.TermEnd)
	if err != nil {
		return
	}
	switch {
	case end.Before(today):
		add("term_overdue", "任期已于 %s 届满，应按期换届；确需延期须经上级党组织批准，延期不超过 1 年（选举条例）", o.TermEnd)
	case end.Before(today.AddDate(0, termReminder, 0)):
		add("term_ending", "任期将于 %s 届满，请提前做好换届准备（选举条例）", o.TermEnd)
	}
}

// committeeSize counts the distinct members on the committee and whether a
// secretary is in post.
func committeeSize(posts []Position) (int, bool) {
	members := map[string]bool{}
	secretary := false
	for _, p := range posts {
		if !p.Active {
			continue
		}
		if committeeTitles[p.Title] {
			members[p.MemberID] = true
		}
		secretary = secretary || p.Title == "secretary"
	}
	return len(members), secretary
}
