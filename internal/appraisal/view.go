package appraisal

import (
	"context"
	"fmt"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/voting"
)

// minRaters is how many members must have rated before the committee sees
// the anonymous tally: with fewer, the tally would be one person's ballot.
const minRaters = 3

// Summary is a round in its branch's list.
type Summary struct {
	ID               string `json:"id"`
	OrgID            string `json:"org_id"`
	OrgName          string `json:"org_name"`
	Year             int    `json:"year"`
	Stage            string `json:"stage"`
	StageLabel       string `json:"stage_label"`
	ParticipantCount int    `json:"participant_count"`
	RatedCount       int    `json:"rated_count"`
	OpenedAt         string `json:"opened_at"`
	ConfirmedAt      string `json:"confirmed_at"`
}

// Meeting is the 支部党员大会 that confirmed a round.
type Meeting struct {
	ID       string `json:"id"`
	Topic    string `json:"topic"`
	StartsAt string `json:"starts_at"`
}

// PeerReview is a named comment (互评) one participant wrote on another.
type PeerReview struct {
	AuthorID   string `json:"author_id"`
	AuthorName string `json:"author_name"`
	Comment    string `json:"comment"`
	UpdatedAt  string `json:"updated_at"`
}

// Participant is a participant as the committee sees them. Tally (counts
// per grade of the anonymous rating) is null while it is hidden.
type Participant struct {
	MemberID           string         `json:"member_id"`
	Name               string         `json:"name"`
	Status             string         `json:"status"`
	StatusLabel        string         `json:"status_label"`
	SelfAssessed       bool           `json:"self_assessed"`
	SelfAssessment     string         `json:"self_assessment"`
	SelfUpdatedAt      string         `json:"self_updated_at"`
	Rated              bool           `json:"rated"`
	PeerReviews        []PeerReview   `json:"peer_reviews"`
	Tally              map[string]int `json:"tally"`
	ProposedGrade      string         `json:"proposed_grade"`
	ProposedGradeLabel string         `json:"proposed_grade_label"`
	FinalGrade         string         `json:"final_grade"`
	FinalGradeLabel    string         `json:"final_grade_label"`
}

// Round is the committee's full view of a round.
type Round struct {
	Summary
	OpenedByName    string        `json:"opened_by_name"`
	RatingClosedAt  string        `json:"rating_closed_at"`
	ProposedAt      string        `json:"proposed_at"`
	Meeting         *Meeting      `json:"meeting"`
	ExcellentCap    string        `json:"excellent_cap"`
	ExcellentMax    int           `json:"excellent_max"`
	SelfAssessed    int           `json:"self_assessed_count"`
	PeerReviewCount int           `json:"peer_review_count"`
	TallyVisible    bool          `json:"tally_visible"`
	TallyNote       string        `json:"tally_note"`
	Participants    []Participant `json:"participants"`
	Handlings       []Handling    `json:"handlings"`
	GradeOptions    []Option      `json:"grade_options"`
	CanManage       bool          `json:"can_manage"`
}

func summaryOf(r round, org OrgRef, participants, rated int) Summary {
	return Summary{ID: r.ID, OrgID: r.OrgID, OrgName: org.Name, Year: r.Year, Stage: r.Stage,
		StageLabel: labelOf(stageOptions, r.Stage), ParticipantCount: participants, RatedCount: rated,
		OpenedAt: clock.Stamp(r.OpenedAt), ConfirmedAt: clock.Stamp(r.ConfirmedAt)}
}

// roundShare is the cap on 优秀 that applies to the round: the one applied
// when it was confirmed, else the subtree's current setting.
func (s *Service) roundShare(ctx context.Context, r round, org OrgRef) (voting.Share, error) {
	if r.Stage == stageConfirmed && r.ExcellentCap != "" {
		return voting.ParseShare(r.ExcellentCap)
	}
	return s.excellentShare(ctx, org.Path)
}

