package rules

import (
	"strings"
	"testing"
)

func TestMonthlyBands(t *testing.T) {
	tests := []struct {
		c        Category
		base     int64
		wantFen  int64
		wantBP   int
		wantRule string // checked when not empty
	}{
		{Salaried, 0, 0, 50, "月收入 0.00 元 × 0.5% = 0.00 元"},
		{Salaried, 300000, 1500, 50, "月收入 3,000.00 元 × 0.5% = 15.00 元"},
		{Salaried, 300001, 3000, 100, "月收入 3,000.01 元 × 1% = 30.00 元"},
		{Salaried, 480000, 4800, 100, "月收入 4,800.00 元 × 1% = 48.00 元"},
		{Salaried, 500000, 5000, 100, ""},
		{Salaried, 500001, 7500, 150, "月收入 5,000.01 元 × 1.5% = 75.00 元"},
		{Salaried, 1000000, 15000, 150, ""},
		{Salaried, 1000001, 20000, 200, "月收入 10,000.01 元 × 2% = 200.00 元"},
		{AnnualSalary, 300000, 1500, 50, "当月年薪收入 3,000.00 元 × 0.5% = 15.00 元"},
		{AnnualSalary, 1000001, 20000, 200, ""},
		{SelfEmployed, 500001, 7500, 150, "上季度月平均纯收入 5,000.01 元 × 1.5% = 75.00 元"},
		{Retired, 300001, 1500, 50, ""},
		{Retired, 500000, 2500, 50, "离退休费 5,000.00 元 × 0.5% = 25.00 元"},
		{Retired, 500001, 5000, 100, "离退休费 5,000.01 元 × 1% = 50.00 元"},
		{Retired, 2000000, 20000, 100, ""},
		{Student, 0, 20, 0, "学生党员每月定额 0.20 元"},
		{Unemployed, 999999, 20, 0, "下岗失业党员每月定额 0.20 元"},
		{Relief, 0, 20, 0, "领取救济金或低保的党员每月定额 0.20 元"},
		{Farmer, 0, 20, 0, "农民党员每月定额 0.20 元"},
	}
	for _, tt := range tests {
		got, err := Monthly(tt.c, tt.base, DefaultOptions(), nil)
		if err != nil {
			t.Fatalf("Monthly(%s, %d): %v", tt.c, tt.base, err)
		}
		if got.Fen != tt.wantFen || got.RateBP != tt.wantBP {
			t.Errorf("Monthly(%s, %d) = %d fen at %d bp, want %d at %d", tt.c, tt.base, got.Fen, got.RateBP, tt.wantFen, tt.wantBP)
		}
		if tt.wantRule != "" && got.Rule != tt.wantRule {
			t.Errorf("Monthly(%s, %d).Rule = %q, want %q", tt.c, tt.base, got.Rule, tt.wantRule)
		}
	}
}

func TestMonthlyFarmerOption(t *testing.T) {
	for _, tt := range []struct {
		fen, want int64
		rule      string
		bad       bool
	}{
		{fen: 0, want: 20, rule: "农民党员每月定额 0.20 元"}, // unset → default
		{fen: 19, bad: true},
		{fen: 20, want: 20, rule: "农民党员每月定额 0.20 元"},
		{fen: 50, want: 50, rule: "农民党员每月定额 0.50 元（本地规定）"},
		{fen: 100, want: 100, rule: "农民党员每月定额 1.00 元（本地规定）"},
		{fen: 101, bad: true},
		{fen: -20, bad: true},
	} {
		got, err := Monthly(Farmer, 0, Options{FarmerFen: tt.fen}, nil)
		if tt.bad {
			if err == nil || !strings.Contains(err.Error(), "农民党员") {
				t.Errorf("farmer %d fen: err = %v, want a Chinese range error", tt.fen, err)
			}
			continue
		}
		if err != nil || got.Fen != tt.want || got.Rule != tt.rule {
			t.Errorf("farmer %d fen = %+v, %v; want %d, %q", tt.fen, got, err, tt.want, tt.rule)
		}
	}
}

