package settings

import (
	"slices"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	odd := func(v string) string {
		if v == "bad" {
			return "不行"
		}
		return ""
	}
	choice := Item{Label: "开关", Options: []string{"on", "off"}}
	number := Item{Label: "天数", Min: 1, Max: 28}
	cases := []struct {
		name string
		it   Item
		v    string
		want string // substring of the message; "" for valid
	}{
		{"option ok", choice, "on", ""},
		{"option bad", choice, "yes", "开关应为 on、off 之一"},
		{"number ok", number, "28", ""},
		{"number low", number, "0", "天数应为 1–28 的整数"},
		{"number high", number, "29", "天数应为 1–28 的整数"},
		{"number text", number, "x", "天数应为 1–28 的整数"},
		{"check ok", Item{Check: odd}, "fine", ""},
		{"check bad", Item{Check: odd}, "bad", "不行"},
		{"number then check", Item{Label: "n", Max: 9, Check: odd}, "10", "n应为 0–9 的整数"},
		{"option then check", Item{Options: []string{"bad", "good"}, Check: odd}, "bad", "不行"},
	}
	for _, c := range cases {
		got := c.it.Validate(c.v)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: Validate(%q) = %q, want %q", c.name, c.v, got, c.want)
		}
	}
}

func TestValues(t *testing.T) {
	v := Values{
		"n":   {Value: "7", Default: "3"},
		"bad": {Value: "x", Default: "3"},
		"on":  {Value: "on"},
		"off": {Value: "off"},
	}
	if v.Int("n") != 7 || v.Int("bad") != 3 || v.Int("missing") != 0 {
		t.Errorf("Int: n %d bad %d missing %d", v.Int("n"), v.Int("bad"), v.Int("missing"))
	}
	if !v.On("on") || v.On("off") || v.On("missing") {
		t.Error("On misreads on/off")
	}
	if v.String("n") != "7" || v.String("missing") != "" {
		t.Errorf("String: %q %q", v.String("n"), v.String("missing"))
	}
}

func TestPathIDs(t *testing.T) {
	for path, want := range map[string][]string{"/a/b/c/": {"a", "b", "c"}, "/a/": {"a"}, "": nil, "/": nil} {
		if got := PathIDs(path); !slices.Equal(got, want) {
			t.Errorf("PathIDs(%q) = %q, want %q", path, got, want)
		}
	}
}
