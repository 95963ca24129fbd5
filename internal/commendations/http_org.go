package commendations

import (
	"context"
	"net/http"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// orgHandler answers a request on an org the caller may act on.
type orgHandler func(ctx context.Context, org OrgRef, r *http.Request) (any, error)

// withOrg serves a route on org {id}, which the caller must hold perm at.
func (s *Service) withOrg(perm authz.Perm, status int, fn orgHandler) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		org, err := s.scopedOrg(r.Context(), r.PathValue("id"), perm)
		if err != nil {
			return err
		}
		v, err := fn(r.Context(), org, r)
		if err != nil {
			return err
		}
		return httpx.WriteJSON(w, status, v)
	}
}

func (s *Service) createIn(ctx context.Context, org OrgRef, r *http.Request) (any, error) {
	var in RoundIn
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return nil, err
	}
	return s.createRound(ctx, org, in)
}

func (s *Service) listIn(ctx context.Context, org OrgRef, _ *http.Request) (any, error) {
	list, err := s.listRounds(ctx, org)
	return map[string]any{"items": list}, err
}

func (s *Service) addMarkIn(ctx context.Context, org OrgRef, r *http.Request) (any, error) {
	var in MarkIn
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return nil, err
	}
	return s.recordMark(ctx, org, in)
}

func (s *Service) marksIn(ctx context.Context, org OrgRef, r *http.Request) (any, error) {
	year, ok := yearOf(r.URL.Query().Get("year"))
	if !ok {
		return nil, fieldErr("year", "invalid", "年度格式不正确")
	}
	list, err := s.listMarks(ctx, org.Path, year, r.URL.Query().Get("member_id"))
	return map[string]any{"items": list}, err
}

// Candidate is one member or org of an eligibility list, with the state
// of its nomination in the round and kind ("" when not nominated).
type Candidate struct {
	MemberID        string   `json:"member_id,omitempty"`
	OrgID           string   `json:"org_id"`
	Name            string   `json:"name"`
	OrgName         string   `json:"org_name"`
	Eligible        bool     `json:"eligible"`
	Reasons         []string `json:"reasons"`
	NominationState string   `json:"nomination_state"`
}

// handleEligibility lists who in ?org_id= (default: the round's org; it
// must be in the caller's scope and inside the round's subtree) may be
// commended as ?kind= in the round.
func (s *Service) handleEligibility(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	rd, err := s.visibleRound(ctx, r.PathValue("rid"))
	if err != nil {
		return err
	}
	kind := r.URL.Query().Get("kind")
	if rd.quotaOf(kind).Kind == "" {
		return fieldErr("kind", "invalid", "本次评选不含该表彰类别")
	}
	orgID := r.URL.Query().Get("org_id")
	if orgID == "" {
		orgID = rd.OrgID
	}
	org, err := s.scopedOrg(ctx, orgID, authz.AssessmentRead)
	if err == nil && !inSubtree(org.Path, rd.orgPath) {
		err = httpx.NotFound()
	}
	if err != nil {
		return err
	}
	items, err := s.candidates(ctx, rd, kind, org)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"round_id": rd.ID, "kind": kind, "org_id": org.ID, "items": items})
}

// candidates judges the members (or, for 先进基层党组织, the orgs) of org's
// subtree for kind in round rd.
func (s *Service) candidates(ctx context.Context, rd Round, kind string, org OrgRef) ([]Candidate, error) {
	orgs, err := s.dir.OrgsUnder(ctx, s.db, org.Path)
	if err != nil {
		return nil, err
	}
	names := namesOf(orgs)
	states, err := nominatedStates(ctx, s.db, rd.ID, kind)
	if err != nil {
		return nil, err
	}
	out := []Candidate{}
	if forOrg(kind) {
		v := judgeOrgs(orgs)
		for _, o := range orgs {
			out = append(out, Candidate{OrgID: o.ID, Name: o.Name, OrgName: names[o.ParentID], Reasons: v[o.ID],
				Eligible: len(v[o.ID]) == 0, NominationState: states[o.ID]})
		}
		return out, nil
	}
	ms, err := s.dir.MembersUnder(ctx, s.db, org.Path)
	if err != nil {
		return nil, err
	}
	v, err := s.judgeMembers(ctx, s.db, rd, kind, ms)
	for _, m := range ms {
		out = append(out, Candidate{MemberID: m.ID, OrgID: m.OrgID, Name: m.Name, OrgName: names[m.OrgID], Reasons: v[m.ID],
			Eligible: len(v[m.ID]) == 0, NominationState: states[m.ID]})
	}
	return out, err
}

// nominatedStates maps the nominees of kind in round rid (withdrawn ones
// left out) to their nomination's state.
func nominatedStates(ctx context.Context, q db.Querier, rid, kind string) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT nominee_id, state FROM commendation_nominations
		WHERE round_id = ? AND kind = ? AND state <> ?`, rid, kind, nomWithdrawn)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, state string
		if err := rows.Scan(&id, &state); err != nil {
			return nil, err
		}
		out[id] = state
	}
	return out, rows.Err()
}
