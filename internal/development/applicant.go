package development

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/development/rules"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/pii"
)

// Applicant is the body of a new file: the person and the day the written
// application (step 1) was received.
type Applicant struct {
	Name      string `json:"name"`
	Gender    string `json:"gender"` // male | female
	Ethnicity string `json:"ethnicity"`
	BirthDate string `json:"birth_date"`
	IDNumber  string `json:"id_number"`
	Phone     string `json:"phone"`
	Education string `json:"education"`
	Category  string `json:"category"`
	AppliedOn string `json:"applied_on"`
}

// normalize cleans what people type, and takes gender and birth date from
// the ID number when left empty (the ID number already says them: 减负).
func (a *Applicant) normalize() {
	for _, f := range []*string{&a.Name, &a.Gender, &a.Ethnicity, &a.BirthDate, &a.Education, &a.Category, &a.AppliedOn} {
		*f = strings.TrimSpace(*f)
	}
	a.IDNumber, a.Phone = pii.NormalizeIDNumber(a.IDNumber), pii.NormalizePhone(a.Phone)
	if a.Gender == "" {
		a.Gender, _ = pii.IDNumberGender(a.IDNumber)
	}
	if b, ok := pii.IDNumberBirthDate(a.IDNumber); ok && a.BirthDate == "" {
		a.BirthDate = b.Format(clock.DateLayout)
	}
}

// validate checks a normalized applicant as of today. Ethnicity, education
// and category codes are the member register's: it checks them
// (Directory.CheckPerson), here they are only required.
func (a Applicant) validate(today time.Time) httpx.Fields {
	var fe httpx.Fields
	required := func(field, label, v string, max int) {
		switch n := utf8.RuneCountInString(v); {
		case n == 0:
			fe.Add(field, "required", "请填写"+label)
		case n > max:
			fe.Add(field, "too_long", label+"过长")
		}
	}
	required("name", "姓名", a.Name, 30)
	required("ethnicity", "民族", a.Ethnicity, 20)
	required("education", "学历", a.Education, 30)
	required("category", "人员类别", a.Category, 30)
	idOK := false
	if err := pii.ValidateIDNumber(a.IDNumber, today); a.IDNumber == "" {
		fe.Add("id_number", "required", "请填写身份证号")
	} else if err != nil {
		fe.Add("id_number", "invalid", err.Error())
	} else {
		idOK = true
	}
	if g, _ := pii.IDNumberGender(a.IDNumber); a.Gender != "male" && a.Gender != "female" {
		fe.Add("gender", "invalid", "性别应为男或女")
	} else if idOK && g != a.Gender {
		fe.Add("gender", "mismatch", "性别与身份证号不一致（身份证号第 17 位单数为男、双数为女）")
	}
	if err := pii.ValidatePhone(a.Phone); a.Phone == "" {
		fe.Add("phone", "required", "请填写手机号")
	} else if err != nil {
		fe.Add("phone", "invalid", err.Error())
	}
	birth, birthOK := parseDay(a.BirthDate)
	if b, _ := pii.IDNumberBirthDate(a.IDNumber); !birthOK {
		fe.Add("birth_date", "invalid", "出生日期格式应为 YYYY-MM-DD")
	} else if idOK && !b.Equal(birth) {
		fe.Add("birth_date", "mismatch", "出生日期与身份证号不一致")
	}
	applied, ok := parseDay(a.AppliedOn)
	switch {
	case !ok:
		fe.Add("applied_on", "invalid", "申请日期格式应为 YYYY-MM-DD")
	case applied.After(today):
		fe.Add("applied_on", "future", "申请日期不能晚于今天")
	case birthOK:
		if msg := rules.CheckAge(birth, applied); msg != "" {
			fe.Add("applied_on", "too_young", msg)
		}
	}
	return fe
}

// person is a's details as the register will receive them.
func (a Applicant) person() Person {
	return Person{Name: a.Name, Gender: a.Gender, Ethnicity: a.Ethnicity, BirthDate: a.BirthDate, IDNumber: a.IDNumber,
		Phone: a.Phone, Education: a.Education, Category: a.Category}
}

// withRegister adds the register's refusals (Directory.CheckPerson) of
// fields fe has not refused already, so a field is explained once.
func withRegister(fe, register httpx.Fields) httpx.Fields {
	for _, r := range register {
		if !slices.ContainsFunc(fe, func(f httpx.FieldError) bool { return f.Field == r.Field }) {
			fe = append(fe, r)
		}
	}
	return fe
}

// person is the applicant as the register receives them at admission.
func (s *Service) person(r fileRow) (Person, error) {
	id, err := s.prot.Open(fieldIDNumber, r.IDSealed)
	if err != nil {
		return Person{}, err
	}
	phone, err := s.prot.Open(fieldPhone, r.PhoneSealed)
	if err != nil {
		return Person{}, err
	}
	return Person{Name: r.Name, Gender: r.Gender, Ethnicity: r.Ethnicity, BirthDate: r.BirthDate, IDNumber: id,
		Phone: phone, Education: r.Education, Category: r.Category}, nil
}

// Field names bind ciphertexts and blind indexes to their column. They are
// the member register's, so an applicant's ID number has the same blind
// index as the member they become (a lookup across both is possible).
const (
	fieldIDNumber = "members.id_number"
	fieldPhone    = "members.phone"
)

// seal copies a onto r with its personal data sealed, indexed and masked.
func (s *Service) seal(a Applicant, r *fileRow) error {
	r.Name, r.Gender, r.Ethnicity, r.BirthDate = a.Name, a.Gender, a.Ethnicity, a.BirthDate
	r.Education, r.Category, r.AppliedOn = a.Education, a.Category, a.AppliedOn
	var err error
	if r.IDSealed, err = s.prot.Seal(fieldIDNumber, a.IDNumber); err != nil {
		return err
	}
	if r.PhoneSealed, err = s.prot.Seal(fieldPhone, a.Phone); err != nil {
		return err
	}
	r.IDIndex, r.IDMasked = s.prot.BlindIndex(fieldIDNumber, a.IDNumber), pii.MaskIDNumber(a.IDNumber)
	r.PhoneMasked = pii.MaskPhone(a.Phone)
	return nil
}
