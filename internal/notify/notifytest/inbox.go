package notifytest

import (
	"context"
	"slices"
	"testing"

	"dangjian/internal/notify"
)

// Titles is the sorted titles of the messages in an addressee's inbox.
func Titles(t testing.TB, n *notify.Service, addressee string) []string {
	t.Helper()
	items, _, err := n.Inbox(context.Background(), addressee, false, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		out = append(out, it.Title)
	}
	slices.Sort(out)
	return out
}
