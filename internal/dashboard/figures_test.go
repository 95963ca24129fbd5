package dashboard

import (
	"strings"
	"testing"
	"time"

	"dangjian/internal/rollup"
)

func TestMoneyAndMonths(t *testing.T) {
	for fen, want := range map[int64]string{0: "0.00", 5: "0.05", 150: "1.50", 123456: "1234.56", -250: "-2.50"} {
		if got := yuan(fen); got != want {
			t.Errorf("yuan(%d) = %s, want %s", fen, got, want)
		}
	}
	if n, _ := money(149); n != 1 {
		t.Errorf("money(149) rounds to %d 元", n)
	}
	if n, _ := money(150); n != 2 {
		t.Errorf("money(150) rounds to %d 元", n)
	}
	jan := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	if got := strings.Join(lastMonths(jan, 3), " "); got != "2025-11 2025-12 2026-01" {
		t.Errorf("lastMonths across a year: %s", got)
	}
	if got := lastCompleteMonth(jan); got != "2025-12" {
		t.Errorf("lastCompleteMonth: %s", got)
	}
	if got := strings.Join(yearMonths(jan), " "); got != "2026-01" {
		t.Errorf("yearMonths in January: %s", got)
	}
	if percent(2, 3) != 66 || percent(1, 0) != 0 {
		t.Error("percent rounds down and is 0 of nothing")
	}
}

// labels is a Directory that only names codes.
type labels struct{ Directory }

func (labels) Label(list, code string) string {
	return map[string]string{"gender:female": "女"}[list+":"+code]
}

func TestRankedFigureSumsTheRestIntoOther(t *testing.T) {
	r := reading{s: &Service{dir: labels{}}, f: rollup.Figures{"members.ethnicity": {"汉族": 9, "回族": 3, "满族": 3, "壮族": 1, bucketNone: 2}}}
	var got []string
	for _, b := range r.ranked("members.ethnicity", 2).Buckets {
		got = append(got, b.Label+"="+string(rune('0'+b.N)))
	}
	if strings.Join(got, " ") != "汉族=9 回族=3 其他=6" {
		t.Errorf("ranked: %v", got)
	}
	r.f = rollup.Figures{"members.gender": {"female": 2, bucketNone: 1}}
	if got := r.ranked("members.gender", 0).Buckets; got[0].Label != "女" || got[1].Label != "未填写" {
		t.Errorf("gender labels: %+v", got)
	}
}
