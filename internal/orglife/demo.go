package orglife

import (
	"context"
	"fmt"
	"time"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
)

// demoMeeting is one meeting of a demo branch's record.
type demoMeeting struct {
	kind                     Kind
	topic                    string
	starts                   time.Time
	content, decisions       string
	leaveReason, markReason  string
	recorderIndex, listIndex int
}

// demoOperator is the demo loader acting as a party worker of org: every
// rule and scope check of the API applies, and the history and audit log
// name the actor 演示数据.
func demoOperator(ctx context.Context, org OrgRef) context.Context {
	return authz.WithPrincipal(ctx, &authz.Principal{Username: demoActor, DisplayName: demoActor,
		Grants: []authz.Grant{{Role: authz.PartyWorker, OrgID: org.ID, OrgName: org.Name, OrgPath: org.Path}}})
}

const demoActor = "演示数据"

// LoadDemo gives each branch of orgIDs a record of organizational life
// through the paths a secretary uses: the meetings 支部条例 requires in
// every month before this one (this year's, and at least the last six) —
// 支委会 and 主题党日 monthly, 支部党员大会 and 党课 at each quarter's end,
// so the current month and quarter are still to be held — called without
// notices, attendance taken (a few on approved leave, one or two absent,
// the branch's habitual absentee missing the meetings of even months, so
// about two in five: a year card that proposes 基本合格), minutes
// written and finalized, which emits the meeting.* events points and the
// archive are built from. The last absence of each branch is then
// corrected to present, with its reason. A branch without a committee
// holds no 支委会.
func (s *Service) LoadDemo(ctx context.Context, orgIDs []string) error {
	plan := demoPlan(clock.Today(s.clk))
	for _, id := range orgIDs {
		org, err := s.dir.Org(ctx, id)
		if err != nil {
			return err
		}
		if err := s.demoBranch(demoOperator(ctx, org), org, plan); err != nil {
			return fmt.Errorf("orglife demo at %s: %w", org.Name, err)
		}
	}
	return nil
}

// demoBranch holds the plan's meetings at org and corrects its last absence.
func (s *Service) demoBranch(ctx context.Context, org OrgRef, plan []demoMeeting) error {
	committee, err := s.dir.Committee(ctx, org.ID)
	if err != nil {
		return err
	}
	var lastMeeting, lastAbsent string
	for j, dm := range plan {
		if dm.kind == KindCommittee && len(committee) == 0 {
			continue
		}
		dm.listIndex = j
		id, absent, err := s.demoHold(ctx, org, dm, committee)
		if err != nil {
			return fmt.Errorf("%s %s: %w", dm.kind.Label(), dm.starts.Format(clock.DateLayout), err)
		}
		if absent != "" {
			lastMeeting, lastAbsent = id, absent
		}
	}
	if lastAbsent == "" {
		return nil
	}
	return s.Correct(ctx, lastMeeting, CorrectionDraft{Field: "attendance", MemberID: lastAbsent, Value: StatusPresent,
		Reason: "经核实，该同志当日按时到会，签到簿漏记，予以更正"})
}

// demoHold calls, attends, minutes and finalizes one meeting; it returns
// the meeting and one of its absentees ("" when everyone came or had leave).
func (s *Service) demoHold(ctx context.Context, org OrgRef, dm demoMeeting, committee []Person) (string, string, error) {
	quiet := false
	m, err := s.Create(ctx, Draft{OrgID: org.ID, Kind: string(dm.kind), Topic: dm.topic,
		StartsAt: dm.starts.Format(time.RFC3339), Place: "党员活动室", Notify: &quiet})
	if err != nil {
		return "", "", err
	}
	list, err := attendees(ctx, s.db, m.ID)
	if err != nil {
		return "", "", err
	}
	present, absent, err := s.demoAttendance(ctx, m.ID, dm, list, habitualAbsentee(list, committee))
	if err != nil {
		return "", "", err
	}
	if len(present) > 0 {
		if err := s.MarkAttendance(ctx, m.ID, Mark{MemberIDs: present, Status: StatusPresent, Reason: dm.markReason}); err != nil {
			return "", "", err
		}
	}
	minutes := MinutesDraft{Recorder: demoRecorder(committee, dm.recorderIndex), Content: dm.content, Decisions: dm.decisions}
	if err := s.SaveMinutes(ctx, m.ID, minutes); err != nil {
		return "", "", err
	}
	if err := s.Finalize(ctx, m.ID); err != nil {
		return "", "", err
	}
	if len(absent) == 0 {
		return m.ID, "", nil
	}
	return m.ID, absent[0], nil
}

// demoAttendance has those on leave ask for it and the secretary approve
// it, and sorts the rest into present and absent.
func (s *Service) demoAttendance(ctx context.Context, meetingID string, dm demoMeeting, list []attendee,
	habitual string) (present, absent []string, err error) {
	for i, a := range list {
		switch demoStatus(i, dm.listIndex, a.MemberID == habitual && dm.starts.Month()%2 == 0) {
		case StatusLeave:
			if err := s.Answer(ctx, meetingID, a.MemberID, AnswerLeave, dm.leaveReason); err != nil {
				return nil, nil, err
			}
			if err := s.DecideLeave(ctx, meetingID, a.MemberID, true, ""); err != nil {
				return nil, nil, err
			}
		case StatusAbsent:
			absent = append(absent, a.MemberID)
		default:
			present = append(present, a.MemberID)
		}
	}
	return present, absent, nil
}

