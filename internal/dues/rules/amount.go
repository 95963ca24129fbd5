package rules

import (
	"errors"
	"fmt"
	"math"
)

// Rounding is how a fraction of a fen is settled (provincial practice).
type Rounding string

// The rounding rules; HalfUp is the default.
const (
	HalfUp Rounding = "half_up" // 四舍五入到分
	Down   Rounding = "down"    // 舍去
	Up     Rounding = "up"      // 进位
)

// Roundings lists the rounding rules in display order.
var Roundings = []Rounding{HalfUp, Down, Up}

var roundingLabels = map[Rounding]string{HalfUp: "四舍五入到分", Down: "不足一分舍去", Up: "不足一分进为一分"}

// Valid reports whether r is a known rounding rule.
func (r Rounding) Valid() bool { _, ok := roundingLabels[r]; return ok }

// Label is the Chinese name of r.
func (r Rounding) Label() string { return roundingLabels[r] }

// Apply rounds num/den (den > 0) to an integer by r, in exact integer
// arithmetic. Anything but Down and Up (including "") rounds half up, the
// default. A negative num is rounded by its magnitude (half away from zero).
func (r Rounding) Apply(num, den int64) int64 {
	if num < 0 {
		return -r.Apply(-num, den)
	}
	q, rem := num/den, num%den
	switch {
	case r == Down || rem == 0:
		return q
	case r == Up || rem >= den-rem:
		return q + 1
	}
	return q
}

// Options are the locally configured parts of the rules.
type Options struct {
	FarmerFen int64    // 农民党员每月党费, 20..100 fen; 0 means the default 20
	Rounding  Rounding // "" means HalfUp
}

// The range the 党费规定 allows for farmers (0.2–1 yuan a month), and the
// fixed amount for students, the unemployed and relief recipients.
const (
	MinFarmerFen int64 = 20
	MaxFarmerFen int64 = 100
	FixedFen     int64 = 20
)

// DefaultOptions are the rules with no local settings.
func DefaultOptions() Options { return Options{FarmerFen: MinFarmerFen, Rounding: HalfUp} }

// Validate checks the options as a setting page would store them.
func (o Options) Validate() error {
	if o.FarmerFen < MinFarmerFen || o.FarmerFen > MaxFarmerFen {
		return errors.New("农民党员每月党费应在 0.20 元至 1.00 元之间")
	}
	if !o.Rounding.Valid() {
		return errors.New("取整方式无效")
	}
	return nil
}

func (o Options) withDefaults() Options {
	d := DefaultOptions()
	if o.FarmerFen == 0 {
		o.FarmerFen = d.FarmerFen
	}
	if o.Rounding == "" {
		o.Rounding = d.Rounding
	}
	return o
}

// Hardship is an approved 困难党员 reduction (支部讨论、上级批准): exempt, or
// reduced to ReducedFen a month.
type Hardship struct {
	Exempt     bool
	ReducedFen int64
}

// Amount is a month's dues with the rule that produced it.
type Amount struct {
	Fen    int64  // monthly dues in fen
	RateBP int    // basis points applied (50 = 0.5%); 0 for fixed amounts
	Rule   string // the Chinese explanation shown next to the amount
}

// band is a rate that applies up to and including upTo fen: the band limit
// belongs to the lower band.
type band struct {
	upTo int64
	bp   int
}

var (
	incomeBands  = []band{{300000, 50}, {500000, 100}, {1000000, 150}, {math.MaxInt64, 200}}
	pensionBands = []band{{500000, 50}, {math.MaxInt64, 100}}
)

func rateBP(c Category, baseFen int64) int {
	bands := incomeBands
	if c == Retired {
		bands = pensionBands
	}
	for _, b := range bands {
		if baseFen <= b.upTo {
			return b.bp
		}
	}
	return 0 // unreachable: the last band is unbounded
}

// Monthly is the dues of a member of category c with the given base (fen;
// ignored for fixed categories; zero gives zero dues), under the local
// options and an approved hardship reduction, if any (h may be nil).
func Monthly(c Category, baseFen int64, opt Options, h *Hardship) (Amount, error) {
	opt = opt.withDefaults()
	if err := opt.Validate(); err != nil {
		return Amount{}, err
	}
	switch {
	case !c.Valid():
		return Amount{}, errors.New("党费缴纳类别无效")
	case baseFen < 0:
		return Amount{}, errors.New("基数不能为负数")
	case baseFen > MaxFen:
		return Amount{}, errors.New("基数过大")
	}
	a := standard(c, baseFen, opt)
	if h == nil {
		return a, nil
	}
	return reduce(a, *h)
}

func standard(c Category, baseFen int64, opt Options) Amount {
	in := categoryInfos[c]
	if c.NeedsBase() {
		bp := rateBP(c, baseFen)
		fen := opt.Rounding.Apply(baseFen*int64(bp), 10000)
		rule := fmt.Sprintf("%s %s 元 × %s = %s 元", in.ruleBase, FormatYuan(baseFen), FormatPercent(bp), FormatYuan(fen))
		return Amount{Fen: fen, RateBP: bp, Rule: rule}
	}
	fen, note := FixedFen, ""
	if c == Farmer {
		fen = opt.FarmerFen
		if fen != MinFarmerFen {
			note = "（本地规定）"
		}
	}
	return Amount{Fen: fen, Rule: fmt.Sprintf("%s每月定额 %s 元%s", in.payer, FormatYuan(fen), note)}
}

// reduce applies a hardship decision. A reduction never raises the dues: if
// the standard amount has since fallen to or below it, the standard applies.
func reduce(a Amount, h Hardship) (Amount, error) {
	switch {
	case h.Exempt:
		return Amount{Rule: "困难党员经支部讨论、上级批准免交"}, nil
	case h.ReducedFen < 0:
		return Amount{}, errors.New("减交金额不能为负数")
	case h.ReducedFen == 0:
		return Amount{}, errors.New("减交金额应大于 0 元；全部免交请选择免交")
	case h.ReducedFen >= a.Fen:
		return a, nil
	}
	return Amount{Fen: h.ReducedFen, Rule: fmt.Sprintf("困难党员经支部讨论、上级批准减为每月 %s 元", FormatYuan(h.ReducedFen))}, nil
}
