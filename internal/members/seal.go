package members

import (
	"dangjian/internal/platform/pii"
)

// Field names bind ciphertexts and blind indexes to their column, so a
// sealed phone cannot be opened as an ID number and the indexes differ.
const (
	fieldIDNumber = "members.id_number"
	fieldPhone    = "members.phone"
	fieldAddress  = "members.address"
)

// revealable maps the API's field names to the sealed columns.
var revealable = map[string]string{"id_number": fieldIDNumber, "phone": fieldPhone, "address": fieldAddress}

// seal copies d onto r: plain fields as they are, personal data sealed,
// indexed and masked.
func (s *Service) seal(d Details, r *record) error {
	r.Name, r.Gender, r.Ethnicity, r.BirthDate = d.Name, d.Gender, d.Ethnicity, d.BirthDate
	r.Education, r.Category, r.Status = d.Education, d.Category, d.Status
	r.JoinedOn, r.FullMemberOn = d.JoinedOn, d.FullMemberOn
	var err error
	if r.IDSealed, err = s.prot.Seal(fieldIDNumber, d.IDNumber); err != nil {
		return err
	}
	if r.PhoneSealed, err = s.prot.Seal(fieldPhone, d.Phone); err != nil {
		return err
	}
	if r.AddrSealed, err = s.prot.Seal(fieldAddress, d.Address); err != nil {
		return err
	}
	r.IDIndex, r.IDMasked = s.prot.BlindIndex(fieldIDNumber, d.IDNumber), pii.MaskIDNumber(d.IDNumber)
	r.PhoneIndex, r.PhoneMasked = s.prot.BlindIndex(fieldPhone, d.Phone), pii.MaskPhone(d.Phone)
	r.AddrMasked = ""
	if d.Address != "" {
		r.AddrMasked = pii.MaskAddress(d.Address)
	}
	return nil
}

// unseal opens r's personal data (for edits that must re-check it).
func (s *Service) unseal(r record) (Details, error) {
	d := Details{Name: r.Name, Gender: r.Gender, Ethnicity: r.Ethnicity, BirthDate: r.BirthDate,
		Education: r.Education, Category: r.Category, Status: r.Status, JoinedOn: r.JoinedOn,
		FullMemberOn: r.FullMemberOn}
	var err error
	if d.IDNumber, err = s.prot.Open(fieldIDNumber, r.IDSealed); err != nil {
		return Details{}, err
	}
	if d.Phone, err = s.prot.Open(fieldPhone, r.PhoneSealed); err != nil {
		return Details{}, err
	}
	if d.Address, err = s.prot.Open(fieldAddress, r.AddrSealed); err != nil {
		return Details{}, err
	}
	return d, nil
}

// idIndex is the blind index of a normalized ID number (for lookups).
func (s *Service) idIndex(normalized string) string {
	return s.prot.BlindIndex(fieldIDNumber, normalized)
}

// phoneIndex is the blind index of a normalized phone number.
func (s *Service) phoneIndex(normalized string) string {
	return s.prot.BlindIndex(fieldPhone, normalized)
}
