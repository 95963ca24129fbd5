package notices

import (
	"regexp"

	"github.com/microcosm-cc/bluemonday"
)

// newPolicy is the sanitizer of notice bodies: bluemonday's policy for
// user-generated content (no scripts, no event handlers, no javascript:
// URLs, no forms or frames), plus the harmless inline styles a rich-text
// editor uses for alignment and colour. Links to other sites open in a new
// tab without access to this one.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowStyles("text-align").Matching(regexp.MustCompile(`^(left|right|center|justify)$`)).Globally()
	p.AllowStyles("color", "background-color", "font-weight", "font-style", "text-decoration", "text-indent").Globally()
	p.AddTargetBlankToFullyQualifiedLinks(true)
	return p
}

// Sanitize cleans a notice body as stored and served. Exported for tests and
// for other capabilities that accept the same rich text.
func (s *Service) Sanitize(html string) string { return s.policy.Sanitize(html) }
