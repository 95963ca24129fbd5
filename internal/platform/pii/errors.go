package pii

// ValidationError reports invalid personal data. Message is in Chinese and
// suitable for end users; it never echoes the offending value.
type ValidationError struct {
	Code    string // stable machine-readable code, e.g. "id_checksum"
	Message string // user-facing Chinese message
}

func (e *ValidationError) Error() string { return e.Message }

// Validation errors. Compare with errors.Is.
var (
	ErrIDLength    = &ValidationError{"id_length", "身份证号应为18位"}
	ErrIDFormat    = &ValidationError{"id_format", "身份证号前17位应为数字，末位应为数字或X"}
	ErrIDRegion    = &ValidationError{"id_region", "身份证号中的地区码无效"}
	ErrIDBirthDate = &ValidationError{"id_birth_date", "身份证号中的出生日期无效"}
	ErrIDChecksum  = &ValidationError{"id_checksum", "身份证号校验位不正确"}
	ErrPhone       = &ValidationError{"phone_format", "手机号应为11位手机号码"}
)
