package app

import (
	"context"
	"time"

	"dangjian/internal/members"
	"dangjian/internal/notices"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/db"
)

// noticeDirectory tells the notices capability about orgs and members.
type noticeDirectory struct {
	d *db.DB
	o *orgs.Service
	m *members.Service
}

var _ notices.OrgDirectory = noticeDirectory{}

func (x noticeDirectory) Get(ctx context.Context, id string) (notices.OrgRef, error) {
	o, err := x.o.Get(ctx, x.d, id)
	return notices.OrgRef{ID: o.ID, Name: o.Name, Path: o.Path, ParentID: o.ParentID,
		CreatedAt: time.UnixMilli(o.CreatedAt)}, err
}

func (x noticeDirectory) Names(ctx context.Context, ids []string) (map[string]string, error) {
	return x.o.Names(ctx, x.d, ids)
}

func (x noticeDirectory) Members(ctx context.Context, ids []string) ([]notices.MemberRef, error) {
	list, err := x.m.ActiveRecipients(ctx, ids)
	out := make([]notices.MemberRef, len(list))
	for i, r := range list {
		out[i] = notices.MemberRef{ID: r.ID, Name: r.Name, OrgID: r.OrgID, OrgPath: r.OrgPath}
	}
	return out, err
}
