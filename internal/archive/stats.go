package archive

import (
	"cmp"
	"context"
	"slices"

	"dangjian/internal/platform/db"
)

// YearStats are a member's figures of one year, for the annual assessment
// and the commendation rounds. MeetingsExpected = attended + leave + absent;
// dues count the months of the year paid for (reversed payments left out):
// a month is on time when every payment kept for it was; DuesPaidFen also
// counts voluntary payments. The 民主评议 grade is the year's latest.
type YearStats struct {
	MeetingsExpected, MeetingsAttended, MeetingsLeave, MeetingsAbsent int
	DuesMonthsPaid, DuesMonthsOnTime, ArrearsWarnings                 int
	DuesPaidFen                                                       int64
	AppraisalGrade, AppraisalGradeLabel                               string
}

// figures gathers one member's year from their entries.
type figures struct {
	YearStats
	appraisalVersion int64
	assessment       string
	commendations    []entry
	months           map[string]bool // month paid → all its payments on time
}

func newFigures() *figures { return &figures{months: map[string]bool{}} }

func (f *figures) add(e entry) {
	switch e.Source {
	case srcMeeting:
		f.addMeeting(e.Status)
	case srcDues:
		f.addPayment(e)
	case srcArrears:
		f.ArrearsWarnings++
	case srcAppraisal:
		if e.Version > f.appraisalVersion {
			f.appraisalVersion, f.AppraisalGrade, f.AppraisalGradeLabel = e.Version, e.Code, e.Label
		}
	case srcAssessment:
		f.assessment = e.Label
	case srcCommendation:
		f.commendations = append(f.commendations, e)
	}
}

// addMeeting counts a meeting the member was expected at; present and
// remote both count as attended (出席).
func (f *figures) addMeeting(status string) {
	f.MeetingsExpected++
	switch status {
	case "present", "remote":
		f.MeetingsAttended++
	case "leave":
		f.MeetingsLeave++
	default:
		f.MeetingsAbsent++
	}
}

// addPayment counts a payment that stands; a reversal's row whose payment
// never arrived has no code.
func (f *figures) addPayment(e entry) {
	if e.UndoneOn != "" || e.Code == "" {
		return
	}
	f.DuesPaidFen += e.AmountFen
	if e.Code == duesRegular {
		onTime, seen := f.months[e.Month]
		f.months[e.Month] = e.OnTime && (onTime || !seen)
	}
}

// stats finishes the dues months.
func (f *figures) stats() YearStats {
	out := f.YearStats
	out.DuesMonthsPaid = len(f.months)
	for _, onTime := range f.months {
		if onTime {
			out.DuesMonthsOnTime++
		}
	}
	return out
}

// commendationLabels are the year's commendations, in the order awarded.
func (f *figures) commendationLabels() []string {
	slices.SortFunc(f.commendations, func(a, b entry) int { return cmp.Compare(a.Version, b.Version) })
	out := []string{}
	for _, e := range f.commendations {
		out = append(out, e.Label)
	}
	return out
}

// statsChunk bounds the members read per query.
const statsChunk = 1000

// YearStats returns the figures of year for each of memberIDs (zero figures
// for a member with nothing recorded). Trusted: the caller has checked
// scope.
func (s *Service) YearStats(ctx context.Context, q db.Querier, memberIDs []string, year int) (map[string]YearStats, error) {
	figs := make(map[string]*figures, len(memberIDs))
	for _, id := range memberIDs {
		figs[id] = newFigures()
	}
	for chunk := range slices.Chunk(memberIDs, statsChunk) {
		es, err := entriesWhere(ctx, q, "member_id IN ("+db.Placeholders(len(chunk))+") AND year = ?",
			append(db.Strings(chunk), year)...)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			figs[e.MemberID].add(e)
		}
	}
	out := make(map[string]YearStats, len(figs))
	for id, f := range figs {
		out[id] = f.stats()
	}
	return out, nil
}
