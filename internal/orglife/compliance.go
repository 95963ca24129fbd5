package orglife

import (
	"context"
	"strings"
	"time"

	"dangjian/internal/platform/db"
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

// counts are one branch's finalized meetings per period key and kind.
type counts map[string]map[Kind]int

// assess judges every branch under org in view (only kind, when given).
func (s *Service) assess(ctx context.Context, org OrgRef, view Period, kind Kind) ([]branchStatus, error) {
	branches, err := s.dir.Branches(ctx, org.Path)
	if err != nil {
		return nil, err
	}
	freqs, err := s.frequencies(ctx)
	if err != nil {
		return nil, err
	}
	held, err := loadCounts(ctx, s.db, org.Path, KeysIn(view))
	if err != nil {
		return nil, err
	}
	now := s.clk.Now()
	out := make([]branchStatus, len(branches))
	for i, b := range branches {
		out[i] = judge(b, view, freqs.at(b.Path), held[b.ID], kind, now)
	}
	return out, nil
}

// judge colours one branch from its requirements and held meetings.
func judge(b BranchRef, view Period, freqs map[Kind]Frequency, held counts, only Kind, now time.Time) branchStatus {
	out := branchStatus{BranchRef: b}
	var colours []string
	for _, k := range Kinds {
		if only != "" && k != only {
			continue
		}
		f := freqs[k]
		if (k == KindCommittee && !b.HasCommittee) || (k == KindGroup && b.Groups == 0) {
			f = Off
		}
		byKey := map[string]int{}
		for key, n := range held {
			byKey[key] = n[k]
			if k == KindGroup && n[k] < b.Groups {
				byKey[key] = 0 // every group must have met
			}
		}
		a := Assess(view, f, byKey, now)
		label := ""
		if f != Off {
			label = PeriodOf(f, view.Start).Label()
		}
		out.Kinds = append(out.Kinds, KindStatus{Kind: string(k), KindLabel: k.Label(), Frequency: string(f),
			PeriodLabel: label, Assessment: a})
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
			out[org] = counts{}
		}
		out[org][key] = map[Kind]int{KindMemberAssembly: n[0], KindCommittee: n[1], KindGroup: n[2],
			KindLecture: n[3], KindThemeDay: n[4], KindLifeMeeting: n[5]}
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

// at is the frequencies in force at path: the nearest org's setting, else
// the default.
func (t freqTable) at(path string) map[Kind]Frequency {
	out := map[Kind]Frequency{}
	for _, k := range Kinds {
		out[k] = DefaultFrequency(k)
	}
	for _, id := range pathIDs(path) {
		for k, f := range t[id] {
			out[k] = f
		}
	}
	return out
}
