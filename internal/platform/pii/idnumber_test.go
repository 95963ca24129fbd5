package pii

import (
	"errors"
	"testing"
	"time"
)

var testToday = time.Date(2025, 6, 15, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// mkID appends the correct check digit to 17 digits.
func mkID(t testing.TB, first17 string) string {
	t.Helper()
	c, err := IDCheckDigit(first17)
	if err != nil {
		t.Fatal(err)
	}
	return first17 + string(c)
}

// wrongCheck replaces the check digit of a valid ID with a wrong one.
func wrongCheck(id string) string {
	if id[17] == '0' {
		return id[:17] + "1"
	}
	return id[:17] + "0"
}

func TestIDCheckDigit(t *testing.T) {
	for first17, want := range map[string]byte{
		"11010519491231002": 'X', // GB 11643-1999 example
		"44030819900101001": '7', // sum 192, 192 mod 11 = 5
	} {
		got, err := IDCheckDigit(first17)
		if err != nil || got != want {
			t.Errorf("IDCheckDigit(%s) = %c, %v; want %c", first17, got, err, want)
		}
	}
	for _, bad := range []string{"", "1101051949123100", "110105194912310021", "1101051949123100A"} {
		if _, err := IDCheckDigit(bad); err == nil {
			t.Errorf("IDCheckDigit(%q) accepted", bad)
		}
	}
}

func TestValidateIDNumber(t *testing.T) {
	valid := mkID(t, "11010519900307123")
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"GB example", "11010519491231002X", nil},
		{"constructed", valid, nil},
		{"wrong check digit", wrongCheck(valid), ErrIDChecksum},
		{"Feb 29 leap year", mkID(t, "11010520000229123"), nil},
		{"Feb 29 non-leap year", mkID(t, "11010519000229123"), ErrIDBirthDate},
		{"Feb 29 non-leap 2023", mkID(t, "11010520230229123"), ErrIDBirthDate},
		{"1900-01-01 boundary", mkID(t, "11010519000101123"), nil},
		{"1899-12-31", mkID(t, "11010518991231123"), ErrIDBirthDate},
		{"month 13", mkID(t, "11010519901301123"), ErrIDBirthDate},
		{"day 00", mkID(t, "11010519900100123"), ErrIDBirthDate},
		{"April 31", mkID(t, "11010519900431123"), ErrIDBirthDate},
		{"born today", mkID(t, "11010520250615123"), nil},
		{"born tomorrow", mkID(t, "11010520250616123"), ErrIDBirthDate},
		{"region starts with 0", mkID(t, "01010519900307123"), ErrIDRegion},
		{"too short", valid[:17], ErrIDLength},
		{"too long", valid + "1", ErrIDLength},
		{"empty", "", ErrIDLength},
		{"letter inside", "1101051990030A123X", ErrIDFormat},
		{"lowercase x not normalized", "11010519491231002x", ErrIDFormat},
		{"18 runes non-ASCII", "11010519491231002Ｘ", ErrIDFormat},
		{"full-width normalized", NormalizeIDNumber("１１０１０５１９４９１２３１００２ｘ"), nil},
		{"lowercase x normalized", NormalizeIDNumber("11010519491231002x"), nil},
		{"spaces normalized", NormalizeIDNumber(" 110105 19491231\u3000002X\u00a0"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateIDNumber(tt.in, testToday)
			if !errors.Is(err, tt.want) {
				t.Fatalf("ValidateIDNumber(%q) = %v; want %v", tt.in, err, tt.want)
			}
			var ve *ValidationError
			if err != nil && (!errors.As(err, &ve) || ve.Message == "") {
				t.Fatalf("error %v is not a *ValidationError with message", err)
			}
		})
	}
	// A zero "today" disables only the future check.
	if err := ValidateIDNumber(mkID(t, "11010529991231123"), time.Time{}); err != nil {
		t.Errorf("zero today: %v", err)
	}
}

func TestNormalizeIDNumber(t *testing.T) {
	for in, want := range map[string]string{
		" 11010519491231002x ": "11010519491231002X",
		"１１０１０５１９４９１２３１００２Ｘ":                    "11010519491231002X",
		"110105\u30001949\u00a01231 002X\u200b": "11010519491231002X",
		"":                                      "",
	} {
		if got := NormalizeIDNumber(in); got != want {
			t.Errorf("NormalizeIDNumber(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestIDNumberBirthDateGender(t *testing.T) {
	d, ok := IDNumberBirthDate("11010519491231002x")
	if !ok || !d.Equal(time.Date(1949, 12, 31, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("birth date = %v, %v", d, ok)
	}
	if _, ok := IDNumberBirthDate("11010519490230002X"); ok {
		t.Error("Feb 30 accepted")
	}
	if _, ok := IDNumberBirthDate("123"); ok {
		t.Error("short input accepted")
	}
	for in, want := range map[string]string{
		"11010519491231002X":         "female", // 17th digit 2
		mkID(t, "11010519900307123"): "male",
	} {
		if g, ok := IDNumberGender(in); !ok || g != want {
			t.Errorf("IDNumberGender(%s) = %q, %v; want %q", in, g, ok, want)
		}
	}
	if _, ok := IDNumberGender("abc"); ok {
		t.Error("gender from invalid input")
	}
}

func TestPhone(t *testing.T) {
	for in, want := range map[string]string{
		"138 0013 8000":     "13800138000",
		"138-0013-8000":     "13800138000",
		"+86 138 0013 8000": "13800138000",
		"+86-13800138000":   "13800138000",
		"8613800138000":     "13800138000",
		"0086 13800138000":  "13800138000",
		"１３８００１３８０００":       "13800138000",
		"＋８６　１３８－００１３－８０００": "13800138000",
		"86123": "86123",
	} {
		got := NormalizePhone(in)
		if got != want {
			t.Errorf("NormalizePhone(%q) = %q; want %q", in, got, want)
		}
	}
	for in, ok := range map[string]bool{
		"13800138000": true, "19912345678": true,
		"12800138000": false, "23800138000": false, "1380013800": false,
		"138001380000": false, "1380013800a": false, "": false,
	} {
		err := ValidatePhone(in)
		if (err == nil) != ok || (err != nil && !errors.Is(err, ErrPhone)) {
			t.Errorf("ValidatePhone(%q) = %v", in, err)
		}
	}
	if ErrPhone.Error() != "手机号应为11位手机号码" {
		t.Error("unexpected phone message")
	}
}
