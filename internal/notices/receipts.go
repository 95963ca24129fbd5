package notices

import (
	"net/http"
	"sort"
	"strings"

	"dangjian/internal/notify"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Count is how many of an org's recipients got, read and confirmed a notice.
type Count struct {
	Total  int64 `json:"total"`
	Read   int64 `json:"read"`
	Unread int64 `json:"unread"`
	Acked  int64 `json:"acked"`
}

func countOf(t notify.Tally) Count {
	return Count{Total: t.Total, Read: t.Read, Unread: t.Unread(), Acked: t.Acked}
}

// OrgCount is the count of one child org with its subtree.
type OrgCount struct {
	OrgID   string `json:"org_id"`
	OrgName string `json:"org_name"`
	Count
}

// OrgName is an org as a drill-down level names it.
type OrgName struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Receipts is the drill-down of a notice's receipts at one org: the whole
// subtree, the org's own members, and each child org with its subtree.
type Receipts struct {
	Org      OrgName    `json:"org"`
	Whole    Count      `json:"whole"`
	Direct   Count      `json:"direct"`
	Children []OrgCount `json:"children"`
}

// Person is one recipient in a receipt list.
type Person struct {
	RecipientID string `json:"recipient_id"`
	Name        string `json:"name"`
	OrgID       string `json:"org_id"`
	OrgName     string `json:"org_name"`
	ReadAt      string `json:"read_at"`
	AckedAt     string `json:"acked_at"`
}

// receiptLevel loads the notice and the org whose receipts are asked for
// (org_id, by default the publisher): it must lie inside the notice's org
// subtree and the caller's NoticeRead scope, else the notice is not found.
// So a branch may see how its own members answered a notice from above,
// but nothing of another branch.
func (s *Service) receiptLevel(r *http.Request) (notice, OrgRef, error) {
	ctx := r.Context()
	n, err := loadNotice(ctx, s.db, r.PathValue("id"))
	if db.IsNoRows(err) {
		return n, OrgRef{}, httpx.NotFound()
	}
	if err != nil {
		return n, OrgRef{}, err
	}
	orgID := r.URL.Query().Get("org_id")
	if orgID == "" {
		orgID = n.OrgID
	}
	org, err := s.orgs.Get(ctx, orgID)
	if db.IsNoRows(err) || (err == nil && (!strings.HasPrefix(org.Path, n.OrgPath) ||
		!authz.From(ctx).Can(authz.NoticeRead, org.Path))) {
		return n, OrgRef{}, httpx.NotFound()
	}
	return n, org, err
}

func (s *Service) handleReceipts(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	n, org, err := s.receiptLevel(r)
	if err != nil {
		return err
	}
	whole, byOrg, err := s.notify.Tallies(ctx, kindNotice, n.ID, org.Path)
	if err != nil {
		return err
	}
	out := Receipts{Org: OrgName{ID: org.ID, Name: org.Name}, Whole: countOf(whole), Children: []OrgCount{}}
	var childIDs []string
	for _, t := range byOrg {
		if t.OrgID != org.ID {
			childIDs = append(childIDs, t.OrgID)
		}
	}
	names, err := s.orgs.Names(ctx, childIDs)
	if err != nil {
		return err
	}
	for _, t := range byOrg {
		if t.OrgID == org.ID {
			out.Direct = countOf(t)
			continue
		}
		out.Children = append(out.Children, OrgCount{OrgID: t.OrgID, OrgName: names[t.OrgID], Count: countOf(t)})
	}
	sort.SliceStable(out.Children, func(i, j int) bool { return out.Children[i].OrgName < out.Children[j].OrgName })
	return httpx.WriteJSON(w, http.StatusOK, out)
}

func (s *Service) handleReceiptPeople(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	n, org, err := s.receiptLevel(r)
	if err != nil {
		return err
	}
	state := r.URL.Query().Get("state")
	if !notify.ValidState(state) {
		var fe httpx.Fields
		fe.Add("state", "invalid", "状态应为 unread、read、acked 或 not_acked")
		return fe.Err()
	}
	pg, err := httpx.PageOf(r)
	if err != nil {
		return err
	}
	list, total, err := s.notify.Receipts(ctx, kindNotice, n.ID, org.Path, state, pg.Size, pg.Offset())
	if err != nil {
		return err
	}
	var orgIDs []string
	for _, rc := range list {
		orgIDs = append(orgIDs, rc.OrgID)
	}
	names, err := s.orgs.Names(ctx, uniq(orgIDs))
	if err != nil {
		return err
	}
	items := make([]Person, 0, len(list))
	for _, rc := range list {
		items = append(items, Person{RecipientID: rc.Recipient, Name: rc.Name, OrgID: rc.OrgID,
			OrgName: names[rc.OrgID], ReadAt: rc.ReadAt, AckedAt: rc.AckedAt})
	}
	return httpx.WriteJSON(w, http.StatusOK, httpx.List[Person]{Items: items, Total: total, Page: pg.Page, PageSize: pg.Size})
}
