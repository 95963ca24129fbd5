package app

import (
	"context"
	"slices"

	"dangjian/internal/auth"
	"dangjian/internal/members"
	"dangjian/internal/notify"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
)

// notifyDirectory tells the message center who is in an audience and how to
// reach them, from the orgs, members and auth capabilities.
type notifyDirectory struct {
	d *db.DB
	o *orgs.Service
	m *members.Service
	a *auth.Service
}

var _ notify.Directory = notifyDirectory{}

// officerTitles are the posts told about an org's affairs.
var officerTitles = []string{"secretary", "deputy_secretary"}

func toRecipients(list []members.Recipient) []notify.Recipient {
	out := make([]notify.Recipient, len(list))
	for i, r := range list {
		out[i] = notify.Recipient{ID: r.ID, OrgID: r.OrgID, OrgPath: r.OrgPath}
	}
	return out
}

func (x notifyDirectory) SubtreeMembers(ctx context.Context, path string, after notify.Cursor, limit int) ([]notify.Recipient, notify.Cursor, error) {
	list, err := x.m.RecipientsAfter(ctx, path, after.Path, after.Name, after.ID, limit)
	if err != nil || len(list) == 0 {
		return nil, after, err
	}
	last := list[len(list)-1]
	return toRecipients(list), notify.Cursor{Path: last.OrgPath, Name: last.Name, ID: last.ID}, nil
}

func (x notifyDirectory) PositionHolders(ctx context.Context, path string, titles []string) ([]notify.Recipient, error) {
	posts, err := x.o.HoldersUnder(ctx, x.d, path, titles)
	if err != nil {
		return nil, err
	}
	return x.Members(ctx, holderIDs(posts))
}

func holderIDs(posts []orgs.Position) []string {
	ids := make([]string, len(posts))
	for i, p := range posts {
		ids[i] = p.MemberID
	}
	return ids
}

func (x notifyDirectory) Members(ctx context.Context, ids []string) ([]notify.Recipient, error) {
	list, err := x.m.ActiveRecipients(ctx, ids)
	return toRecipients(list), err
}

// Officers are the org's secretary and deputies (as members) and the
// accounts administering it there.
func (x notifyDirectory) Officers(ctx context.Context, orgID string) ([]notify.Recipient, error) {
	org, err := x.o.Get(ctx, x.d, orgID)
	if err != nil {
		return nil, err
	}
	posts, err := x.o.Positions(ctx, x.d, orgID, false)
	if err != nil {
		return nil, err
	}
	var own []orgs.Position
	for _, p := range posts {
		if slices.Contains(officerTitles, p.Title) {
			own = append(own, p)
		}
	}
	out, err := x.Members(ctx, holderIDs(own))
	if err != nil {
		return nil, err
	}
	admins, err := x.a.Administrators(ctx, orgID, authz.OrgAdmin, authz.PartyWorker)
	for _, a := range admins {
		out = append(out, notify.Recipient{ID: a.Addressee(), OrgID: org.ID, OrgPath: org.Path})
	}
	return out, err
}

func (x notifyDirectory) OrgPath(ctx context.Context, orgID string) (string, error) {
	return x.o.PathOf(ctx, x.d, orgID)
}

func (x notifyDirectory) Phone(ctx context.Context, addressee string) (string, error) {
	return x.m.Phone(ctx, addressee)
}

// Names resolves members first, then accounts that belong to no member.
func (x notifyDirectory) Names(ctx context.Context, ids []string) (map[string]string, error) {
	names, err := x.m.MemberNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	var rest []string
	for _, id := range ids {
		if _, ok := names[id]; !ok {
			rest = append(rest, id)
		}
	}
	accounts, err := x.a.DisplayNames(ctx, rest)
	for id, n := range accounts {
		names[id] = n
	}
	return names, err
}
