package appraisal

import (
	"context"
	"net/http"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Colleague is another participant as a member sees them, with the
// member's own comment (互评) on them, if any.
type Colleague struct {
	MemberID  string `json:"member_id"`
	Name      string `json:"name"`
	MyComment string `json:"my_comment"`
}

// MyRound is a round as one of its participants sees it: their own
// writing, whether they have rated, the others to comment on and rate, and
// after confirmation their own grade only.
type MyRound struct {
	ID             string      `json:"id"`
	OrgID          string      `json:"org_id"`
	OrgName        string      `json:"org_name"`
	Year           int         `json:"year"`
	Stage          string      `json:"stage"`
	StageLabel     string      `json:"stage_label"`
	Open           bool        `json:"open"` // self-assessment, comments and rating accepted
	SelfAssessment string      `json:"self_assessment"`
	SelfUpdatedAt  string      `json:"self_updated_at"`
	Rated          bool        `json:"rated"`
	Colleagues     []Colleague `json:"colleagues"`
	Grade          string      `json:"grade"`
	GradeLabel     string      `json:"grade_label"`
	GradeOptions   []Option    `json:"grade_options"`
	OpenedAt       string      `json:"opened_at"`
	ConfirmedAt    string      `json:"confirmed_at"`
}

// me is the signed-in member and their present branch (empty when they
// have none: then no round is theirs to see).
func (s *Service) me(ctx context.Context) (string, OrgRef, error) {
	p := authz.From(ctx)
	if p == nil || p.MemberID == "" {
		return "", OrgRef{}, httpx.Forbidden("此账号未关联党员")
	}
	branch, err := s.dir.MemberOrg(ctx, p.MemberID)
	if db.IsNoRows(err) {
		return p.MemberID, OrgRef{}, nil
	}
	return p.MemberID, branch, err
}

// mine loads the round named by the path for the signed-in member: a round
// of their present branch in which they take part, else not found.
func (s *Service) mine(r *http.Request) (round, OrgRef, []participant, participant, error) {
	ctx := r.Context()
	memberID, branch, err := s.me(ctx)
	if err != nil {
		return round{}, branch, nil, participant{}, err
	}
	rd, err := loadRound(ctx, s.db, r.PathValue("id"))
	if db.IsNoRows(err) || (err == nil && rd.OrgID != branch.ID) {
		return rd, branch, nil, participant{}, httpx.NotFound()
	}
	if err != nil {
		return rd, branch, nil, participant{}, err
	}
	all, err := loadParticipants(ctx, s.db, rd.ID)
	if err != nil {
		return rd, branch, nil, participant{}, err
	}
	self, in := findParticipant(all, memberID)
	if !in {
		return rd, branch, nil, participant{}, httpx.NotFound()
	}
	return rd, branch, all, self, nil
}

// myView renders rd for participant self.
func (s *Service) myView(ctx context.Context, rd round, branch OrgRef, all []participant, self participant) (MyRound, error) {
	v := MyRound{ID: rd.ID, OrgID: rd.OrgID, OrgName: branch.Name, Year: rd.Year, Stage: rd.Stage,
		StageLabel: labelOf(stageOptions, rd.Stage), Open: rd.Stage == stageOpen, SelfAssessment: self.SelfText,
		SelfUpdatedAt: clock.Stamp(self.SelfUpdatedAt), Colleagues: []Colleague{}, GradeOptions: gradeOptions,
		OpenedAt: clock.Stamp(rd.OpenedAt), ConfirmedAt: clock.Stamp(rd.ConfirmedAt)}
	if rd.Stage == stageConfirmed {
		v.Grade, v.GradeLabel = self.FinalGrade, labelOf(gradeOptions, self.FinalGrade)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM appraisal_raters WHERE appraisal_id = ? AND member_id = ?",
		rd.ID, self.MemberID).Scan(&n); err != nil {
		return v, err
	}
	v.Rated = n > 0
	comments, err := s.myComments(ctx, rd.ID, self.MemberID)
	if err != nil {
		return v, err
	}
	for _, p := range all {
		if p.MemberID != self.MemberID {
			v.Colleagues = append(v.Colleagues, Colleague{MemberID: p.MemberID, Name: p.Name, MyComment: comments[p.MemberID]})
		}
	}
	return v, nil
}

// myComments maps the members the author commented on to the comment.
func (s *Service) myComments(ctx context.Context, roundID, authorID string) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT subject_id, comment FROM appraisal_peer_reviews
		WHERE appraisal_id = ? AND author_id = ?`, roundID, authorID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var subject, comment string
		if err := rows.Scan(&subject, &comment); err != nil {
			return nil, err
		}
		out[subject] = comment
	}
	return out, rows.Err()
}

func (s *Service) handleMyList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	memberID, branch, err := s.me(ctx)
	if err != nil {
		return err
	}
	items := []MyRound{}
	rounds, err := queryRounds(ctx, s.db, "SELECT "+roundColumns+` FROM appraisals WHERE org_id = ? AND id IN
		(SELECT appraisal_id FROM appraisal_participants WHERE member_id = ?) ORDER BY year DESC`, branch.ID, memberID)
	if err != nil {
		return err
	}
	for _, rd := range rounds {
		all, err := loadParticipants(ctx, s.db, rd.ID)
		if err != nil {
			return err
		}
		self, _ := findParticipant(all, memberID)
		v, err := s.myView(ctx, rd, branch, all, self)
		if err != nil {
			return err
		}
		items = append(items, v)
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items})
}

// participate runs do, the signed-in participant's own write to the round
// named by the path, and answers with their view of it afterwards.
func (s *Service) participate(w http.ResponseWriter, r *http.Request, status int,
	do func(ctx context.Context, rd round, all []participant, self participant) error) error {
	rd, branch, all, self, err := s.mine(r)
	if err != nil {
		return err
	}
	if do != nil {
		if err := do(r.Context(), rd, all, self); err != nil {
			return err
		}
		if rd, branch, all, self, err = s.mine(r); err != nil {
			return err
		}
	}
	v, err := s.myView(r.Context(), rd, branch, all, self)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, status, v)
}

func (s *Service) handleMine(w http.ResponseWriter, r *http.Request) error {
	return s.participate(w, r, http.StatusOK, nil)
}

func (s *Service) handleSelf(w http.ResponseWriter, r *http.Request) error {
	return s.participate(w, r, http.StatusOK, func(ctx context.Context, rd round, _ []participant, self participant) error {
		var req struct {
			Text string `json:"text"`
		}
		if err := httpx.DecodeJSON(r, &req); err != nil {
			return err
		}
		return s.saveSelf(ctx, rd.ID, self.MemberID, req.Text)
	})
}

func (s *Service) handlePeer(w http.ResponseWriter, r *http.Request) error {
	return s.participate(w, r, http.StatusOK, func(ctx context.Context, rd round, all []participant, self participant) error {
		var req struct {
			Comment string `json:"comment"`
		}
		if err := httpx.DecodeJSON(r, &req); err != nil {
			return err
		}
		return s.savePeer(ctx, rd.ID, all, self, r.PathValue("member_id"), req.Comment)
	})
}

func (s *Service) handleRate(w http.ResponseWriter, r *http.Request) error {
	return s.participate(w, r, http.StatusCreated, func(ctx context.Context, rd round, all []participant, self participant) error {
		var req struct {
			Grades map[string]string `json:"grades"`
		}
		if err := httpx.DecodeJSON(r, &req); err != nil {
			return err
		}
		return s.rate(ctx, rd.ID, all, self.MemberID, req.Grades)
	})
}
