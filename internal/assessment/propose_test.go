package assessment

import (
	"slices"
	"testing"
)

// defaults are the rules as shipped.
var defaults = rules{ExcellentAttendance: 90, ExcellentPoints: 20, BasicAttendance: 60, BasicArrears: 1}

func TestPropose(t *testing.T) {
	needsAppraisal := defaults
	needsAppraisal.ExcellentNeedsAppraisal = true
	twoArrears := defaults
	twoArrears.BasicArrears = 2
	noArrearsRule := defaults
	noArrearsRule.BasicArrears = 0
	for _, c := range []struct {
		name    string
		f       facts
		r       rules
		grade   string
		reasons []string
	}{
		{"exactly 90% and exactly the points: 优秀", facts{Expected: 10, Attended: 9, Points: 20}, defaults,
			gradeExcellent, []string{"出席率 90%（≥90%）", "积分 20（≥20）"}},
		{"89.9% misses 优秀", facts{Expected: 1000, Attended: 899, Points: 30}, defaults,
			gradeQualified, []string{"出席率 89.9%（未达 90%）", "积分 30（≥20）"}},
		{"one point short of 优秀", facts{Expected: 4, Attended: 4, Points: 19}, defaults,
			gradeQualified, []string{"出席率 100%（≥90%）", "积分 19（未达 20）"}},
		{"exactly 60% is not 基本合格", facts{Expected: 10, Attended: 6, Points: 5}, defaults,
			gradeQualified, []string{"出席率 60%（未达 90%）", "积分 5（未达 20）"}},
		{"59.9% is 基本合格", facts{Expected: 1000, Attended: 599, Points: 50}, defaults,
			gradeBasic, []string{"出席率 59.9%（低于 60%）"}},
		{"one arrears warning caps at 基本合格", facts{Expected: 10, Attended: 10, Points: 50, Arrears: 1}, defaults,
			gradeBasic, []string{"欠缴党费提醒 1 次（达到 1 次）"}},
		{"one warning under a rule of two", facts{Expected: 10, Attended: 10, Points: 50, Arrears: 1}, twoArrears,
			gradeExcellent, []string{"出席率 100%（≥90%）", "积分 50（≥20）"}},
		{"two warnings under a rule of two", facts{Expected: 10, Attended: 10, Points: 50, Arrears: 2}, twoArrears,
			gradeBasic, []string{"欠缴党费提醒 2 次（达到 2 次）"}},
		{"arrears not considered", facts{Expected: 10, Attended: 10, Points: 50, Arrears: 6}, noArrearsRule,
			gradeExcellent, []string{"出席率 100%（≥90%）", "积分 50（≥20）"}},
		{"民主评议 不合格 dominates", facts{Expected: 10, Attended: 10, Points: 99, Appraisal: gradeUnqualified}, defaults,
			gradeUnqualified, []string{"民主评议为不合格"}},
		{"不合格 dominates arrears and absence", facts{Expected: 10, Attended: 1, Arrears: 3, Appraisal: gradeUnqualified},
			defaults, gradeUnqualified, []string{"民主评议为不合格"}},
		{"不合格 without meetings", facts{Appraisal: gradeUnqualified}, defaults,
			gradeUnqualified, []string{"民主评议为不合格"}},
		{"民主评议 基本合格", facts{Expected: 10, Attended: 10, Points: 50, Appraisal: gradeBasic}, defaults,
			gradeBasic, []string{"民主评议为基本合格"}},
		{"every 基本合格 reason listed", facts{Expected: 2, Attended: 1, Arrears: 1, Appraisal: gradeBasic}, defaults,
			gradeBasic, []string{"民主评议为基本合格", "出席率 50%（低于 60%）", "欠缴党费提醒 1 次（达到 1 次）"}},
		{"no expected meetings: 合格 at best", facts{Points: 100, Appraisal: gradeExcellent}, defaults,
			gradeQualified, []string{"本年度无应参加会议记录"}},
		{"no expected meetings but arrears", facts{Arrears: 1}, defaults,
			gradeBasic, []string{"欠缴党费提醒 1 次（达到 1 次）"}},
		{"no meeting attended of some", facts{Expected: 3, Points: 40}, defaults,
			gradeBasic, []string{"出席率 0%（低于 60%）"}},
		{"优秀 needs 民主评议 优秀: met", facts{Expected: 10, Attended: 10, Points: 20, Appraisal: gradeExcellent},
			needsAppraisal, gradeExcellent, []string{"出席率 100%（≥90%）", "积分 20（≥20）", "民主评议为优秀"}},
		{"优秀 needs 民主评议 优秀: 合格", facts{Expected: 10, Attended: 10, Points: 20, Appraisal: gradeQualified},
			needsAppraisal, gradeQualified,
			[]string{"出席率 100%（≥90%）", "积分 20（≥20）", "民主评议为合格（评为优秀须民主评议为优秀）"}},
		{"优秀 needs 民主评议 优秀: none recorded", facts{Expected: 10, Attended: 10, Points: 20}, needsAppraisal,
			gradeQualified, []string{"出席率 100%（≥90%）", "积分 20（≥20）", "未记录民主评议等次（评为优秀须民主评议为优秀）"}},
		{"民主评议 合格 is no bar under any", facts{Expected: 10, Attended: 10, Points: 20, Appraisal: gradeQualified},
			defaults, gradeExcellent, []string{"出席率 100%（≥90%）", "积分 20（≥20）"}},
		{"2 of 3 shows 66.6%, rounded down", facts{Expected: 3, Attended: 2, Points: 20}, defaults,
			gradeQualified, []string{"出席率 66.6%（未达 90%）", "积分 20（≥20）"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := propose(c.f, c.r)
			if got.Grade != c.grade || !slices.Equal(got.Reasons, c.reasons) {
				t.Errorf("propose(%+v) = %s %q, want %s %q", c.f, got.Grade, got.Reasons, c.grade, c.reasons)
			}
		})
	}
}

func TestPercentText(t *testing.T) {
	for _, c := range []struct {
		attended, expected int
		want               string
	}{{1, 1, "100%"}, {0, 5, "0%"}, {2, 3, "66.6%"}, {899, 1000, "89.9%"}, {8999, 10000, "89.9%"}, {9, 10, "90%"}} {
		if got := percentText(c.attended, c.expected); got != c.want {
			t.Errorf("percentText(%d, %d) = %q, want %q", c.attended, c.expected, got, c.want)
		}
	}
}
