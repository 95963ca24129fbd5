package elections

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/voting"
)

// CandidateIn is one candidate as the org names them.
type CandidateIn struct {
	MemberID string `json:"member_id"`
	Post     string `json:"post"`
}

// maxCandidates bounds a list (a committee of 11 needs 14).
const maxCandidates = 60

// setCandidates replaces the candidate list, before the voting begins.
// Only full members of the org's subtree stand (选举条例), and committee
// candidates exceed the seats by at least 20%.
func (s *Service) setCandidates(ctx context.Context, id string, list []CandidateIn) (Election, error) {
	if len(list) > maxCandidates {
		return Election{}, fieldErr("candidates", "too_many", fmt.Sprintf("候选人不超过 %d 名", maxCandidates))
	}
	return s.mutate(ctx, id, func(tx *db.Tx, e Election) error {
		if err := need(e, "确定候选人", stateDraft, stateApproved); err != nil {
			return err
		}
		org, err := s.dir.Org(ctx, tx, e.OrgID)
		if err != nil {
			return err
		}
		names, err := s.checkCandidates(ctx, tx, e.Plan, org, list)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM election_candidates WHERE election_id = ?", e.ID); err != nil {
			return err
		}
		for i, c := range list {
			if _, err := tx.ExecContext(ctx, `INSERT INTO election_candidates (election_id, member_id, member_name, post, seq)
				VALUES (?, ?, ?, ?, ?)`, e.ID, c.MemberID, names[c.MemberID], c.Post, i); err != nil {
				return err
			}
		}
		now, err := s.advance(ctx, tx, e, e.State, "")
		if err != nil {
			return err
		}
		return s.logged(ctx, tx, now, e, e.State, "candidates", fmt.Sprintf("候选人 %d 名", len(list)),
			map[string]any{"candidates": list})
	})
}

// stalePosts are the posts whose candidates (list, in order) the plan p no
// longer admits: a post it does not elect, or one whose seats changed so
// that the candidates no longer suffice (差额 for committee members).
func stalePosts(p Plan, list []Candidate) []string {
	seats, count := map[string]int{}, map[string]int{}
	for _, st := range p.posts() {
		seats[st.Post] = st.Seats
	}
	var posts []string
	for _, c := range list {
		if count[c.Post] == 0 {
			posts = append(posts, c.Post)
		}
		count[c.Post]++
	}
	return slices.DeleteFunc(posts, func(post string) bool {
		n, ok := seats[post]
		enough, _ := voting.CandidatesEnough(post, n, count[post])
		return ok && enough
	})
}

// checkCandidates validates list against the plan's posts and the members
// of org's subtree, returning the members' names.
func (s *Service) checkCandidates(ctx context.Context, q db.Querier, p Plan, org OrgRef, list []CandidateIn) (map[string]string, error) {
	var fe httpx.Fields
	names := map[string]string{}
	count := map[string]int{}
	seats := map[string]int{}
	for _, st := range p.posts() {
		seats[st.Post] = st.Seats
	}
	for i, c := range list {
		row := "candidates[" + strconv.Itoa(i) + "]"
		if _, ok := seats[c.Post]; !ok {
			fe.Add(row+".post", "invalid", "第 "+strconv.Itoa(i+1)+" 名：本次选举不选举该职务")
			continue
		}
		if _, dup := names[c.MemberID]; dup {
			fe.Add(row+".member_id", "duplicate", "第 "+strconv.Itoa(i+1)+" 名：同一党员只能列为一次候选人")
			continue
		}
		m, msg, err := s.eligible(ctx, q, org, c.MemberID)
		if err != nil {
			return nil, err
		}
		if msg != "" {
			fe.Add(row+".member_id", "not_eligible", "第 "+strconv.Itoa(i+1)+" 名："+msg)
			continue
		}
		names[c.MemberID] = m.Name
		count[c.Post]++
	}
	if len(fe) == 0 {
		for _, st := range p.posts() {
			if ok, msg := voting.CandidatesEnough(st.Post, st.Seats, count[st.Post]); !ok {
				fe.Add("candidates", "too_few", postLabels[st.Post]+"："+msg)
			}
		}
	}
	return names, fe.Err()
}

// eligible finds a member who may stand: a full, active member of org's
// subtree. A member unknown or outside the subtree gets the same answer,
// revealing nothing.
func (s *Service) eligible(ctx context.Context, q db.Querier, org OrgRef, id string) (MemberRef, string, error) {
	m, err := s.dir.Member(ctx, q, id)
	switch {
	case db.IsNoRows(err) || (err == nil && (!m.Active || !inSubtree(m.OrgPath, org.Path))):
		return MemberRef{}, "候选人须为本组织的党员", nil
	case err != nil:
		return MemberRef{}, "", err
	}
	switch m.Status {
	case "full":
		return m, "", nil
	case "probationary":
		return MemberRef{}, "预备党员没有表决权、选举权和被选举权（" + ruleCharter + "第七条）", nil
	}
	return MemberRef{}, "只有正式党员可以作为候选人（" + ruleElection + "）", nil
}
