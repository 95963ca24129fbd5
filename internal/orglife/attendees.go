package orglife

import (
	"context"
	"strconv"

	"dangjian/internal/platform/db"
	"dangjian/internal/voting"
)

// Attendee roles: why someone is on a meeting's list.
const (
	RoleMember    = "member"    // a member of the branch (党员大会, 党课, 主题党日, 组织生活会)
	RoleCommittee = "committee" // a committee member (支委会)
	RoleGroup     = "group"     // a member of the party group (党小组会)
	RoleCadre     = "cadre"     // a leading cadre attending as a member (双重组织生活)
	RoleGuest     = "guest"     // invited, not expected
)

var roleLabels = map[string]string{RoleMember: "党员", RoleCommittee: "支委委员", RoleGroup: "党小组成员",
	RoleCadre: "领导干部（双重组织生活）", RoleGuest: "列席人员"}

// Attendance statuses and check-in methods.
const (
	StatusAbsent  = "absent"
	StatusPresent = "present"
	StatusRemote  = "remote" // joined online; counts as present
	StatusLeave   = "leave"  // approved leave

	MethodQR          = "qr"
	MethodQRConfirmed = "qr_confirmed" // QR without location, confirmed by the secretary
	MethodManual      = "manual"
	MethodRemote      = "remote"
)

var statusLabels = map[string]string{StatusAbsent: "未到", StatusPresent: "到会", StatusRemote: "线上参会", StatusLeave: "请假"}

// attendee is one person on a meeting's list (a stored row).
type attendee struct {
	MeetingID, MemberID, Name, Role, Note string
	HasVote                               bool
	VoteNote                              string
	ShouldAttend                          bool
	ExcludedReason                        string
	Answer, LeaveReason, LeaveState       string
	Status, Method                        string
	CheckedInAt                           int64
	DistanceM                             int // -1: none recorded
	Geo                                   string
	NeedsConfirmation                     bool
	ManualReason                          string
}

// present reports whether the attendee counts as at the meeting.
func (a attendee) present() bool { return a.Status == StatusPresent || a.Status == StatusRemote }

// expected lists who a new meeting expects, from its kind, plus cadres and guests.
func (s *Service) expected(ctx context.Context, m meeting, d Draft) ([]attendee, error) {
	people, role, err := s.core(ctx, m)
	if err != nil {
		return nil, err
	}
	out := make([]attendee, 0, len(people))
	seen := map[string]bool{}
	for _, p := range people {
		out = append(out, newAttendee(p, role))
		seen[p.ID] = true
	}
	cadres, err := s.dir.People(ctx, d.CadreIDs)
	if err != nil {
		return nil, err
	}
	for _, p := range cadres {
		if !seen[p.ID] {
			out, seen[p.ID] = append(out, newCadre(p)), true
		}
	}
	for i, g := range d.Guests {
		if g.Name != "" && i < maxGuests {
			out = append(out, attendee{MemberID: "guest:" + strconv.Itoa(i+1), Name: g.Name, Note: g.Note,
				Role: RoleGuest, VoteNote: "列席，无表决权", Answer: "none", Status: StatusAbsent, DistanceM: -1})
		}
	}
	return out, nil
}

// core is the people a meeting of m's kind is for.
func (s *Service) core(ctx context.Context, m meeting) ([]Person, string, error) {
	switch Kind(m.Kind) {
	case KindCommittee:
		p, err := s.dir.Committee(ctx, m.OrgID)
		return p, RoleCommittee, err
	case KindGroup:
		ids, err := groupMemberIDs(ctx, s.db, m.GroupID)
		if err != nil {
			return nil, "", err
		}
		p, err := s.dir.People(ctx, ids)
		return p, RoleGroup, err
	}
	p, err := s.dir.BranchMembers(ctx, m.OrgID)
	return p, RoleMember, err
}

func newAttendee(p Person, role string) attendee {
	has, note := voting.HasVote(p.Status, p.PartyProbation)
	return attendee{MemberID: p.ID, Name: p.Name, Role: role, HasVote: has, VoteNote: note, ShouldAttend: true,
		Answer: "none", Status: StatusAbsent, DistanceM: -1}
}

// newCadre lists a leading cadre attending as an ordinary member (双重组织生活):
// welcome and recorded, but neither a voter of this branch nor counted in
// its 应到 (they are expected in their own branch).
func newCadre(p Person) attendee {
	a := newAttendee(p, RoleCadre)
	a.HasVote, a.ShouldAttend, a.VoteNote = false, false, "以普通党员身份参加，不参加本支部表决，不计入应到人数"
	return a
}