// demoStatus is how the i-th person listed attended the j-th meeting of
// the plan: about one in twenty-three asks for leave and as many stay away
// (at most one of each per meeting of up to 23 people, since 7 is
// invertible modulo 23); skips is the habitual absentee at a meeting of an
// even month.
func demoStatus(i, j int, skips bool) string {
	switch r := (i*7 + j*11) % 23; {
	case r == 0:
		return StatusLeave
	case r == 5 || skips:
		return StatusAbsent
	}
	return StatusPresent
}

// habitualAbsentee is the last person listed who holds no committee post
// ("" when there is none).
func habitualAbsentee(list []attendee, committee []Person) string {
	officer := map[string]bool{}
	for _, p := range committee {
		officer[p.ID] = true
	}
	for i := len(list) - 1; i >= 0; i-- {
		if !officer[list[i].MemberID] {
			return list[i].MemberID
		}
	}
	return ""
}

// demoRecorder is the committee member who takes the minutes.
func demoRecorder(committee []Person, i int) string {
	if len(committee) == 0 {
		return ""
	}
	return committee[i%len(committee)].Name
}

// demoThemes are the 主题党日 themes by month.
var demoThemes = [12]string{
	"重温入党誓词，坚定理想信念", "学习贯彻中央一号文件精神", "学习全国两会精神", "清明祭英烈，传承红色基因",
	"弘扬劳动精神，志愿服务进社区", "学党章守党规，开展警示教育", "庆祝建党节，重温入党初心", "学习英模事迹，弘扬拥军传统",
	"厉行节约反对浪费，弘扬优良作风", "庆祝新中国成立，弘扬爱国主义精神", "学习贯彻上级全会精神", "学习宪法，增强法治观念",
}

// demoLectures are the 党课 titles by quarter.
var demoLectures = [4]string{
	"坚定理想信念，筑牢思想根基", "弘扬伟大建党精神，走好新的赶考之路", "严守纪律规矩，永葆清正廉洁", "立足岗位作贡献，争当先锋模范",
}

// demoAgenda is what each month's 支委会 studies besides the usual reports.
var demoAgenda = []string{
	"本月主题党日活动安排", "党员教育培训计划", "党费收缴情况", "入党积极分子培养考察工作",
	"党员联系服务群众工作", "支部标准化规范化建设",
}

var demoLeaveReasons = []string{"因公出差", "参加上级业务培训", "病假", "家中老人住院陪护"}

// demoPlan is the record's meetings, oldest first: every month from the
// earlier of January and six months ago up to the month before today's.
func demoPlan(today time.Time) []demoMeeting {
	this := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	from := clock.AddMonths(this, -6)
	if jan := time.Date(today.Year(), time.January, 1, 0, 0, 0, 0, time.UTC); jan.Before(from) {
		from = jan
	}
	var out []demoMeeting
	for mo := from; mo.Before(this); mo = clock.AddMonths(mo, 1) {
		out = append(out, demoMonth(mo.Year(), mo.Month(), len(out))...)
	}
	return out
}

// demoMonth is one month's meetings; n is how many came before, to vary
// the agenda and the reasons for leave.
func demoMonth(y int, m time.Month, n int) []demoMeeting {
	leave, mark := demoLeaveReasons[n%len(demoLeaveReasons)], "根据会议签到簿录入"
	out := []demoMeeting{
		{kind: KindCommittee, topic: fmt.Sprintf("%d月支委会", m), starts: demoWorkday(y, m, 5, 9, 0),
			content:   "传达学习上级党组织近期文件精神；通报上月支部工作开展情况；研究" + demoAgenda[n%len(demoAgenda)] + "。",
			decisions: "同意本月支部工作安排，由各支委按分工抓好落实。", recorderIndex: 1},
		{kind: KindThemeDay, topic: demoThemes[m-1], starts: demoWorkday(y, m, 15, 14, 30),
			content: "全体党员围绕“" + demoThemes[m-1] + "”开展主题党日活动：集中学习有关文件和讲话精神，党员代表交流发言，重温入党誓词。"},
	}
	if m%3 == 0 {
		q, lecture := quarterNames[quarter(m)-1], demoLectures[quarter(m)-1]
		out = append(out,
			demoMeeting{kind: KindMemberAssembly, topic: q + "支部党员大会", starts: demoWorkday(y, m, 20, 9, 0),
				content:   "通报" + q + "支部工作和党费收缴情况，传达上级党组织有关会议精神，党员讨论支部下季度工作安排。",
				decisions: "通过" + q + "支部工作小结和下季度工作计划。", recorderIndex: 1},
			demoMeeting{kind: KindLecture, topic: lecture, starts: demoWorkday(y, m, 24, 14, 30),
				content: "支部书记以“" + lecture + "”为题讲授党课，结合本单位工作实际谈认识和体会，党员交流学习心得。"})
	}
	for i := range out {
		out[i].leaveReason, out[i].markReason = leave, mark
	}
	return out
}

// demoWorkday is hour:minute in Shanghai on day of the month, moved on to
// Monday when it falls on a weekend.
func demoWorkday(y int, m time.Month, day, hour, minute int) time.Time {
	t := time.Date(y, m, day, hour, minute, 0, 0, clock.Shanghai)
	for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		t = t.AddDate(0, 0, 1)
	}
	return t
}