// view renders round r of org for the committee.
func (s *Service) view(ctx context.Context, r round, org OrgRef) (Round, error) {
	all, err := loadParticipants(ctx, s.db, r.ID)
	if err != nil {
		return Round{}, err
	}
	raters, err := memberSet(ctx, s.db, "SELECT member_id FROM appraisal_raters WHERE appraisal_id = ?", r.ID)
	if err != nil {
		return Round{}, err
	}
	share, err := s.roundShare(ctx, r, org)
	if err != nil {
		return Round{}, err
	}
	v := Round{Summary: summaryOf(r, org, len(all), len(raters)), OpenedByName: r.OpenedByName,
		RatingClosedAt: clock.Stamp(r.RatingClosedAt), ProposedAt: clock.Stamp(r.ProposedAt),
		ExcellentCap: share.String(), ExcellentMax: share.Max(len(all)), GradeOptions: gradeOptions,
		CanManage: authz.From(ctx).Can(authz.OrgLifeManage, org.Path)}
	if r.MeetingID != "" {
		v.Meeting = &Meeting{ID: r.MeetingID, Topic: r.MeetingTopic, StartsAt: clock.Stamp(r.MeetingAt)}
	}
	switch {
	case r.Stage == stageOpen:
		v.TallyNote = "匿名测评进行中，结束测评后显示统计结果"
	case len(raters) < minRaters:
		v.TallyNote = fmt.Sprintf("参加匿名测评的不足 %d 人，为保护匿名，不显示统计结果", minRaters)
	default:
		v.TallyVisible = true
	}
	var tallies map[string]map[string]int
	if v.TallyVisible {
		if tallies, err = loadTallies(ctx, s.db, r.ID); err != nil {
			return Round{}, err
		}
	}
	reviews, err := loadPeerReviews(ctx, s.db, r.ID)
	if err != nil {
		return Round{}, err
	}
	for _, p := range all {
		pv := Participant{MemberID: p.MemberID, Name: p.Name, Status: p.Status,
			StatusLabel: labelOf(statusOptions, p.Status), SelfAssessed: p.SelfText != "", SelfAssessment: p.SelfText,
			SelfUpdatedAt: clock.Stamp(p.SelfUpdatedAt), Rated: raters[p.MemberID], Tally: tallies[p.MemberID],
			PeerReviews: reviews[p.MemberID], ProposedGrade: p.ProposedGrade,
			ProposedGradeLabel: labelOf(gradeOptions, p.ProposedGrade), FinalGrade: p.FinalGrade,
			FinalGradeLabel: labelOf(gradeOptions, p.FinalGrade)}
		if pv.PeerReviews == nil {
			pv.PeerReviews = []PeerReview{}
		}
		if pv.SelfAssessed {
			v.SelfAssessed++
		}
		v.PeerReviewCount += len(pv.PeerReviews)
		v.Participants = append(v.Participants, pv)
	}
	v.Handlings, err = loadHandlings(ctx, s.db, r.ID)
	return v, err
}

// memberSet reads the member IDs a query selects.
func memberSet(ctx context.Context, q db.Querier, query string, args ...any) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// loadTallies reads the anonymous rating's counters: ratee → grade → votes.
func loadTallies(ctx context.Context, q db.Querier, roundID string) (map[string]map[string]int, error) {
	rows, err := q.QueryContext(ctx, "SELECT member_id, grade, votes FROM appraisal_tallies WHERE appraisal_id = ?", roundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]int{}
	for rows.Next() {
		var member, grade string
		var n int
		if err := rows.Scan(&member, &grade, &n); err != nil {
			return nil, err
		}
		if out[member] == nil {
			out[member] = map[string]int{}
		}
		out[member][grade] = n
	}
	return out, rows.Err()
}

// loadPeerReviews reads the round's peer comments by the member they are
// about, oldest first.
func loadPeerReviews(ctx context.Context, q db.Querier, roundID string) (map[string][]PeerReview, error) {
	rows, err := q.QueryContext(ctx, `SELECT subject_id, author_id, author_name, comment, updated_at
		FROM appraisal_peer_reviews WHERE appraisal_id = ? ORDER BY updated_at, author_id`, roundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]PeerReview{}
	for rows.Next() {
		var subject string
		var pr PeerReview
		var at int64
		if err := rows.Scan(&subject, &pr.AuthorID, &pr.AuthorName, &pr.Comment, &at); err != nil {
			return nil, err
		}
		pr.UpdatedAt = clock.Stamp(at)
		out[subject] = append(out[subject], pr)
	}
	return out, rows.Err()
}
