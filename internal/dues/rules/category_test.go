package rules

import "testing"

func TestCategories(t *testing.T) {
	withBase := map[Category]string{Salaried: "月收入", Retired: "月离退休费", AnnualSalary: "当月年薪收入", SelfEmployed: "上季度月平均纯收入"}
	if len(Categories) != 8 {
		t.Fatalf("%d categories, want 8", len(Categories))
	}
	for _, c := range Categories {
		if !c.Valid() || c.Label() == "" {
			t.Errorf("%s: valid %v, label %q", c, c.Valid(), c.Label())
		}
		if c.NeedsBase() != (withBase[c] != "") || c.BaseLabel() != withBase[c] {
			t.Errorf("%s: NeedsBase %v, BaseLabel %q", c, c.NeedsBase(), c.BaseLabel())
		}
		if got, ok := ParseCategory(string(c)); !ok || got != c {
			t.Errorf("ParseCategory(%q) = %q, %v", c, got, ok)
		}
		if got, ok := ParseCategory(c.Label()); !ok || got != c {
			t.Errorf("ParseCategory(%q) = %q, %v", c.Label(), got, ok)
		}
	}
	if Category("pilot").Valid() || Category("").Valid() {
		t.Error("unknown categories must not be valid")
	}
}

func TestParseCategoryAliases(t *testing.T) {
	tests := map[string]Category{
		" 在职 ":     Salaried,
		"在职(月工资)":  Salaried,
		"SALARIED": Salaried,
		"退休":       Retired,
		"离退休党员":    Retired,
		"年薪":       AnnualSalary,
		"个体户":      SelfEmployed,
		"灵活就业":     SelfEmployed,
		"农民党员":     Farmer,
		"学生党员":     Student,
		"失业":       Unemployed,
		"低保":       Relief,
		"领取救济金":    Relief,
	}
	for in, want := range tests {
		if got, ok := ParseCategory(in); !ok || got != want {
			t.Errorf("ParseCategory(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "党员", "干部", "salary"} {
		if got, ok := ParseCategory(in); ok {
			t.Errorf("ParseCategory(%q) = %q, want not found", in, got)
		}
	}
}
