package members

import (
	"errors"
	"time"
	"unicode/utf8"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/pii"
	"dangjian/internal/platform/tabular"
)

// earliestJoin: no one joined the Party before its founding in 1921.
const earliestJoin = "1921-07-01"

// normalize cleans what people type or paste: spaces, full-width digits,
// a lower-case x in an ID number, +86 before a phone, a "汉" without "族".
func (d *Details) normalize() {
	for _, f := range []*string{&d.Name, &d.Gender, &d.Ethnicity, &d.BirthDate, &d.Address,
		&d.Education, &d.Category, &d.Status, &d.JoinedOn, &d.FullMemberOn} {
		*f = tabular.NormalizeCell(*f)
	}
	d.IDNumber = pii.NormalizeIDNumber(d.IDNumber)
	d.Phone = pii.NormalizePhone(d.Phone)
	if e, ok := parseEthnicity(d.Ethnicity); ok {
		d.Ethnicity = e
	}
}

// fillFromID derives gender and birth date from a well-formed ID number
// when they were left empty (the ID number already says them: 减负).
func (d *Details) fillFromID() {
	if d.Gender == "" {
		d.Gender, _ = pii.IDNumberGender(d.IDNumber)
	}
	if d.BirthDate == "" {
		if b, ok := pii.IDNumberBirthDate(d.IDNumber); ok {
			d.BirthDate = b.Format(clock.DateLayout)
		}
	}
}

// validate checks a member's details against the rules (党章, api.md) and
// returns one Chinese message per bad field. d must be normalized.
func validate(d Details, today time.Time) httpx.Fields {
	var fe httpx.Fields
	validateName(&fe, d.Name)
	idOK := validateIDNumber(&fe, d.IDNumber, today)
	validateGender(&fe, d, idOK)
	validateBirth(&fe, d, idOK)
	if d.Phone == "" {
		fe.Add("phone", "required", "请填写手机号")
	} else if err := pii.ValidatePhone(d.Phone); err != nil {
		fe.Add("phone", "invalid", piiMessage(err))
	}
	if utf8.RuneCountInString(d.Address) > 200 {
		fe.Add("address", "too_long", "住址不能超过 200 个字")
	}
	checkCodes(&fe, d)
	checkEnum(&fe, "status", "党员状态", statuses, d.Status)
	validateDates(&fe, d, today)
	return fe
}

// CheckCodes checks the coded fields of d (ethnicity, education, category)
// as the register does when it records the person, after the same
// normalization ("汉" is 汉族). Another capability holding a future
// member's details (发展党员) calls it when they are typed, rather than
// learn of a wrong code at admission years later.
func CheckCodes(d Details) httpx.Fields {
	d.normalize()
	var fe httpx.Fields
	checkCodes(&fe, d)
	return fe
}

// checkCodes checks the codes of a normalized d.
func checkCodes(fe *httpx.Fields, d Details) {
	switch {
	case d.Ethnicity == "":
		fe.Add("ethnicity", "required", "请填写民族")
	case !ethnicSet[d.Ethnicity]:
		fe.Add("ethnicity", "invalid", "民族应为 56 个民族之一，如“汉族”")
	}
	checkEnum(fe, "education", "学历", educations, d.Education)
	checkEnum(fe, "category", "人员类别", categories, d.Category)
}

func validateName(fe *httpx.Fields, name string) {
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		fe.Add("name", "required", "请填写姓名")
	case n > 30:
		fe.Add("name", "too_long", "姓名不能超过 30 个字")
	}
}

// validateIDNumber reports whether the ID number is valid.
func validateIDNumber(fe *httpx.Fields, id string, today time.Time) bool {
	if id == "" {
		fe.Add("id_number", "required", "请填写身份证号")
		return false
	}
	if err := pii.ValidateIDNumber(id, today); err != nil {
		fe.Add("id_number", "invalid", piiMessage(err))
		return false
	}
	return true
}

func validateGender(fe *httpx.Fields, d Details, idOK bool) {
	if !genders.valid(d.Gender) {
		fe.Add("gender", "invalid", "性别应为男或女")
		return
	}
	if g, ok := pii.IDNumberGender(d.IDNumber); idOK && ok && g != d.Gender {
		fe.Add("gender", "mismatch", "性别与身份证号不一致（身份证号第 17 位单数为男、双数为女）")
	}
}

func validateBirth(fe *httpx.Fields, d Details, idOK bool) {
	if _, ok := parseDate(d.BirthDate); !ok {
		fe.Add("birth_date", "invalid", "出生日期格式应为 YYYY-MM-DD")
		return
	}
	if b, ok := pii.IDNumberBirthDate(d.IDNumber); idOK && ok && b.Format(clock.DateLayout) != d.BirthDate {
		fe.Add("birth_date", "mismatch", "出生日期与身份证号不一致")
	}
}

// validateDates checks 入党时间 and 转正时间: not in the future, 18 or older
// when admitted (党章第一条), 转正 after admission and only for full members.
func validateDates(fe *httpx.Fields, d Details, today time.Time) {
	joined, ok := parseDate(d.JoinedOn)
	switch {
	case d.JoinedOn == "":
		fe.Add("joined_on", "required", "请填写入党时间")
	case !ok:
		fe.Add("joined_on", "invalid", "入党时间格式应为 YYYY-MM-DD")
	case joined.After(today):
		fe.Add("joined_on", "future", "入党时间不能晚于今天")
	case d.JoinedOn < earliestJoin:
		fe.Add("joined_on", "invalid", "入党时间不能早于 1921 年 7 月")
	case validDate(d.BirthDate) && yearsSince(d.BirthDate, joined) < 18:
		fe.Add("joined_on", "too_young", "入党时须年满十八岁（党章第一条），请核对入党时间或出生日期")
	}
	full, fullOK := parseDate(d.FullMemberOn)
	switch {
	case d.Status == StatusProbationary && d.FullMemberOn != "":
		fe.Add("full_member_on", "not_allowed", "预备党员不填写转正时间")
	case d.Status != StatusFull:
	case d.FullMemberOn == "":
		fe.Add("full_member_on", "required", "正式党员须填写转正时间")
	case !fullOK:
		fe.Add("full_member_on", "invalid", "转正时间格式应为 YYYY-MM-DD")
	case full.After(today):
		fe.Add("full_member_on", "future", "转正时间不能晚于今天（预备期一般为一年）")
	case ok && !full.After(joined):
		fe.Add("full_member_on", "before_joined", "转正时间须晚于入党时间")
	}
}

func checkEnum(fe *httpx.Fields, field, title string, e enum, v string) {
	switch {
	case v == "":
		fe.Add(field, "required", "请填写"+title)
	case !e.valid(v):
		fe.Add(field, "invalid", title+"应为："+e.list)
	}
}

func validDate(s string) bool { _, ok := parseDate(s); return ok }

// piiMessage is the Chinese message of a pii validation error (it never
// echoes the value).
func piiMessage(err error) string {
	var ve *pii.ValidationError
	if errors.As(err, &ve) {
		return ve.Message
	}
	return "格式不正确"
}
