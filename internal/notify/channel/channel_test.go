package channel

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestIsPermanent(t *testing.T) {
	cases := []struct {
		err  error
		want bool
	}{
		{ErrNotConfigured, true},
		{permanent("x", "y"), true},
		{temporary("x", "y"), false},
		{fmt.Errorf("wrapped: %w", permanent("x", "y")), true},
		{networkError(errors.New("reset")), false},
		{errors.New("unknown"), false},
	}
	for _, c := range cases {
		if got := IsPermanent(c.err); got != c.want {
			t.Errorf("IsPermanent(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

func TestUnconfigured(t *testing.T) {
	_, err := Unconfigured{Channel: "sms"}.Send(context.Background(), Message{To: "13800000000"})
	if !errors.Is(err, ErrNotConfigured) {
		t.Fatalf("err = %v, want ErrNotConfigured", err)
	}
	// Providers without credentials behave the same.
	for _, s := range []Sender{&Aliyun{}, &Tencent{}, &SMTP{}} {
		if _, err := s.Send(context.Background(), Message{}); !errors.Is(err, ErrNotConfigured) {
			t.Errorf("%T: err = %v, want ErrNotConfigured", s, err)
		}
	}
}

func TestValidPhone(t *testing.T) {
	for s, want := range map[string]bool{
		"13800000000": true, "1380000000": false, "23800000000": false,
		"1380000000a": false, "+8613800000000": false,
	} {
		if validPhone(s) != want {
			t.Errorf("validPhone(%q) != %v", s, want)
		}
	}
}
