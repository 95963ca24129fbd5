package notices

import (
	"context"
	"fmt"
	"strings"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// positionLabels maps the position codes of the orgs capability to the
// titles an audience stores (either may be sent).
var positionLabels = map[string]string{
	"secretary": "书记", "deputy_secretary": "副书记", "organization": "组织委员", "publicity": "宣传委员",
	"discipline": "纪检委员", "committee_member": "委员", "group_leader": "党小组长", "youth": "青年委员",
}

// positionTitle is the stored title for a code or title, "" when unknown.
func positionTitle(s string) string {
	if l, ok := positionLabels[s]; ok {
		return l
	}
	for _, l := range positionLabels {
		if l == s {
			return l
		}
	}
	return ""
}

// checkAudience validates an audience against the publishing org: every
// subtree and every member must lie inside its subtree, positions must be
// known titles; required means an empty audience is an error. It returns
// the audience normalized.
func (s *Service) checkAudience(ctx context.Context, org OrgRef, a Audience, required bool, fe *httpx.Fields) (Audience, error) {
	a = a.normalized()
	if required && a.Empty() {
		fe.Add("audience", "required", "请选择发送范围")
	}
	if len(a.Subtrees) > maxSubtrees {
		fe.Add("audience.subtrees", "too_many", "所选组织过多，请选择上级组织")
		return a, nil
	}
	if len(a.Members) > maxMembers {
		fe.Add("audience.members", "too_many", "所选党员过多，请改为按组织发送")
		return a, nil
	}
	for _, id := range a.Subtrees {
		o, err := s.orgs.Get(ctx, id)
		if db.IsNoRows(err) || (err == nil && !strings.HasPrefix(o.Path, org.Path)) {
			fe.Add("audience.subtrees", "out_of_scope", "发送范围只能是本组织及其下级组织")
			break
		}
		if err != nil {
			return a, err
		}
	}
	for i, t := range a.Positions {
		title := positionTitle(t)
		if title == "" {
			fe.Add("audience.positions", "invalid", "未知的职务："+t)
			break
		}
		a.Positions[i] = title
	}
	a.Positions = uniq(a.Positions)
	if len(a.Members) > 0 {
		found, err := s.orgs.Members(ctx, a.Members)
		if err != nil {
			return a, err
		}
		inside := map[string]bool{}
		for _, m := range found {
			inside[m.ID] = strings.HasPrefix(m.OrgPath, org.Path)
		}
		for _, id := range a.Members {
			if ok, known := inside[id]; !known {
				fe.Add("audience.members", "not_found", "所选党员不存在或已不在册")
				break
			} else if !ok {
				fe.Add("audience.members", "out_of_scope", "所选党员不在本组织范围内")
				break
			}
		}
	}
	return a, nil
}

// audienceLabels describes an audience for display: each subtree by name,
// the positions, each member by name.
func (s *Service) audienceLabels(ctx context.Context, a Audience) ([]string, error) {
	out := []string{}
	if len(a.Subtrees) > 0 {
		names, err := s.orgs.Names(ctx, a.Subtrees)
		if err != nil {
			return nil, err
		}
		for _, id := range a.Subtrees {
			name := names[id]
			if name == "" {
				name = "（已不存在的组织）"
			}
			out = append(out, name+"（含下级组织）")
		}
	}
	if len(a.Positions) > 0 {
		out = append(out, "职务："+strings.Join(a.Positions, "、"))
	}
	if len(a.Members) > 0 {
		shown := a.Members[:min(len(a.Members), maxMemberLabels)]
		found, err := s.orgs.Members(ctx, shown)
		if err != nil {
			return nil, err
		}
		names := map[string]string{}
		for _, m := range found {
			names[m.ID] = m.Name
		}
		for _, id := range shown {
			name := names[id]
			if name == "" {
				name = "（已不在册的党员）"
			}
			out = append(out, name)
		}
		if rest := len(a.Members) - len(shown); rest > 0 {
			out = append(out, fmt.Sprintf("等另外 %d 名党员", rest))
		}
	}
	return out, nil
}

// maxMemberLabels bounds the members named one by one in a description.
const maxMemberLabels = 50
