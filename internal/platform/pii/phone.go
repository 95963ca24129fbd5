package pii

// ValidatePhone checks a normalized (see NormalizePhone) mainland mobile
// number: 11 digits starting with 13–19. The error is a *ValidationError.
func ValidatePhone(s string) error {
	if len(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9' {
		return ErrPhone
	}
	for i := 2; i < 11; i++ {
		if !isDigit(s[i]) {
			return ErrPhone
		}
	}
	return nil
}
