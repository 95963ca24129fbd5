package notices

import (
	"context"

	"dangjian/internal/notify"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/files"
)

// Summary is a notice in the publisher's list, with its receipt counts over
// the publishing org's whole subtree.
type Summary struct {
	ID            string `json:"id"`
	OrgID         string `json:"org_id"`
	OrgName       string `json:"org_name"`
	Title         string `json:"title"`
	State         string `json:"state"` // draft | scheduled | published | expired | withdrawn
	Pinned        bool   `json:"pinned"`
	AckRequired   bool   `json:"ack_required"`
	SMS           bool   `json:"sms"`
	PublishAt     string `json:"publish_at"`
	ExpiresAt     string `json:"expires_at"`
	CreatedAt     string `json:"created_at"`
	CreatedByName string `json:"created_by_name"`
	Total         int64  `json:"total"`
	Read          int64  `json:"read"`
	Acked         int64  `json:"acked"`
}

// Notice is the publisher's full view of a notice.
type Notice struct {
	Summary
	BodyHTML          string          `json:"body_html"`
	Attachments       []files.Info    `json:"attachments"`
	Audience          Audience        `json:"audience"`
	AudienceLabels    []string        `json:"audience_labels"`
	IncludeFutureOrgs bool            `json:"include_future_orgs"`
	Progress          notify.Progress `json:"progress"`
	PublishedAt       string          `json:"published_at"`
	RemindedAt        string          `json:"reminded_at"`
	WithdrawnAt       string          `json:"withdrawn_at"`
	WithdrawReason    string          `json:"withdraw_reason"`
	Deliveries        map[string]int  `json:"deliveries"`
	UpdatedAt         string          `json:"updated_at"`
	Version           int             `json:"version"`
}

// summary renders n with its org's name and its tallies.
func (s *Service) summary(ctx context.Context, n notice, orgName string, now int64) (Summary, error) {
	v := Summary{ID: n.ID, OrgID: n.OrgID, OrgName: orgName, Title: n.Title, State: n.displayState(now),
		Pinned: n.Pinned, AckRequired: n.AckRequired, SMS: n.SMS, PublishAt: clock.Stamp(n.PublishAt),
		ExpiresAt: clock.Stamp(n.ExpiresAt), CreatedAt: clock.Stamp(n.CreatedAt), CreatedByName: n.CreatedByName}
	if n.PublishedAt == 0 {
		return v, nil
	}
	whole, _, err := s.notify.Tallies(ctx, kindNotice, n.ID, n.OrgPath)
	v.Total, v.Read, v.Acked = whole.Total, whole.Read, whole.Acked
	return v, err
}

// view renders the full notice.
func (s *Service) view(ctx context.Context, n notice) (Notice, error) {
	names, err := s.orgs.Names(ctx, []string{n.OrgID})
	if err != nil {
		return Notice{}, err
	}
	sum, err := s.summary(ctx, n, names[n.OrgID], ms(s.clk.Now()))
	if err != nil {
		return Notice{}, err
	}
	v := Notice{Summary: sum, BodyHTML: n.BodyHTML, Audience: n.Audience.normalized(),
		IncludeFutureOrgs: n.IncludeFutureOrgs, PublishedAt: clock.Stamp(n.PublishedAt),
		RemindedAt: clock.Stamp(n.RemindedAt), WithdrawnAt: clock.Stamp(n.WithdrawnAt),
		WithdrawReason: n.WithdrawReason, Deliveries: map[string]int{}, UpdatedAt: clock.Stamp(n.UpdatedAt),
		Version: n.Version}
	if v.Attachments, err = s.attachmentInfos(ctx, n); err != nil {
		return Notice{}, err
	}
	if v.AudienceLabels, err = s.audienceLabels(ctx, v.Audience); err != nil {
		return Notice{}, err
	}
	if n.PublishedAt > 0 {
		if v.Progress, err = s.notify.FanoutProgress(ctx, kindNotice, n.ID); err != nil {
			return Notice{}, err
		}
		counts, err := s.notify.DeliveryCounts(ctx, n.ID)
		if err != nil {
			return Notice{}, err
		}
		for k, c := range counts {
			v.Deliveries[k] = c
		}
	}
	return v, nil
}

// attachmentInfos describes the notice's attachments in their order.
func (s *Service) attachmentInfos(ctx context.Context, n notice) ([]files.Info, error) {
	out := []files.Info{}
	if len(n.Attachments) == 0 {
		return out, nil
	}
	infos, err := s.files.Infos(ctx, s.db, n.Attachments)
	if err != nil {
		return nil, err
	}
	for _, id := range n.Attachments {
		if i, ok := infos[id]; ok {
			out = append(out, i)
		}
	}
	return out, nil
}