func TestMonthlyHardship(t *testing.T) {
	tests := []struct {
		name string
		c    Category
		base int64
		h    Hardship
		want Amount
	}{
		{"exempt", Salaried, 800000, Hardship{Exempt: true, ReducedFen: 500}, Amount{Rule: "困难党员经支部讨论、上级批准免交"}},
		{"reduced", Salaried, 800000, Hardship{ReducedFen: 100}, Amount{Fen: 100, Rule: "困难党员经支部讨论、上级批准减为每月 1.00 元"}},
		{"reduced fixed", Student, 0, Hardship{ReducedFen: 10}, Amount{Fen: 10, Rule: "困难党员经支部讨论、上级批准减为每月 0.10 元"}},
		{"reduction above standard keeps standard", Salaried, 100000, Hardship{ReducedFen: 1000},
			Amount{Fen: 500, RateBP: 50, Rule: "月收入 1,000.00 元 × 0.5% = 5.00 元"}},
	}
	for _, tt := range tests {
		got, err := Monthly(tt.c, tt.base, DefaultOptions(), &tt.h)
		if err != nil || got != tt.want {
			t.Errorf("%s: got %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
}

func TestMonthlyErrors(t *testing.T) {
	tests := []struct {
		name string
		c    Category
		base int64
		opt  Options
		h    *Hardship
		want string
	}{
		{"negative base", Salaried, -1, DefaultOptions(), nil, "基数不能为负数"},
		{"huge base", Salaried, MaxFen + 1, DefaultOptions(), nil, "基数过大"},
		{"unknown category", "pilot", 100, DefaultOptions(), nil, "类别无效"},
		{"bad rounding", Salaried, 100, Options{Rounding: "banker"}, nil, "取整方式无效"},
		{"negative reduction", Salaried, 800000, DefaultOptions(), &Hardship{ReducedFen: -1}, "不能为负数"},
		{"zero reduction", Salaried, 800000, DefaultOptions(), &Hardship{}, "免交"},
	}
	for _, tt := range tests {
		_, err := Monthly(tt.c, tt.base, tt.opt, tt.h)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

// Bases chosen so that base × rate lands on exactly half a fen, just below
// and just above it.
func TestMonthlyRounding(t *testing.T) {
	tests := []struct {
		base             int64
		halfUp, down, up int64
		why              string
	}{
		{100100, 501, 500, 501, "1,001.00 × 0.5% = 5.005"},
		{100099, 500, 500, 501, "1,000.99 × 0.5% = 5.00495"},
		{100101, 501, 500, 501, "1,001.01 × 0.5% = 5.00505"},
		{333333, 3333, 3333, 3334, "3,333.33 × 1% = 33.3333"},
		{600100, 9002, 9001, 9002, "6,001.00 × 1.5% = 90.015"},
		{666667, 10000, 10000, 10001, "6,666.67 × 1.5% = 100.00005"},
		{480000, 4800, 4800, 4800, "exact"},
	}
	for _, tt := range tests {
		for r, want := range map[Rounding]int64{HalfUp: tt.halfUp, Down: tt.down, Up: tt.up} {
			got, err := Monthly(Salaried, tt.base, Options{Rounding: r}, nil)
			if err != nil || got.Fen != want {
				t.Errorf("%s by %s = %d, %v; want %d", tt.why, r, got.Fen, err, want)
			}
		}
	}
}

func TestRoundingApply(t *testing.T) {
	tests := []struct {
		num, den         int64
		halfUp, down, up int64
	}{
		{0, 7, 0, 0, 0},
		{10, 5, 2, 2, 2},
		{1, 2, 1, 0, 1},
		{1, 3, 0, 0, 1},
		{2, 3, 1, 0, 1},
		{49999, 10000, 5, 4, 5},
		{44999, 10000, 4, 4, 5},
		{-5, 2, -3, -2, -3},
	}
	for _, tt := range tests {
		for r, want := range map[Rounding]int64{HalfUp: tt.halfUp, Down: tt.down, Up: tt.up, "": tt.halfUp} {
			if got := r.Apply(tt.num, tt.den); got != want {
				t.Errorf("%q.Apply(%d, %d) = %d, want %d", r, tt.num, tt.den, got, want)
			}
		}
	}
}

func TestRoundingLabels(t *testing.T) {
	for _, r := range Roundings {
		if !r.Valid() || r.Label() == "" {
			t.Errorf("rounding %q: valid %v, label %q", r, r.Valid(), r.Label())
		}
	}
	if Rounding("").Valid() || Rounding("even").Valid() {
		t.Error("unknown roundings must not be valid")
	}
}