const attendeeColumns = `meeting_id, member_id, name, role, note, has_vote, vote_note, should_attend, excluded_reason,
	answer, leave_reason, leave_state, status, method, checked_in_at, distance_m, geo, needs_confirmation, manual_reason`

// insertAttendees writes the list, numbered from base, with multi-row
// inserts (a large meeting may expect thousands).
func insertAttendees(ctx context.Context, tx *db.Tx, meetingID string, list []attendee, base int) error {
	const perRow, chunk = 20, 500
	for start := 0; start < len(list); start += chunk {
		part := list[start:min(start+chunk, len(list))]
		args := make([]any, 0, len(part)*perRow)
		for i, a := range part {
			args = append(args, meetingID, a.MemberID, a.Name, a.Role, a.Note, boolInt(a.HasVote), a.VoteNote,
				boolInt(a.ShouldAttend), a.ExcludedReason, a.Answer, a.LeaveReason, a.LeaveState, a.Status, a.Method,
				a.CheckedInAt, a.DistanceM, a.Geo, boolInt(a.NeedsConfirmation), a.ManualReason, base+start+i)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO meeting_attendees ("+attendeeColumns+", position) VALUES "+
			db.Rows(len(part), perRow), args...); err != nil {
			return err
		}
	}
	return nil
}

// dest is where a scan of attendeeColumns goes; done converts the flags.
func (a *attendee) dest() (dest []any, done func()) {
	var vote, should, confirm int
	return []any{&a.MeetingID, &a.MemberID, &a.Name, &a.Role, &a.Note, &vote, &a.VoteNote, &should,
			&a.ExcludedReason, &a.Answer, &a.LeaveReason, &a.LeaveState, &a.Status, &a.Method, &a.CheckedInAt,
			&a.DistanceM, &a.Geo, &confirm, &a.ManualReason},
		func() { a.HasVote, a.ShouldAttend, a.NeedsConfirmation = vote == 1, should == 1, confirm == 1 }
}

func scanAttendee(sc interface{ Scan(...any) error }) (attendee, error) {
	var a attendee
	dest, done := a.dest()
	err := sc.Scan(dest...)
	done()
	return a, err
}

// attendees lists a meeting's people in the order they were listed.
func attendees(ctx context.Context, q db.Querier, meetingID string) ([]attendee, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+attendeeColumns+" FROM meeting_attendees WHERE meeting_id = ? ORDER BY position",
		meetingID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []attendee
	for rows.Next() {
		a, err := scanAttendee(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// attendeeOf loads one person of a meeting (db.ErrNoRows when not listed).
func attendeeOf(ctx context.Context, q db.Querier, meetingID, memberID string) (attendee, error) {
	return scanAttendee(q.QueryRowContext(ctx, "SELECT "+attendeeColumns+
		" FROM meeting_attendees WHERE meeting_id = ? AND member_id = ?", meetingID, memberID))
}

// Summary counts a meeting's attendance.
type Summary struct {
	Expected            int `json:"expected"`
	VotersExpected      int `json:"voters_expected"`
	Present             int `json:"present"`
	VotersPresent       int `json:"voters_present"`
	Remote              int `json:"remote"`
	Leave               int `json:"leave"`
	Absent              int `json:"absent"`
	PendingLeave        int `json:"pending_leave"`
	PendingConfirmation int `json:"pending_confirmation"`
}

func summarize(list []attendee) Summary {
	var s Summary
	for _, a := range list {
		if a.Role == RoleGuest {
			continue
		}
		s.PendingLeave += boolInt(a.LeaveState == leavePending)
		s.PendingConfirmation += boolInt(a.NeedsConfirmation)
		s.Remote += boolInt(a.Status == StatusRemote)
		if a.present() {
			s.Present++
			s.VotersPresent += boolInt(a.HasVote)
		}
		if !a.ShouldAttend {
			continue
		}
		s.Expected++
		s.VotersExpected += boolInt(a.HasVote)
		s.Leave += boolInt(a.Status == StatusLeave)
		s.Absent += boolInt(a.Status == StatusAbsent)
	}
	return s
}

// voters is the list as the vote rules see it.
func voters(list []attendee) []voting.Voter {
	out := make([]voting.Voter, 0, len(list))
	for _, a := range list {
		if a.Role != RoleGuest {
			out = append(out, voting.Voter{MemberID: a.MemberID, HasVote: a.HasVote, ShouldAttend: a.ShouldAttend, Present: a.present()})
		}
	}
	return out
}

// groupMemberIDs is a party group's roster.
func groupMemberIDs(ctx context.Context, q db.Querier, groupID string) ([]string, error) {
	return db.StringColumn(ctx, q, "SELECT member_id FROM orglife_group_members WHERE group_id = ? ORDER BY member_id", groupID)
}
