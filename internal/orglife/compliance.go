package orglife

import (
	"cmp"
	"context"
	"strings"
	"sync"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/settings"
)

// KindStatus is how one requirement of a branch stands in a period.
type KindStatus struct {
	Kind        string `json:"kind"`
	KindLabel   string `json:"kind_label"`
	Frequency   string `json:"frequency"`
	PeriodLabel string `json:"period_label"`
	Assessment
}

// branchStatus is one branch's colour and requirements in a period.
type branchStatus struct {
	BranchRef
	Status string
	Kinds  []KindStatus
}

// missing names the requirements the branch has not met.
func (b branchStatus) missing() []string {
	var out []string
	for _, k := range b.Kinds {
		if k.Status == Red || k.Status == Amber {
			out = append(out, k.KindLabel)
		}
	}
	return out
}

// counts are one branch's finalized meetings by period key, per kind in
// Kinds order.
type counts map[string][6]int

// assess judges every branch under org in view (only kind, when given).
func (s *Service) assess(ctx context.Context, org OrgRef, view Period, kind Kind) ([]branchStatus, error) {
	// The branches and the counts are read at once, on two connections.
	var branches []BranchRef
	var branchErr error
	var wg sync.WaitGroup
	wg.Go(func() { branches, branchErr = s.dir.Branches(ctx, org.Path) })
	freqs, err := s.frequencies(ctx)
	var held map[string]counts
	if err == nil {
		held, err = loadCounts(ctx, s.db, org.Path, KeysIn(view))
	}
	wg.Wait()
	if err := cmp.Or(branchErr, err); err != nil {
		return nil, err
	}
	now := s.clk.Now()
	rules := map[Frequency]rule{}
	for _, f := range []Frequency{Monthly, Quarterly, Yearly, Off} {
		rules[f] = newRule(view, f, now)
	}
	at := freqs.resolver()
	out := make([]branchStatus, len(branches))
	for i, b := range branches {
		out[i] = judge(b, rules, at(b.Path), held[b.ID], kind)
	}
	return out, nil
}

// judge colours one branch from its requirements and held meetings.
func judge(b BranchRef, rules map[Frequency]rule, freqs map[Kind]Frequency, held counts, only Kind) branchStatus {
	out := branchStatus{BranchRef: b, Kinds: make([]KindStatus, 0, len(Kinds))}
	colours := make([]string, 0, len(Kinds))
	for i, k := range Kinds {
		if only != "" && k != only {
			continue
		}
		f := freqs[k]
		if (k == KindCommittee && !b.HasCommittee) || (k == KindGroup && b.Groups == 0) {
			f = Off
		}
		r := rules[f]
		a := r.assess(func(key string) int {
			n := held[key][i]
			if k == KindGroup && n < b.Groups {
				return 0 // every group must have met
			}
			return n
		})
		out.Kinds = append(out.Kinds, KindStatus{Kind: string(k), KindLabel: k.Label(), Frequency: string(f),
			PeriodLabel: r.label, Assessment: a})
		colours = append(colours, a.Status)
	}
	out.Status = Worst(colours...)
	return out
}

// loadCounts reads the finalized-meeting counts of every branch under path
// for the period keys.
func loadCounts(ctx context.Context, q db.Querier, path string, keys []string) (map[string]counts, error) {
	args := append([]any{path, db.PrefixEnd(path)}, db.Strings(keys)...)
	rows, err := q.QueryContext(ctx, `SELECT org_id, period_key, member_assembly, committee, grp, lecture, theme_day,
		life_meeting FROM meeting_period_counts WHERE org_path >= ? AND org_path < ? AND period_key IN (`+
		db.Placeholders(len(keys))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]counts{}
	for rows.Next() {
		var org, key string
		var n [6]int
		if err := rows.Scan(&org, &key, &n[0], &n[1], &n[2], &n[3], &n[4], &n[5]); err != nil {
			return nil, err
		}
		if out[org] == nil {
			out[org] = make(counts, len(keys))
		}
		out[org][key] = n
	}
	return out, rows.Err()
}

// freqTable is every org's own frequency settings; at resolves a path.
type freqTable map[string]map[Kind]Frequency

// frequencies loads every frequency set anywhere: overrides are few (an
// organization department sets them for its subtree), so one read serves a
// view of tens of thousands of branches.
func (s *Service) frequencies(ctx context.Context) (freqTable, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT org_id, key, value FROM orglife_settings WHERE key LIKE 'freq.%'")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := freqTable{}
	for rows.Next() {
		var org, key, value string
		if err := rows.Scan(&org, &key, &value); err != nil {
			return nil, err
		}
		if out[org] == nil {
			out[org] = map[Kind]Frequency{}
		}
		out[org][Kind(strings.TrimPrefix(key, "freq."))] = Frequency(value)
	}
	return out, rows.Err()
}

// resolver is at for the branches of a view: a branch without settings of
// its own has its parent's frequencies, worked out once per parent.
func (t freqTable) resolver() func(path string) map[Kind]Frequency {
	byParent := map[string]map[Kind]Frequency{}
	return func(path string) map[Kind]Frequency {
		parent := path[:strings.LastIndex(path[:len(path)-1], "/")+1]
		if t[strings.Trim(path[len(parent):], "/")] != nil {
			return t.at(path)
		}
		if byParent[parent] == nil {
			byParent[parent] = t.at(parent)
		}
		return byParent[parent]
	}
}

// at is the frequencies in force at path: the nearest org's setting, else
// the default.
func (t freqTable) at(path string) map[Kind]Frequency {
	out := map[Kind]Frequency{}
	for _, k := range Kinds {
		out[k] = DefaultFrequency(k)
	}
	for _, id := range settings.PathIDs(path) {
		for k, f := range t[id] {
			out[k] = f
		}
	}
	return out
}
