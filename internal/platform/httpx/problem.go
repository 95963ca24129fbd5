// Package httpx holds the HTTP plumbing every capability shares: problem+json
// errors, JSON in and out, paging, and the router that makes every route
// declare the permission it needs.
package httpx

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
)

// FieldError is one per-field validation failure.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Error is an error that knows its HTTP status, a stable English code and a
// Chinese explanation for the user.
type Error struct {
	Status int
	Code   string
	Detail string
	Fields []FieldError
}

func (e *Error) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Detail) }

// NotFound is the answer for anything missing or outside the caller's scope:
// the two are indistinguishable on purpose.
func NotFound() *Error {
	return &Error{Status: http.StatusNotFound, Code: "not_found", Detail: "记录不存在或无权访问"}
}

// BadRequest reports malformed input that is not about one field.
func BadRequest(detail string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "bad_request", Detail: detail}
}

// Conflict reports a rule that forbids the change in the current state.
func Conflict(code, detail string) *Error {
	return &Error{Status: http.StatusConflict, Code: code, Detail: detail}
}

// Forbidden reports a missing permission.
func Forbidden(detail string) *Error {
	if detail == "" {
		detail = "您没有执行此操作的权限"
	}
	return &Error{Status: http.StatusForbidden, Code: "forbidden", Detail: detail}
}

// Fields collects validation failures; Err returns nil when there are none.
type Fields []FieldError

// Add records that field is invalid, with a Chinese message.
func (f *Fields) Add(field, code, message string) {
	*f = append(*f, FieldError{Field: field, Code: code, Message: message})
}

// Err is the 422 problem for the collected failures, or nil.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	msgs := make([]string, 0, len(f))
	for _, fe := range f {
		msgs = append(msgs, fe.Message)
	}
	return &Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed",
		Detail: "提交的内容有误：" + strings.Join(msgs, "；"), Fields: f}
}

type problem struct {
	Type   string       `json:"type"`
	Title  string       `json:"title"`
	Status int          `json:"status"`
	Code   string       `json:"code"`
	Detail string       `json:"detail"`
	Errors []FieldError `json:"errors,omitempty"`
}

// WriteError answers err as application/problem+json. Errors that are not
// *Error are logged and answered as 500 without their text, which could
// carry personal data.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	var e *Error
	if !errors.As(err, &e) {
		slog.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		e = &Error{Status: http.StatusInternalServerError, Code: "internal", Detail: "服务器内部错误，请稍后重试"}
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(e.Status)
	json.NewEncoder(w).Encode(problem{Type: "about:blank", Title: http.StatusText(e.Status),
		Status: e.Status, Code: e.Code, Detail: e.Detail, Errors: e.Fields})
}
