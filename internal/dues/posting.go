package dues

import (
	"context"
	"sync"

	"dangjian/internal/dues/rules"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/db"
)

// PostResult is what posting a month's charges did.
type PostResult struct {
	Month   string `json:"month"`
	Posted  int    `json:"posted"`  // charges appended now
	Already int    `json:"already"` // members charged for the month before
	// Missing lists (up to maxMissingListed) members who owe the month but
	// have no confirmed base (未申报基数): nothing was charged for them.
	Missing      []MissingBase `json:"missing"`
	MissingCount int           `json:"missing_count"`
}

// MissingBase is a member without a confirmed base.
type MissingBase struct {
	MemberID   string `json:"member_id"`
	MemberName string `json:"member_name"`
	OrgID      string `json:"org_id"`
	OrgName    string `json:"org_name"`
}

const (
	// postChunk members are read, assessed and charged per transaction: few
	// enough that each IN list is one query (idsPerQuery) and a transaction
	// holds its chain locks briefly, many enough that a million members cost
	// a few hundred round trips per table.
	postChunk = 4000
	// maxMissingListed keeps the answer for a whole province readable; the
	// count is always exact.
	maxMissingListed = 1000
)

// post appends the charges for month m of every member under path ("/" is
// the whole tree) who owes it and has none yet. It is idempotent. Chunks are
// charged by parallel workers on PostgreSQL; the directory is paged by one.
func (s *Service) post(ctx context.Context, path, auditOrg string, m rules.Month) (PostResult, error) {
	res := PostResult{Month: m.String(), Missing: []MissingBase{}}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan []Member)
	var mu sync.Mutex
	var firstErr error
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		cancel()
	}
	var wg sync.WaitGroup
	for range s.postWorkers() {
		wg.Go(func() {
			for page := range chunks {
				r, err := s.postChunk(ctx, page, auditOrg, m)
				if err != nil {
					fail(err)
					continue
				}
				mu.Lock()
				res.add(r)
				mu.Unlock()
			}
		})
	}
	s.pageMembers(ctx, path, chunks, fail)
	close(chunks)
	wg.Wait()
	if firstErr != nil {
		return res, firstErr
	}
	return res, s.nameOrgs(ctx, res.Missing)
}

// postWorkers is how many chunks are charged at once: SQLite has a single
// writer anyway.
func (s *Service) postWorkers() int {
	if s.db.Dialect() == db.Postgres {
		return 4
	}
	return 1
}

// pageMembers sends the members under path to out, postChunk at a time,
// until the directory is exhausted or ctx is cancelled.
func (s *Service) pageMembers(ctx context.Context, path string, out chan<- []Member, fail func(error)) {
	var after Member
	for {
		page, err := s.dir.MembersUnder(ctx, path, after, postChunk)
		if err != nil {
			fail(err)
			return
		}
		if len(page) == 0 {
			return
		}
		select {
		case out <- page:
		case <-ctx.Done():
			return
		}
		if len(page) < postChunk {
			return
		}
		after = page[len(page)-1]
	}
}

func (r *PostResult) add(c PostResult) {
	r.Posted += c.Posted
	r.Already += c.Already
	r.MissingCount += c.MissingCount
	r.Missing = append(r.Missing, c.Missing[:min(len(c.Missing), maxMissingListed-len(r.Missing))]...)
}

// postChunk charges month m to the members of one page in one transaction.
func (s *Service) postChunk(ctx context.Context, page []Member, auditOrg string, m rules.Month) (PostResult, error) {
	var res PostResult
	owing := make([]Member, 0, len(page))
	for _, mb := range page {
		if rules.Owes(mb.JoinedOn, m) {
			owing = append(owing, mb)
		}
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		res = PostResult{}
		// Locked before looking for charges: a posting of the same month
		// running at once (the job and a secretary) waits, then sees them.
		orgIDs := make([]string, len(owing))
		for i, mb := range owing {
			orgIDs[i] = mb.OrgID
		}
		if _, err := s.lockChains(ctx, tx, orgIDs); err != nil {
			return err
		}
		charged, err := chargedMembers(ctx, tx, owing, m)
		if err != nil {
			return err
		}
		todo := make([]Member, 0, len(owing))
		for _, mb := range owing {
			if !charged[mb.ID] {
				todo = append(todo, mb)
			}
		}
		res.Already = len(owing) - len(todo)
		as, err := s.assess(ctx, tx, todo, m)
		if err != nil {
			return err
		}
		entries := make([]entry, 0, len(todo))
		for _, mb := range todo {
			a := as[mb.ID]
			if a.Missing {
				res.MissingCount++
				res.Missing = append(res.Missing, MissingBase{MemberID: mb.ID, MemberName: mb.Name, OrgID: mb.OrgID})
				continue
			}
			entries = append(entries, chargeEntry(mb, m, a))
		}
		if len(entries) == 0 {
			return nil
		}
		res.Posted = len(entries)
		if err := s.appendEntries(ctx, tx, entries); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "dues.post", TargetType: "org",
			TargetID: auditOrg, After: map[string]any{"month": m.String(), "posted": len(entries)}})
	})
	return res, err
}

// chargeEntry is the charge of month m to a member as assessed.
func chargeEntry(mb Member, m rules.Month, a Assessment) entry {
	return entry{OrgID: mb.OrgID, OrgPath: mb.OrgPath, MemberID: mb.ID, Month: m, Kind: kindCharge,
		DueFen: a.Amount.Fen, Category: string(a.Category), BaseFen: a.BaseFen, Rule: a.Amount.Rule}
}

// chargedMembers tells which of the members have a charge entry for month m
// (reversed or not: a reversed charge was a deliberate correction).
func chargedMembers(ctx context.Context, q db.Querier, members []Member, m rules.Month) (map[string]bool, error) {
	ids := make([]string, len(members))
	for i, mb := range members {
		ids[i] = mb.ID
	}
	out := map[string]bool{}
	err := eachChunk(ids, func(part []string) error {
		list, err := db.StringColumn(ctx, q, "SELECT DISTINCT member_id FROM dues_entries WHERE month = ? AND kind = '"+
			kindCharge+"' AND member_id IN ("+db.Placeholders(len(part))+")", append([]any{int(m)}, db.Strings(part)...)...)
		for _, id := range list {
			out[id] = true
		}
		return err
	})
	return out, err
}

// nameOrgs fills in the org names of the missing list.
func (s *Service) nameOrgs(ctx context.Context, list []MissingBase) error {
	orgIDs := make([]string, 0, len(list))
	for _, mb := range list {
		orgIDs = append(orgIDs, mb.OrgID)
	}
	names, err := s.dir.Names(ctx, orgIDs)
	for i := range list {
		list[i].OrgName = names[list[i].OrgID]
	}
	return err
}
