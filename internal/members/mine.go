package members

import (
	"context"
	"net/http"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Position is a post (职务) as the API shows it (api.md).
type Position struct {
	ID         string `json:"id"`
	OrgID      string `json:"org_id"`
	OrgName    string `json:"org_name"`
	MemberID   string `json:"member_id"`
	MemberName string `json:"member_name"`
	Title      string `json:"title"`
	TitleLabel string `json:"title_label"`
	StartOn    string `json:"start_on"`
	EndOn      string `json:"end_on"`
	Active     bool   `json:"active"`
}

// OrgRef names an org.
type OrgRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Mine is the signed-in member's own record (GET /me/member).
type Mine struct {
	Member
	Org       OrgRef     `json:"org"`
	Positions []Position `json:"positions"`
}

// Me returns the caller's own member record (masked), their org and
// positions; 404 when the account belongs to no member.
func (s *Service) Me(ctx context.Context) (Mine, error) {
	p := authz.From(ctx)
	if p == nil || p.MemberID == "" {
		return Mine{}, httpx.NotFound()
	}
	r, err := getRecord(ctx, s.db, p.MemberID)
	if db.IsNoRows(err) {
		return Mine{}, httpx.NotFound()
	}
	if err != nil {
		return Mine{}, err
	}
	m, err := s.viewOne(ctx, s.db, r)
	if err != nil {
		return Mine{}, err
	}
	posts, err := s.orgs.PositionsOf(ctx, s.db, r.ID)
	if err != nil {
		return Mine{}, err
	}
	return Mine{Member: m, Org: OrgRef{ID: r.OrgID, Name: m.OrgName}, Positions: positionViews(posts)}, nil
}

func positionViews(list []orgs.Position) []Position {
	out := make([]Position, 0, len(list))
	for _, p := range list {
		out = append(out, Position{ID: p.ID, OrgID: p.OrgID, OrgName: p.OrgName, MemberID: p.MemberID,
			MemberName: p.MemberName, Title: p.Title, TitleLabel: p.TitleLabel, StartOn: p.StartOn,
			EndOn: p.EndOn, Active: p.Active})
	}
	return out
}

func (s *Service) handleMine(w http.ResponseWriter, r *http.Request) error {
	m, err := s.Me(r.Context())
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, m)
}
