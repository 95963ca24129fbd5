package elections

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/voting"
)

// OfficersIn is what the first meeting of the new committee decides: its
// secretary and deputy, and the other members' roles (organization,
// publicity, discipline, committee_member; deputy_secretary for a second
// deputy of a 党委). Elected members given no role are committee members.
type OfficersIn struct {
	SecretaryID string            `json:"secretary_id"`
	DeputyID    string            `json:"deputy_id"`
	Roles       map[string]string `json:"roles"`
}

// singleRoles are held by one committee member each.
var singleRoles = []string{"organization", "publicity", "discipline"}

// setOfficers records the committee's choice of officers among its elected
// members; the secretary and deputy then wait for the upper organization's
// approval.
func (s *Service) setOfficers(ctx context.Context, id string, in OfficersIn) (Election, error) {
	return s.mutate(ctx, id, func(tx *db.Tx, e Election) error {
		if e.Plan.SeatsCommittee == 0 {
			return httpx.Conflict("no_committee", "不设委员会的支部，书记、副书记由党员大会直接选举产生")
		}
		if err := need(e, "确定书记、副书记", stateVoting, stateOfficersPending); err != nil {
			return err
		}
		if !filled(e.Posts) {
			return httpx.Conflict("not_elected", "委员尚未选足，不能确定书记、副书记")
		}
		if e.Officers != nil && e.Officers.Approved {
			return httpx.Conflict("officers_approved", "上级党组织已批准书记、副书记，不能再修改")
		}
		titles, err := officerTitles(e, in)
		if err != nil {
			return err
		}
		if err := s.storeOfficers(ctx, tx, e, titles); err != nil {
			return err
		}
		return s.change(ctx, tx, e, stateOfficersPending, "officers", "", "officers_approved_on = ''")
	})
}

// officerTitles checks in against the elected committee and gives every
// elected member their title.
func officerTitles(e Election, in OfficersIn) (map[string]string, error) {
	elected := e.elected(voting.PostCommittee)
	var fe httpx.Fields
	if !slices.Contains(elected, in.SecretaryID) {
		fe.Add("secretary_id", "invalid", "书记须从当选的委员中产生")
	}
	if in.DeputyID != "" && (!slices.Contains(elected, in.DeputyID) || in.DeputyID == in.SecretaryID) {
		fe.Add("deputy_id", "invalid", "副书记须从当选的委员中产生，且不能由书记兼任")
	}
	titles := map[string]string{}
	for _, m := range elected {
		titles[m] = titleMember
	}
	for m, role := range in.Roles {
		if _, ok := titles[m]; !ok || m == in.SecretaryID || m == in.DeputyID {
			fe.Add("roles", "invalid", "分工只能安排给书记、副书记以外的当选委员")
			continue
		}
		if _, ok := titleLabels[role]; !ok || role == titleSecretary {
			fe.Add("roles", "invalid", "委员分工应为组织委员、宣传委员、纪检委员或委员")
			continue
		}
		titles[m] = role
	}
	titles[in.SecretaryID] = titleSecretary
	if in.DeputyID != "" {
		titles[in.DeputyID] = titleDeputy
	}
	held := map[string]int{}
	for _, t := range titles {
		held[t]++
	}
	for _, r := range singleRoles {
		if held[r] > 1 {
			fe.Add("roles", "duplicate", titleLabels[r]+"只能安排 1 名")
		}
	}
	if n := e.Plan.SeatsDeputy; held[titleDeputy] != n && len(fe) == 0 {
		msg := fmt.Sprintf("换届方案设副书记 %d 名，请确定 %d 名副书记", n, n)
		if n == 0 {
			msg = "换届方案不设副书记"
		}
		fe.Add("deputy_id", "invalid", msg)
	}
	return titles, fe.Err()
}

// storeOfficers replaces the election's officers with titles (member → title).
func (s *Service) storeOfficers(ctx context.Context, tx *db.Tx, e Election, titles map[string]string) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM election_officers WHERE election_id = ?", e.ID); err != nil {
		return err
	}
	for m, title := range titles {
		if _, err := tx.ExecContext(ctx, `INSERT INTO election_officers (election_id, member_id, member_name, title)
			VALUES (?, ?, ?, ?)`, e.ID, m, e.candidateName(m), title); err != nil {
			return err
		}
	}
	return nil
}

// approveOfficers is the upper organization's approval of the secretary and
// deputy (committee members are reported for the record).
func (s *Service) approveOfficers(ctx context.Context, id, note string) (Election, error) {
	return s.mutate(ctx, id, func(tx *db.Tx, e Election) error {
		if err := need(e, "批准书记、副书记", stateOfficersPending); err != nil {
			return err
		}
		if e.Officers != nil && e.Officers.Approved {
			return httpx.Conflict("officers_approved", "书记、副书记已经批准")
		}
		return s.change(ctx, tx, e, stateOfficersPending, "officers_approved", authz.UpperNote(e.orgPath, strings.TrimSpace(note)),
			"officers_approved_on = ?", s.today())
	})
}
