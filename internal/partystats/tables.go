package partystats

import (
	"strconv"
)

// Table is one standard table exactly as the screen and the file show it:
// the column headers, then rows whose first cell names the row and whose
// other cells are counts, the last row being 合计. Note says how the table
// was counted (boundaries, period).
type Table struct {
	Key     string     `json:"key"`
	Title   string     `json:"title"`
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
	Note    string     `json:"note,omitempty"`
}

// Row and column names shared by the tables.
const (
	totalLabel = "合计"
	otherLabel = "其他或未填写" // a code the register's lists do not name, or none
)

// counts is a table being counted: for each row code, one count per
// column.
type counts map[string][]int

// add counts one item in row code, in each column where in is true.
func (c counts) add(code string, in []bool) {
	v := c[code]
	if v == nil {
		v = make([]int, len(in))
		c[code] = v
	}
	for i, ok := range in {
		if ok {
			v[i]++
		}
	}
}

// grid renders c: the rows in order (a row after the first is skipped
// when sparse and nothing was counted in it), then 其他或未填写 when
// something was counted under a code not among rows, then 合计 over
// everything. width is the number of count columns.
func grid(rows []Label, c counts, width int, sparse bool) [][]string {
	total, other := make([]int, width), make([]int, width)
	listed := make(map[string]bool, len(rows))
	for _, r := range rows {
		listed[r.Code] = true
	}
	for code, v := range c {
		for i, n := range v {
			total[i] += n
			if !listed[code] {
				other[i] += n
			}
		}
	}
	var out [][]string
	for i, r := range rows {
		v := c[r.Code]
		if sparse && i > 0 && v == nil {
			continue
		}
		out = append(out, line(r.Text, v, width))
	}
	if other[0] > 0 {
		out = append(out, line(otherLabel, other, width))
	}
	return append(out, line(totalLabel, total, width))
}

// line is a row: its name, then width counts (0 where v is short).
func line(name string, v []int, width int) []string {
	out := make([]string, 0, width+1)
	out = append(out, name)
	for i := range width {
		n := 0
		if i < len(v) {
			n = v[i]
		}
		out = append(out, strconv.Itoa(n))
	}
	return out
}
