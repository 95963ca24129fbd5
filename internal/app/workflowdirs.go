package app

import (
	"context"

	"dangjian/internal/development"
	"dangjian/internal/elections"
	"dangjian/internal/members"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/transfers"
)

// register is the orgs and members capabilities as the party-affairs
// workflows (发展党员, 组织关系转接, 换届) see them: lookups, and the trusted
// writes that run inside the workflow's own transaction.
type register struct {
	o *orgs.Service
	m *members.Service
}

func (r register) Names(ctx context.Context, q db.Querier, ids []string) (map[string]string, error) {
	return r.o.Names(ctx, q, ids)
}

// developmentDirectory adapts the register to internal/development.
type developmentDirectory struct{ register }

var _ development.Directory = developmentDirectory{}

func devOrg(o orgs.Org) development.OrgRef {
	return development.OrgRef{ID: o.ID, Name: o.Name, Path: o.Path, Kind: o.Kind, ParentID: o.ParentID,
		TermStart: o.TermStart, TermEnd: o.TermEnd, Active: o.Active()}
}

func devMember(c members.Card) development.MemberRef {
	return development.MemberRef{ID: c.ID, Name: c.Name, OrgID: c.OrgID, OrgPath: c.OrgPath, Status: c.Status,
		JoinedOn: c.JoinedOn, FullMemberOn: c.FullMemberOn, Active: c.Active}
}

func (x developmentDirectory) Org(ctx context.Context, q db.Querier, id string) (development.OrgRef, error) {
	o, err := x.o.Get(ctx, q, id)
	return devOrg(o), err
}

func (x developmentDirectory) Member(ctx context.Context, q db.Querier, id string) (development.MemberRef, error) {
	c, err := x.m.CardOf(ctx, q, id)
	return devMember(c), err
}

func (x developmentDirectory) Children(ctx context.Context, q db.Querier, id string) ([]development.OrgRef, error) {
	list, err := x.o.Children(ctx, q, id)
	out := make([]development.OrgRef, len(list))
	for i, o := range list {
		out[i] = devOrg(o)
	}
	return out, err
}

// applicantDetails is an applicant as the register records them.
func applicantDetails(p development.Person) members.Details {
	return members.Details{Name: p.Name, Gender: p.Gender, Ethnicity: p.Ethnicity, BirthDate: p.BirthDate,
		IDNumber: p.IDNumber, Phone: p.Phone, Education: p.Education, Category: p.Category}
}

func (x developmentDirectory) CheckPerson(p development.Person) httpx.Fields {
	return members.CheckCodes(applicantDetails(p))
}

