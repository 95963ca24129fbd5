package development

import (
	"fmt"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/pii"
)

// Demo applicants are fictional: common names, and ID numbers with a valid
// GB 11643 check digit under region codes (county-level cities of Hubei)
// that the demo register's members never use, one per scenario, so no
// applicant can collide with a member or with another applicant; phones
// likewise take a prefix (197) the demo register does not.
var (
	demoRegions    = []string{"420281", "420381", "420581", "420681", "420881", "421081", "421181"}
	demoSurnames   = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡"}
	demoGivenNames = []string{"子涵", "浩然", "雨桐", "梓轩", "欣怡", "宇航", "思远", "佳琪", "俊杰", "诗涵", "明轩", "嘉怡", "博文", "晓彤", "天佑"}
	demoEducation  = []string{"bachelor", "college", "master", "bachelor"}
	demoCategory   = []string{"student", "enterprise", "institution", "enterprise"}
)

// demoApplicant is the n-th applicant made for scenario i. Within a
// scenario n picks the 3-digit sequence (the last digit odd for men) and,
// past 1000, moves the birth date back a day per thousand: (region, birth
// date, sequence) never repeats.
func demoApplicant(i, n int, sc scenario) Applicant {
	seq := n % 1000
	birth := clock.AddMonths(sc.applied, -12*sc.age).AddDate(0, 0, -(n%200)-n/1000)
	first17 := fmt.Sprintf("%s%s%03d", demoRegions[i%len(demoRegions)], birth.Format("20060102"), seq)
	check, _ := pii.IDCheckDigit(first17)
	gender := "female"
	if seq%2 == 1 {
		gender = "male"
	}
	k := i*1000 + n
	return Applicant{
		Name:      demoSurnames[k%len(demoSurnames)] + demoGivenNames[(k/len(demoSurnames)+i)%len(demoGivenNames)],
		Gender:    gender,
		Ethnicity: "汉族",
		BirthDate: format(birth),
		IDNumber:  first17 + string(check),
		Phone:     fmt.Sprintf("197%08d", i*10_000_000+n%10_000_000),
		Education: demoEducation[k%len(demoEducation)],
		Category:  demoCategory[k%len(demoCategory)],
		AppliedOn: format(sc.applied),
	}
}
