package partystats

import (
	"context"
	"slices"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/rollup"
)

// build counts every table of the subtree at path as of the day on.
func (s *Service) build(ctx context.Context, path string, on time.Time) ([]Table, error) {
	l := s.dir.Labels()
	majority := ""
	if len(l.Ethnicities) > 0 {
		majority = l.Ethnicities[0]
	}
	members, err := s.memberTables(ctx, path, on, l, majority)
	if err != nil {
		return nil, err
	}
	changes, err := s.changeTables(ctx, path, on, l, majority)
	if err != nil {
		return nil, err
	}
	orgs, err := s.orgTable(ctx, path, on, l)
	if err != nil {
		return nil, err
	}
	return slices.Concat(members, changes, []Table{orgs}), nil
}

// memberTables are 党员基本情况 and the member dimensions on the day on.
func (s *Service) memberTables(ctx context.Context, path string, on time.Time, l Labels, majority string) ([]Table, error) {
	day := on.Format(clock.DateLayout)
	dims := memberDimensions(l, on)
	per := make([]counts, len(dims))
	for i := range per {
		per[i] = counts{}
	}
	everyone := make([]int, len(memberColumns))
	err := s.src.MembersAsOf(ctx, path, day, func(r rollup.SpanRow) error {
		p := personOn(r, day, majority)
		cols := p.columns()
		for i, d := range dims {
			per[i].add(d.of(p), cols)
		}
		for i, in := range cols {
			if in {
				everyone[i]++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := []Table{basicTable(everyone)}
	for i, d := range dims {
		out = append(out, memberTable(d, per[i]))
	}
	return out, nil
}

// changeTables are the year's admissions (发展党员: joined from 1 January
// to on) and losses (党员减少: 出党 and deaths by kind; a transfer out
// of the system is not a loss of the party).
func (s *Service) changeTables(ctx context.Context, path string, on time.Time, l Labels, majority string) ([]Table, error) {
	from, to := yearStart(on), on.Format(clock.DateLayout)
	note := "统计期间 " + from + " 至 " + to + "。"
	joined := dimension{key: "admitted", title: "本年发展党员", head: "项目", note: note,
		rows: []Label{{"joined", "发展党员"}}, of: func(person) string { return "joined" }}
	jc := counts{}
	err := s.src.JoinedBetween(ctx, path, from, to, func(r rollup.SpanRow) error {
		p := personOn(r, to, majority)
		jc.add(joined.of(p), p.columns())
		return nil
	})
	if err != nil {
		return nil, err
	}
	lost := dimension{key: "lost", title: "本年党员减少", head: "减少方式", note: note + "组织关系转出不计入党员减少。",
		rows: l.EndKinds, of: func(p person) string { return p.EndedKind }}
	lc := counts{}
	err = s.src.EndedBetween(ctx, path, from, to, func(r rollup.SpanRow) error {
		if slices.ContainsFunc(l.EndKinds, func(k Label) bool { return k.Code == r.EndedKind }) {
			p := personOn(r, r.EndedOn, majority)
			lc.add(lost.of(p), p.columns())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return []Table{memberTable(joined, jc), memberTable(lost, lc)}, nil
}

// orgTable is 党组织按类别和单位类型: a row per kind, a column per unit
// type, on the day on.
func (s *Service) orgTable(ctx context.Context, path string, on time.Time, l Labels) (Table, error) {
	cols := []string{"类别", totalLabel}
	for _, u := range l.UnitTypes {
		cols = append(cols, u.Text)
	}
	cols = append(cols, "未填写单位类型")
	c := counts{}
	err := s.src.OrgsAsOf(ctx, path, on.Format(clock.DateLayout), func(o rollup.OrgRow) error {
		in := make([]bool, len(cols)-1)
		in[0] = true
		unit := slices.IndexFunc(l.UnitTypes, func(u Label) bool { return u.Code == o.UnitType })
		if unit < 0 {
			unit = len(l.UnitTypes) // 未填写
		}
		in[1+unit] = true
		c.add(o.Kind, in)
		return nil
	})
	return Table{Key: "orgs", Title: "党组织按类别和单位类型", Columns: cols,
		Rows: grid(l.Kinds, c, len(cols)-1, false)}, err
}