func (x developmentDirectory) FullMembers(ctx context.Context, q db.Querier, orgID string) ([]development.MemberRef, error) {
	path, err := x.o.PathOf(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	list, err := x.m.FullMembersUnder(ctx, q, path)
	var out []development.MemberRef
	for _, c := range list {
		if c.OrgID == orgID {
			out = append(out, devMember(c))
		}
	}
	return out, err
}

func (x developmentDirectory) Admit(ctx context.Context, tx *db.Tx, orgID string, p development.Person, joinedOn string) (string, error) {
	d := applicantDetails(p)
	d.Status, d.JoinedOn = members.StatusProbationary, joinedOn
	return x.m.CreateIn(ctx, tx, orgID, d, "经支部大会讨论、上级党委批准，接收为预备党员")
}

func (x developmentDirectory) BecomeFull(ctx context.Context, tx *db.Tx, memberID, fullOn string) error {
	return x.m.BecomeFullIn(ctx, tx, memberID, fullOn)
}

func (x developmentDirectory) CancelProbation(ctx context.Context, tx *db.Tx, memberID, on, reason string) error {
	return x.m.EndIn(ctx, tx, memberID, members.Ending{Kind: members.EndProbationCancelled, On: on, Reason: reason})
}

func (x developmentDirectory) Note(ctx context.Context, tx *db.Tx, memberID, kind, on, detail string) error {
	return x.m.NoteIn(ctx, tx, memberID, kind, on, detail, "")
}

// transfersDirectory adapts the register to internal/transfers.
type transfersDirectory struct{ register }

var _ transfers.Directory = transfersDirectory{}

func (x transfersDirectory) Org(ctx context.Context, q db.Querier, id string) (transfers.OrgRef, error) {
	o, err := x.o.Get(ctx, q, id)
	return transfers.OrgRef{ID: o.ID, Name: o.Name, Path: o.Path, Kind: o.Kind, ParentID: o.ParentID, Active: o.Active()}, err
}

func (x transfersDirectory) Member(ctx context.Context, q db.Querier, id string) (transfers.MemberRef, error) {
	c, err := x.m.CardOf(ctx, q, id)
	return transfers.MemberRef{ID: c.ID, Name: c.Name, OrgID: c.OrgID, OrgPath: c.OrgPath, Status: c.Status,
		IDMasked: c.IDMasked, Active: c.Active}, err
}

func (x transfersDirectory) Relocate(ctx context.Context, tx *db.Tx, memberID, toOrgID, reason string) error {
	return x.m.RelocateIn(ctx, tx, memberID, toOrgID, reason)
}

func (x transfersDirectory) TransferOut(ctx context.Context, tx *db.Tx, memberID, on, detail string) error {
	return x.m.TransferOutIn(ctx, tx, memberID, on, detail)
}

func (x transfersDirectory) Register(ctx context.Context, tx *db.Tx, orgID string, p transfers.Person, note string) (string, error) {
	return x.m.ReceiveIn(ctx, tx, orgID, members.Details{Name: p.Name, Gender: p.Gender, Ethnicity: p.Ethnicity,
		BirthDate: p.BirthDate, IDNumber: p.IDNumber, Phone: p.Phone, Education: p.Education, Category: p.Category,
		Status: p.Status, JoinedOn: p.JoinedOn, FullMemberOn: p.FullMemberOn}, note)
}

func (x transfersDirectory) Note(ctx context.Context, tx *db.Tx, memberID, kind, on, detail, reason string) error {
	return x.m.NoteIn(ctx, tx, memberID, kind, on, detail, reason)
}

func (x transfersDirectory) FindBranches(ctx context.Context, q db.Querier, text string, limit int) ([]transfers.OrgRef, error) {
	list, err := x.o.FindBranches(ctx, q, text, limit)
	out := make([]transfers.OrgRef, len(list))
	for i, o := range list {
		out[i] = transfers.OrgRef{ID: o.ID, Name: o.Name, Path: o.Path, Kind: o.Kind, ParentID: o.ParentID, Active: o.Active()}
	}
	return out, err
}

// electionsDirectory adapts the register to internal/elections.
type electionsDirectory struct{ register }

var _ elections.Directory = electionsDirectory{}

func electionOrg(o orgs.Org) elections.OrgRef {
	return elections.OrgRef{ID: o.ID, Name: o.Name, Path: o.Path, Kind: o.Kind, ParentID: o.ParentID,
		UnitType: o.UnitType, TermStart: o.TermStart, TermEnd: o.TermEnd, Active: o.Active()}
}

func electionMember(c members.Card) elections.MemberRef {
	return elections.MemberRef{ID: c.ID, Name: c.Name, OrgID: c.OrgID, OrgPath: c.OrgPath, Status: c.Status,
		JoinedOn: c.JoinedOn, FullMemberOn: c.FullMemberOn, Active: c.Active}
}

func (x electionsDirectory) Org(ctx context.Context, q db.Querier, id string) (elections.OrgRef, error) {
	o, err := x.o.Get(ctx, q, id)
	return electionOrg(o), err
}

func (x electionsDirectory) Member(ctx context.Context, q db.Querier, id string) (elections.MemberRef, error) {
	c, err := x.m.CardOf(ctx, q, id)
	return electionMember(c), err
}

func (x electionsDirectory) FullMembersUnder(ctx context.Context, q db.Querier, path string) ([]elections.MemberRef, error) {
	list, err := x.m.FullMembersUnder(ctx, q, path)
	out := make([]elections.MemberRef, len(list))
	for i, c := range list {
		out[i] = electionMember(c)
	}
	return out, err
}

func (x electionsDirectory) FullMemberCount(ctx context.Context, q db.Querier, orgID string) (int, error) {
	counts, err := x.m.Counts(ctx, q, []string{orgID})
	return counts[orgID].Full, err
}

func (x electionsDirectory) OverdueTerms(ctx context.Context, q db.Querier, path, before string, after elections.TermCursor, limit int) ([]elections.OrgRef, error) {
	list, err := x.o.TermsEndingBefore(ctx, q, path, before, after.TermEnd, after.ID, limit)
	out := make([]elections.OrgRef, len(list))
	for i, o := range list {
		out[i] = electionOrg(o)
	}
	return out, err
}

func (x electionsDirectory) CountOverdue(ctx context.Context, q db.Querier, path, today string) (int, error) {
	return x.o.CountTermsEndingBefore(ctx, q, path, today)
}

func (x electionsDirectory) SetTerm(ctx context.Context, tx *db.Tx, orgID, start, end string) error {
	return x.o.SetTermIn(ctx, tx, orgID, start, end)
}

func (x electionsDirectory) ReplacePositions(ctx context.Context, tx *db.Tx, orgID, on string, posts []elections.Post) error {
	list := make([]orgs.Post, len(posts))
	for i, p := range posts {
		list[i] = orgs.Post{MemberID: p.MemberID, Title: p.Title}
	}
	return x.o.ReplacePositionsIn(ctx, tx, orgID, on, list)
}
