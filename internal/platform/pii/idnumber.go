package pii

import (
	"errors"
	"time"
)

var (
	idWeights     = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	idCheckDigits = "10X98765432"
	// minBirthDate is the earliest birth date accepted in an ID number.
	minBirthDate = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
)

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// IDCheckDigit computes the GB 11643-1999 (ISO 7064 MOD 11-2) check
// character ('0'..'9' or 'X') for the first 17 digits of an ID number.
func IDCheckDigit(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, errors.New("pii: IDCheckDigit needs exactly 17 digits")
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if !isDigit(c) {
			return 0, errors.New("pii: IDCheckDigit needs exactly 17 digits")
		}
		sum += int(c-'0') * idWeights[i]
	}
	return idCheckDigits[sum%11], nil
}

// wellFormedID reports 17 ASCII digits followed by a digit or 'X'.
func wellFormedID(s string) bool {
	if len(s) != 18 {
		return false
	}
	for i := 0; i < 17; i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return isDigit(s[17]) || s[17] == 'X'
}

// idBirthDate parses the YYYYMMDD part of a well-formed ID number; it
// rejects non-existent calendar dates and dates before 1900-01-01.
func idBirthDate(s string) (time.Time, bool) {
	n := func(a, b int) int {
		v := 0
		for i := a; i < b; i++ {
			v = v*10 + int(s[i]-'0')
		}
		return v
	}
	y, m, d := n(6, 10), n(10, 12), n(12, 14)
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d || t.Before(minBirthDate) {
		return time.Time{}, false
	}
	return t, true
}

// ValidateIDNumber checks a normalized (see NormalizeIDNumber) 18-digit
// resident ID number: format, region code, birth date (a real date from
// 1900-01-01 up to and including today's date) and check digit. A zero
// today disables the future-date check. The returned error is a
// *ValidationError.
func ValidateIDNumber(s string, today time.Time) error {
	if len([]rune(s)) != 18 {
		return ErrIDLength
	}
	if !wellFormedID(s) {
		return ErrIDFormat
	}
	if s[0] == '0' {
		return ErrIDRegion
	}
	birth, ok := idBirthDate(s)
	if !ok {
		return ErrIDBirthDate
	}
	if !today.IsZero() {
		y, m, d := today.Date()
		if birth.After(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) {
			return ErrIDBirthDate
		}
	}
	if c, _ := IDCheckDigit(s[:17]); c != s[17] {
		return ErrIDChecksum
	}
	return nil
}

// IDNumberBirthDate returns the birth date (UTC midnight) encoded in an ID
// number. The input is normalized first; the check digit is not verified.
func IDNumberBirthDate(s string) (time.Time, bool) {
	s = NormalizeIDNumber(s)
	if !wellFormedID(s) {
		return time.Time{}, false
	}
	return idBirthDate(s)
}

// IDNumberGender returns "male" or "female" from the 17th digit of an ID
// number (odd = male). The input is normalized first.
func IDNumberGender(s string) (string, bool) {
	s = NormalizeIDNumber(s)
	if !wellFormedID(s) {
		return "", false
	}
	if (s[16]-'0')%2 == 1 {
		return "male", true
	}
	return "female", true
}
