package tabular

import "strings"

// matcher maps header cells to columns.
type matcher struct {
	cols     []Column
	names    map[string]int  // normalized title or alias → column index
	isTitle  map[string]bool // normalized name is a title (beats an alias)
	required int
}

func newMatcher(cols []Column) *matcher {
	m := &matcher{cols: cols, names: map[string]int{}, isTitle: map[string]bool{}}
	for i, c := range cols {
		if c.Required {
			m.required++
		}
		for _, a := range c.Aliases {
			if h := normalizeHeader(a); h != "" {
				if _, dup := m.names[h]; !dup {
					m.names[h] = i
				}
			}
		}
	}
	for i, c := range cols { // titles override aliases of other columns
		if h := normalizeHeader(c.Title); h != "" && !m.isTitle[h] {
			m.names[h], m.isTitle[h] = i, true
		}
	}
	return m
}

// match maps the cells of a candidate header row to columns. It returns the
// cell index per column (-1 if absent) and the number of columns found. When
// several cells match one column, a title match beats an alias match and
// otherwise the leftmost cell wins.
func (m *matcher) match(cells []string) ([]int, int) {
	idx := make([]int, len(m.cols))
	byTitle := make([]bool, len(m.cols))
	for i := range idx {
		idx[i] = -1
	}
	n := 0
	for i, cell := range cells {
		h := normalizeHeader(cell)
		ci, ok := m.names[h]
		if !ok {
			continue
		}
		switch {
		case idx[ci] < 0:
			n++
		case byTitle[ci] || !m.isTitle[h]:
			continue
		}
		idx[ci], byTitle[ci] = i, m.isTitle[h]
	}
	return idx, n
}

// accept decides whether a matched row is a real header rather than a
// stray cell that happens to equal a title: it needs two matched columns
// (one if only one column is defined) or all required columns.
func (m *matcher) accept(idx []int, n int) bool {
	if n >= min(2, len(m.cols)) && n > 0 {
		return true
	}
	if m.required == 0 {
		return false
	}
	for i, c := range m.cols {
		if c.Required && idx[i] < 0 {
			return false
		}
	}
	return true
}

// column finds the column a Problem.Column refers to (title, key, alias or
// header text); -1 if none.
func (m *matcher) column(name string) int {
	for i, c := range m.cols {
		if name == c.Title || (name == c.Key && name != "") {
			return i
		}
	}
	if ci, ok := m.names[normalizeHeader(name)]; ok && name != "" {
		return ci
	}
	return -1
}

// describe lists a few expected titles, required ones first, for messages.
func (m *matcher) describe() string {
	var b strings.Builder
	n := 0
	for pass := 0; pass < 2 && n < 3; pass++ {
		for _, c := range m.cols {
			if n < 3 && c.Required == (pass == 0) && c.Title != "" {
				b.WriteString("「" + c.Title + "」")
				n++
			}
		}
	}
	return b.String()
}

// isTextColumn reports whether a column should be formatted as text in
// templates and exports: explicitly, or because it holds ID or phone numbers.
func isTextColumn(c Column) bool {
	if c.Text {
		return true
	}
	s := strings.ToLower(c.Title + " " + c.Key)
	for _, w := range []string{"身份证", "证件号", "手机", "电话", "联系方式", "id_card", "idcard", "id_number", "phone", "mobile", "tel"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
