package members

import (
	"context"
	"time"

	"dangjian/internal/orgs"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
)

// Create registers a member in the org orgID (perm MemberWrite there).
// Gender and birth date left empty are taken from the ID number.
func (s *Service) Create(ctx context.Context, orgID string, d Details) (Member, error) {
	d.normalize()
	d.fillFromID()
	now, today := s.clk.Now(), clock.Today(s.clk)
	var r record
	var org orgs.Org
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if org, err = s.placeNew(ctx, tx, orgID, d, today); err != nil {
			return err
		}
		r = record{ID: ids.At(now), OrgID: org.ID, OrgPath: org.Path, State: StateActive,
			CreatedAt: now.UnixMilli(), UpdatedAt: now.UnixMilli(), Version: 1}
		if err := s.seal(d, &r); err != nil {
			return err
		}
		if taken, err := idNumberTaken(ctx, tx, r.IDIndex, ""); err != nil || taken {
			return orConflict(err, errDuplicateID)
		}
		if err := insertRecords(ctx, tx, []record{r}); err != nil {
			return uniqueAsDuplicate(err)
		}
		d := deltas{}
		d.member(r.OrgPath, r.Status, +1)
		if err := d.apply(ctx, tx); err != nil {
			return err
		}
		return s.record(ctx, tx, now, change{action: "member.create", events: []string{"member.created"}, after: r,
			hist: []event{s.newEvent(ctx, now, r.ID, kindCreated, "", "登记党员档案，编入「"+org.Name+"」", "")}})
	})
	if err != nil {
		return Member{}, err
	}
	return r.view(org.Name, today), nil
}

// placeNew checks where a new member goes and what they are: a missing
// org_id is a field error beside the others; an unknown or out-of-scope
// org is 404 before anything is said about the fields.
func (s *Service) placeNew(ctx context.Context, q db.Querier, orgID string, d Details, today time.Time) (orgs.Org, error) {
	fe := validate(d, today)
	if orgID == "" {
		fe.Add("org_id", "required", "请选择所在党组织")
		return orgs.Org{}, fe.Err()
	}
	org, err := s.scopedOrg(ctx, q, orgID, authz.MemberWrite)
	if err != nil {
		return org, err
	}
	if msg := homeProblem(org); msg != "" {
		fe.Add("org_id", "invalid_org", msg)
	}
	return org, fe.Err()
}

// orConflict passes a query error through, or answers conflict.
func orConflict(err error, conflict *httpx.Error) error {
	if err != nil {
		return err
	}
	return conflict
}

// uniqueAsDuplicate turns a unique violation (two requests registering the
// same ID number at once) into the duplicate answer.
func uniqueAsDuplicate(err error) error {
	if db.IsUniqueViolation(err) {
		return errDuplicateID
	}
	return err
}

// Get returns a member the caller may read (404 otherwise).
func (s *Service) Get(ctx context.Context, id string) (Member, error) {
	r, err := s.visible(ctx, s.db, id, authz.MemberRead)
	if err != nil {
		return Member{}, err
	}
	return s.viewOne(ctx, s.db, r)
}

// viewOne renders one record with its org's name.
func (s *Service) viewOne(ctx context.Context, q db.Querier, r record) (Member, error) {
	list, err := s.views(ctx, q, []record{r})
	if err != nil {
		return Member{}, err
	}
	return list[0], nil
}

// views renders records with their orgs' names (one lookup for all).
func (s *Service) views(ctx context.Context, q db.Querier, rs []record) ([]Member, error) {
	seen := map[string]bool{}
	var orgIDs []string
	for _, r := range rs {
		if !seen[r.OrgID] {
			seen[r.OrgID] = true
			orgIDs = append(orgIDs, r.OrgID)
		}
	}
	names := map[string]string{}
	if len(orgIDs) > 0 {
		var err error
		if names, err = s.orgs.Names(ctx, q, orgIDs); err != nil {
			return nil, err
		}
	}
	today := clock.Today(s.clk)
	out := make([]Member, len(rs))
	for i, r := range rs {
		out[i] = r.view(names[r.OrgID], today)
	}
	return out, nil
}
