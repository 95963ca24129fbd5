package orglife

import (
	"net/http"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/httpx"
)

// AttendeeView is one person of a meeting as the secretary sees them.
type AttendeeView struct {
	MemberID          string `json:"member_id"`
	Name              string `json:"name"`
	Role              string `json:"role"`
	RoleLabel         string `json:"role_label"`
	Note              string `json:"note"`
	HasVote           bool   `json:"has_vote"`
	VoteNote          string `json:"vote_note"`
	ShouldAttend      bool   `json:"should_attend"`
	ExcludedReason    string `json:"excluded_reason"`
	Answer            string `json:"answer"`
	LeaveReason       string `json:"leave_reason"`
	LeaveState        string `json:"leave_state"`
	Status            string `json:"status"`
	StatusLabel       string `json:"status_label"`
	Method            string `json:"method"`
	CheckedInAt       string `json:"checked_in_at"`
	DistanceM         *int   `json:"distance_m"`
	Geo               string `json:"geo"`
	NeedsConfirmation bool   `json:"needs_confirmation"`
	ManualReason      string `json:"manual_reason"`
	HasPhoto          bool   `json:"has_photo"`
}

func (a attendee) view(hasPhoto bool) AttendeeView {
	v := AttendeeView{MemberID: a.MemberID, Name: a.Name, Role: a.Role, RoleLabel: roleLabels[a.Role], Note: a.Note,
		HasVote: a.HasVote, VoteNote: a.VoteNote, ShouldAttend: a.ShouldAttend, ExcludedReason: a.ExcludedReason,
		Answer: a.Answer, LeaveReason: a.LeaveReason, LeaveState: a.LeaveState, Status: a.Status,
		StatusLabel: statusLabels[a.Status], Method: a.Method, CheckedInAt: clock.Stamp(a.CheckedInAt), Geo: a.Geo,
		NeedsConfirmation: a.NeedsConfirmation, ManualReason: a.ManualReason, HasPhoto: hasPhoto}
	if a.DistanceM >= 0 {
		d := a.DistanceM
		v.DistanceM = &d
	}
	return v
}

func (s *Service) handleAttendees(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	m, err := s.scoped(ctx, r.PathValue("id"), authz.OrgLifeRead)
	if err != nil {
		return err
	}
	list, err := attendees(ctx, s.db, m.ID)
	if err != nil {
		return err
	}
	photos, err := photoHolders(ctx, s.db, m.ID)
	if err != nil {
		return err
	}
	items := make([]AttendeeView, len(list))
	for i, a := range list {
		items[i] = a.view(photos[a.MemberID])
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": items, "summary": summarize(list)})
}

func (s *Service) handleAddAttendee(w http.ResponseWriter, r *http.Request) error {
	return decodeThen(s, w, r, func(in Invitee) error { return s.AddAttendee(r.Context(), r.PathValue("id"), in) })
}

func (s *Service) handleExclude(w http.ResponseWriter, r *http.Request) error {
	return decodeThen(s, w, r, func(b struct {
		Excluded bool   `json:"excluded"`
		Reason   string `json:"reason"`
	}) error {
		return s.Exclude(r.Context(), r.PathValue("id"), r.PathValue("member_id"), b.Excluded, b.Reason)
	})
}

func (s *Service) handleDecideLeave(w http.ResponseWriter, r *http.Request) error {
	return decodeThen(s, w, r, func(b struct {
		Approve bool   `json:"approve"`
		Note    string `json:"note"`
	}) error {
		return s.DecideLeave(r.Context(), r.PathValue("id"), r.PathValue("member_id"), b.Approve, b.Note)
	})
}

func (s *Service) handleMark(w http.ResponseWriter, r *http.Request) error {
	return decodeThen(s, w, r, func(mk Mark) error { return s.MarkAttendance(r.Context(), r.PathValue("id"), mk) })
}

func (s *Service) handleMinutes(w http.ResponseWriter, r *http.Request) error {
	return decodeThen(s, w, r, func(d MinutesDraft) error { return s.SaveMinutes(r.Context(), r.PathValue("id"), d) })
}

func (s *Service) handleVote(w http.ResponseWriter, r *http.Request) error {
	var d VoteDraft
	if err := httpx.DecodeJSON(r, &d); err != nil {
		return err
	}
	v, err := s.RecordVote(r.Context(), r.PathValue("id"), d)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, v)
}

func (s *Service) handleFinalize(w http.ResponseWriter, r *http.Request) error {
	if err := s.Finalize(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return s.writeMeeting(w, r)
}

func (s *Service) handleCorrect(w http.ResponseWriter, r *http.Request) error {
	return decodeThen(s, w, r, func(d CorrectionDraft) error { return s.Correct(r.Context(), r.PathValue("id"), d) })
}
