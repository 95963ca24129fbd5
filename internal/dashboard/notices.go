package dashboard

import "context"

// The notices panel covers the notices published in the subtree in the
// last noticeDays days, the newest noticeLimit of them, read from the
// receipt tallies the message center keeps.
const (
	noticeDays  = 90
	noticeLimit = 50
)

func (s *Service) noticeRates(ctx context.Context, org OrgRef) ([]NoticeRate, error) {
	since := s.today().AddDate(0, 0, -noticeDays)
	return s.dir.NoticeRates(ctx, org.Path, since, noticeLimit)
}

// noticeHeadline is the headline of the receipts ts of n notices.
func noticeHeadline(n int64, ts []Tally) []Headline {
	var total, read int64
	for _, t := range ts {
		total, read = total+t.Total, read+t.Read
	}
	return []Headline{{Key: "notices", Label: "近90天发布通知", N: n},
		{Key: "recipients", Label: "应读人次", N: total}, {Key: "read", Label: "已读人次", N: read},
		{Key: "read_rate", Label: "阅读率", N: percent(read, total), Unit: "%"}}
}

// noticesPanel is the org's headline and each notice's read rate.
func (s *Service) noticesPanel(ctx context.Context, org OrgRef) ([]Headline, []Figure, error) {
	list, err := s.noticeRates(ctx, org)
	if err != nil {
		return nil, nil, err
	}
	fig := Figure{Metric: "notices.read_rate", Label: metricLabels["notices.read_rate"], Unit: "%", Buckets: []Bucket{}}
	whole := make([]Tally, len(list))
	for i, n := range list {
		whole[i] = n.Whole
		fig.Buckets = append(fig.Buckets, Bucket{Bucket: n.ID, Label: n.Title, N: percent(n.Whole.Read, n.Whole.Total)})
	}
	return noticeHeadline(int64(len(list)), whole), []Figure{fig}, nil
}

// noticesByChild is each child's headline over the same notices: the
// receipts of the child's subtree.
func (s *Service) noticesByChild(ctx context.Context, org OrgRef, kids []OrgRef) (map[string][]Headline, error) {
	list, err := s.noticeRates(ctx, org)
	if err != nil {
		return nil, err
	}
	byKid := map[string][]Tally{}
	for _, n := range list {
		for _, t := range n.ByOrg {
			byKid[t.OrgID] = append(byKid[t.OrgID], t)
		}
	}
	out := make(map[string][]Headline, len(kids))
	for _, k := range kids {
		out[k.ID] = noticeHeadline(int64(len(byKid[k.ID])), byKid[k.ID])
	}
	return out, nil
}
