package app

import (
	"net/http"
	"regexp"
	"strings"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/httpx"
)

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// openAPI describes the registered routes as an OpenAPI 3 document. It is
// built from the router itself, so it cannot drift from what is served; the
// field-level schemas live in docs/api.md.
func openAPI(routes []httpx.Route) map[string]any {
	paths := map[string]map[string]any{}
	for _, rt := range routes {
		if !strings.HasPrefix(rt.Path, "/api/v1/") {
			continue
		}
		p := strings.TrimPrefix(rt.Path, "/api/v1")
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		op := map[string]any{
			"summary":      rt.Summary,
			"x-permission": string(rt.Perm),
			"responses": map[string]any{
				"200":     map[string]any{"description": "成功"},
				"default": map[string]any{"$ref": "#/components/responses/Problem"},
			},
		}
		if params := pathParams(rt.Path); len(params) > 0 {
			op["parameters"] = params
		}
		if rt.Perm == authz.Public {
			op["security"] = []any{}
		}
		paths[p][strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "智慧党建平台 Dangjian API", "version": "1"},
		"servers": []any{map[string]any{"url": "/api/v1"}},
		"paths":   paths,
		"security": []any{
			map[string]any{"session": []any{}}, map[string]any{"bearer": []any{}},
		},
		"components": map[string]any{
			"securitySchemes": map[string]any{
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": "dj_session"},
				"bearer":  map[string]any{"type": "http", "scheme": "bearer"},
			},
			"responses": map[string]any{"Problem": map[string]any{
				"description": "错误（application/problem+json，含稳定的 code 与中文 detail）",
				"content": map[string]any{"application/problem+json": map[string]any{"schema": map[string]any{
					"type": "object",
					"properties": map[string]any{
						"status": map[string]any{"type": "integer"}, "code": map[string]any{"type": "string"},
						"detail": map[string]any{"type": "string"}, "errors": map[string]any{"type": "array"},
					},
				}}},
			}},
		},
	}
}

func pathParams(path string) []any {
	var out []any
	for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
		out = append(out, map[string]any{"name": m[1], "in": "path", "required": true,
			"schema": map[string]any{"type": "string"}})
	}
	return out
}

func serveOpenAPI(routes func() []httpx.Route) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return httpx.WriteJSON(w, http.StatusOK, openAPI(routes()))
	}
}
