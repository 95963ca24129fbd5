package commendations

import (
	"context"
	"strings"
	"unicode/utf8"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

const nominationColumns = `n.id, n.round_id, n.kind, n.member_id, n.org_id, n.org_path, n.name, n.deeds, n.state,
	n.by_org_id, n.by_org_path, n.by_org_name, n.nominated_by, n.nominated_at, n.decided_by, n.decided_at, n.decision_note`

// nominations lists the nominations matching cond (on alias n), by kind
// and time of nomination.
func nominations(ctx context.Context, q db.Querier, cond string, args ...any) ([]Nomination, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+nominationColumns+" FROM commendation_nominations n WHERE "+cond+
		" ORDER BY n.kind, n.nominated_at, n.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Nomination{}
	for rows.Next() {
		n, err := scanNomination(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func scanNomination(row interface{ Scan(...any) error }) (Nomination, error) {
	var n Nomination
	var at, decided int64
	err := row.Scan(&n.ID, &n.RoundID, &n.Kind, &n.MemberID, &n.OrgID, &n.orgPath, &n.Name, &n.Deeds, &n.State,
		&n.ByOrgID, &n.byOrgPath, &n.ByOrgName, &n.NominatedBy, &at, &n.DecidedBy, &decided, &n.DecisionNote)
	n.KindLabel, n.StateLabel, n.NominatedAt, n.Reasons = kindLabels[n.Kind], nomStateLabels[n.State], clock.Stamp(at), []string{}
	if decided > 0 {
		n.DecidedAt = clock.Stamp(decided)
	}
	return n, err
}

// loadNomination reads nomination id, locked inside tx.
func loadNomination(ctx context.Context, tx *db.Tx, id string) (Nomination, error) {
	return scanNomination(tx.QueryRowContext(ctx, "SELECT "+nominationColumns+
		" FROM commendation_nominations n WHERE n.id = ?"+tx.ForUpdate(), id))
}

// NominationIn nominates a member (MemberID) or, for 先进基层党组织, an org
// (OrgID), with the deeds (事迹).
type NominationIn struct {
	Kind     string `json:"kind"`
	MemberID string `json:"member_id"`
	OrgID    string `json:"org_id"`
	Deeds    string `json:"deeds"`
}

const maxDeeds = 5000

// nominee is who a nomination names: a member, or for 先进基层党组织 an
// org; field is the input field that named it.
type nominee struct {
	id, memberID, orgID, path, name, field string
	member                                 MemberRef
	org                                    OrgRef
}

// nominate records a nomination to round rid by the caller, who must
// manage the nominee's org; the nominee must be inside the round's subtree
// and eligible now.
func (s *Service) nominate(ctx context.Context, rid string, in NominationIn) (Nomination, error) {
	var id string
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.loadRound(ctx, tx, rid, true)
		if db.IsNoRows(err) || (err == nil && !seesRound(authz.From(ctx), r.orgPath)) {
			return httpx.NotFound()
		}
		if err != nil {
			return err
		}
		if err := s.nominationOpen(r, in); err != nil {
			return err
		}
		who, err := s.resolveNominee(ctx, tx, r, in)
		if err != nil {
			return err
		}
		id, err = s.insertNomination(ctx, tx, r, in, who)
		return err
	})
	if err != nil {
		return Nomination{}, err
	}
	return s.nominationView(ctx, id)
}

// nominationOpen checks the round takes nominations today and in's fields.
func (s *Service) nominationOpen(r Round, in NominationIn) error {
	switch {
	case r.State != stateOpen:
		return httpx.Conflict("round_closed", "评选结果已公布，不再接受提名")
	case s.today() > r.NominateUntil:
		return httpx.Conflict("nomination_closed", "提名已于 "+r.NominateUntil+" 截止")
	}
	var fe httpx.Fields
	switch {
	case r.quotaOf(in.Kind).Kind == "":
		fe.Add("kind", "invalid", "本次评选不含该表彰类别")
	case forOrg(in.Kind) && in.OrgID == "":
		fe.Add("org_id", "required", "请选择被提名的党组织")
	case !forOrg(in.Kind) && in.MemberID == "":
		fe.Add("member_id", "required", "请选择被提名的党员")
	}
	if d := strings.TrimSpace(in.Deeds); d == "" || utf8.RuneCountInString(d) > maxDeeds {
		fe.Add("deeds", "required", "请填写主要事迹（不超过 5000 字）")
	}
	return fe.Err()
}

// resolveNominee finds the member or org in names, which the caller must
// manage (anything else is not found) and which must be inside the round's
// subtree and eligible now.
func (s *Service) resolveNominee(ctx context.Context, tx *db.Tx, r Round, in NominationIn) (nominee, error) {
	who, err := s.findNominee(ctx, tx, in)
	if db.IsNoRows(err) || (err == nil && !authz.From(ctx).Can(authz.AssessmentManage, who.path)) {
		return nominee{}, httpx.NotFound()
	}
	if err != nil {
		return nominee{}, err
	}
	if !inSubtree(who.path, r.orgPath) {
		return nominee{}, fieldErr(who.field, "not_in_round", "不在本次评选的范围内")
	}
	var verdict []string
	if forOrg(in.Kind) {
		verdict = orgRule(who.org)
	} else {
		v, err := s.judgeMembers(ctx, tx, r, in.Kind, []MemberRef{who.member})
		if err != nil {
			return nominee{}, err
		}
		verdict = v[who.id]
	}
	var fe httpx.Fields
	for _, reason := range verdict {
		fe.Add(who.field, "ineligible", reason)
	}
	return who, fe.Err()
}

func (s *Service) findNominee(ctx context.Context, q db.Querier, in NominationIn) (nominee, error) {
	if forOrg(in.Kind) {
		o, err := s.dir.Org(ctx, q, in.OrgID)
		return nominee{id: o.ID, orgID: o.ID, path: o.Path, name: o.Name, field: "org_id", org: o}, err
	}
	m, err := s.dir.Member(ctx, q, in.MemberID)
	return nominee{id: m.ID, memberID: m.ID, orgID: m.OrgID, path: m.OrgPath, name: m.Name, field: "member_id", member: m}, err
}
