package httpx

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// WriteJSON answers v as JSON with status.
func WriteJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// NoContent answers 204.
func NoContent(w http.ResponseWriter) error {
	w.WriteHeader(http.StatusNoContent)
	return nil
}

const maxJSONBody = 1 << 20

// DecodeJSON reads a JSON object body into v, refusing unknown fields and
// bodies over 1 MiB, with Chinese errors.
func DecodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, maxJSONBody+1))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			return BadRequest("请求内容为空")
		case errors.As(err, &typeErr):
			return (&Fields{{Field: typeErr.Field, Code: "type", Message: typeErr.Field + " 的类型不正确"}}).Err()
		case strings.HasPrefix(err.Error(), "json: unknown field"):
			return BadRequest("请求中包含未知字段：" + strings.TrimPrefix(err.Error(), "json: unknown field "))
		}
		return BadRequest("请求内容不是有效的 JSON")
	}
	return nil
}

// DecodeOptionalJSON is DecodeJSON for a body that may be left out
// altogether (an approval or a confirmation needs no reason).
func DecodeOptionalJSON(r *http.Request, v any) error {
	if r.ContentLength == 0 {
		return nil
	}
	return DecodeJSON(r, v)
}

// List is the shape of every paged list answer.
type List[T any] struct {
	Items    []T `json:"items"`
	Total    int `json:"total"`
	Page     int `json:"page"`
	PageSize int `json:"page_size"`
}

// Paging is a requested page.
type Paging struct {
	Page int
	Size int
}

// Offset is the number of rows before the page.
func (p Paging) Offset() int { return (p.Page - 1) * p.Size }

// PageOf reads page (1-based) and page_size (default 20, at most 200).
func PageOf(r *http.Request) (Paging, error) {
	p := Paging{Page: 1, Size: 20}
	var fe Fields
	if s := r.URL.Query().Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1_000_000 {
			fe.Add("page", "invalid", "页码应为正整数")
		}
		p.Page = n
	}
	if s := r.URL.Query().Get("page_size"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 200 {
			fe.Add("page_size", "invalid", "每页条数应为 1 到 200")
		}
		p.Size = n
	}
	return p, fe.Err()
}
