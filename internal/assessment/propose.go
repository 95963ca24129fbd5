package assessment

import (
	"fmt"
	"strconv"
)

// Grades (考核等次), the same codes and labels as the 民主评议 grades.
const (
	gradeExcellent   = "excellent"
	gradeQualified   = "qualified"
	gradeBasic       = "basically_qualified"
	gradeUnqualified = "unqualified"
)

var gradeLabels = map[string]string{gradeExcellent: "优秀", gradeQualified: "合格",
	gradeBasic: "基本合格", gradeUnqualified: "不合格"}

// facts are what the proposal looks at for one member and year.
type facts struct {
	Expected, Attended int    // meetings the member should have attended, and attended
	Points             int    // the year's points total
	Appraisal          string // the 民主评议 grade code, "" when none recorded
	Arrears            int    // dues arrears warnings (欠缴党费提醒) in the year
}

// rules are the grade-proposal thresholds as set for the branch.
type rules struct {
	ExcellentAttendance     int  // % of meetings attended for 优秀
	ExcellentPoints         int  // points for 优秀
	ExcellentNeedsAppraisal bool // 优秀 also needs 民主评议 优秀
	BasicAttendance         int  // attendance below this % → at most 基本合格
	BasicArrears            int  // this many arrears warnings → at most 基本合格 (0: not considered)
}

// proposal is the suggested grade with its reasons in Chinese.
type proposal struct {
	Grade   string
	Reasons []string
}

// propose suggests a grade: 民主评议 不合格 decides alone; a 民主评议 基本合格,
// attendance below the basic line or too many arrears warnings caps the
// grade at 基本合格; 优秀 needs every excellent condition; otherwise 合格.
// Attendance is compared in integers (attended·100 against threshold·
// expected) so that exactly 90% meets 90% and 89.9% does not.
func propose(f facts, r rules) proposal {
	if f.Appraisal == gradeUnqualified {
		return proposal{gradeUnqualified, []string{"民主评议为不合格"}}
	}
	if low := lowReasons(f, r); len(low) > 0 {
		return proposal{gradeBasic, low}
	}
	if f.Expected == 0 {
		return proposal{gradeQualified, []string{"本年度无应参加会议记录"}}
	}
	reasons, ok := excellentReasons(f, r)
	if ok {
		return proposal{gradeExcellent, reasons}
	}
	return proposal{gradeQualified, reasons}
}

// lowReasons are the reasons that cap the grade at 基本合格 (none: no cap).
func lowReasons(f facts, r rules) []string {
	var out []string
	if f.Appraisal == gradeBasic {
		out = append(out, "民主评议为基本合格")
	}
	if f.Expected > 0 && !reaches(f, r.BasicAttendance) {
		out = append(out, fmt.Sprintf("出席率 %s（低于 %d%%）", percentText(f.Attended, f.Expected), r.BasicAttendance))
	}
	if r.BasicArrears > 0 && f.Arrears >= r.BasicArrears {
		out = append(out, fmt.Sprintf("欠缴党费提醒 %d 次（达到 %d 次）", f.Arrears, r.BasicArrears))
	}
	return out
}

// excellentReasons checks each condition of 优秀 and says how it stands;
// ok is true when all are met.
func excellentReasons(f facts, r rules) (reasons []string, ok bool) {
	att := reaches(f, r.ExcellentAttendance)
	reasons = append(reasons, fmt.Sprintf("出席率 %s（%s%d%%）", percentText(f.Attended, f.Expected),
		cmpText(att), r.ExcellentAttendance))
	pts := f.Points >= r.ExcellentPoints
	reasons = append(reasons, fmt.Sprintf("积分 %d（%s%d）", f.Points, cmpText(pts), r.ExcellentPoints))
	ok = att && pts
	if r.ExcellentNeedsAppraisal {
		switch {
		case f.Appraisal == gradeExcellent:
			reasons = append(reasons, "民主评议为优秀")
		case f.Appraisal == "":
			reasons, ok = append(reasons, "未记录民主评议等次（评为优秀须民主评议为优秀）"), false
		default:
			reasons, ok = append(reasons, "民主评议为"+gradeLabels[f.Appraisal]+"（评为优秀须民主评议为优秀）"), false
		}
	}
	return reasons, ok
}

// reaches reports whether attendance is at least pct percent (expected > 0).
func reaches(f facts, pct int) bool { return f.Attended*100 >= pct*f.Expected }

func cmpText(ok bool) string {
	if ok {
		return "≥"
	}
	return "未达 "
}

// tenths is attendance in tenths of a percent, rounded down so that a rate
// shown as 90% has really reached 90%.
func tenths(attended, expected int) int { return attended * 1000 / expected }

// percentText shows attendance as "95%" or "89.9%".
func percentText(attended, expected int) string {
	t := tenths(attended, expected)
	if t%10 == 0 {
		return strconv.Itoa(t/10) + "%"
	}
	return strconv.Itoa(t/10) + "." + strconv.Itoa(t%10) + "%"
}
