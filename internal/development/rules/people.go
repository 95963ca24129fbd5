package rules

import (
	"fmt"

	"dangjian/internal/platform/httpx"
)

// Roles of the people a step names.
const (
	RoleTalker  = "talker"  // 谈话人 (the talk of step 2, the upper committee's of step 16)
	RoleContact = "contact" // 培养联系人 (step 5)
	RoleSponsor = "sponsor" // 入党介绍人 (step 9)
)

// Person is someone a step names, as the member register knows them.
type Person struct {
	MemberID string
	Role     string
	Name     string
	Found    bool // a member the register knows
	Active   bool // still a member
	Full     bool // 正式党员
}

// roleRule is how many people of a role a step needs and whether they
// must be full members.
type roleRule struct {
	need     string
	min, max int
	fullOnly bool
	label    string
	missing  string
}

var roleRules = map[string]roleRule{
	RoleTalker: {NeedTalkers, 1, 2, false, "谈话人", "请填写谈话人（一至二人）"},
	RoleContact: {NeedContacts, 1, 2, true, "培养联系人",
		"依据" + Regulation + "，党组织应当指定一至两名正式党员作入党积极分子的培养联系人"},
	RoleSponsor: {NeedSponsors, 2, 2, true, "入党介绍人",
		"依据" + Regulation + "，发展对象应当有两名正式党员作入党介绍人"},
}

// checkPeople checks each person named on step and the counts the step
// needs. A talker may be named on any step (the upper committee's talk,
// say); contacts and sponsors only on their own step.
func checkPeople(fe *httpx.Fields, step Step, people []Person) {
	count := map[string]int{}
	seen := map[string]bool{}
	for i, p := range people {
		field := fmt.Sprintf("people[%d].member_id", i)
		rule, ok := roleRules[p.Role]
		switch {
		case !ok:
			fe.Add(fmt.Sprintf("people[%d].role", i), "invalid", "人员角色应为谈话人、培养联系人或入党介绍人")
			continue
		case p.Role != RoleTalker && !step.Requires(rule.need):
			fe.Add(field, "not_allowed", "本步骤不填写"+rule.label)
		case !p.Found:
			fe.Add(field, "unknown", "找不到该党员")
		case !p.Active:
			fe.Add(field, "inactive", "「"+p.Name+"」已不在党员名册中")
		case rule.fullOnly && !p.Full:
			fe.Add(field, "not_full", fmt.Sprintf("依据%s，%s须由正式党员担任，「%s」是预备党员", Regulation, rule.label, p.Name))
		case seen[p.MemberID]:
			fe.Add(field, "duplicate", "「"+p.Name+"」重复填写")
		}
		seen[p.MemberID] = true
		count[p.Role]++
	}
	for role, rule := range roleRules {
		if step.Requires(rule.need) && (count[role] < rule.min || count[role] > rule.max) {
			fe.Add("people", "count", rule.missing)
		}
	}
}
