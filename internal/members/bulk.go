package members

import (
	"context"
	"runtime"
	"sync"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/ids"
)

// BulkMember is one member for BulkLoad: already valid, personal data in
// plaintext (it is sealed on the way in).
type BulkMember struct {
	ID, OrgID, OrgPath, Name, Gender, Ethnicity, BirthDate, IDNumber, Phone, Address,
	Education, Category, Status, JoinedOn, FullMemberOn string
}

// BulkLoad inserts generated members fast (demo and benchmark data): sealed
// personal data, blind indexes and masked copies like any member, but no
// validation, history, domain events or audit per row, and the counts are
// not maintained: call RebuildCounts afterwards.
func (s *Service) BulkLoad(ctx context.Context, q db.Querier, batch []BulkMember) error {
	at := s.clk.Now()
	recs := make([]record, len(batch))
	err := parallel(len(batch), func(i int) error {
		b := batch[i]
		r := record{ID: b.ID, OrgID: b.OrgID, OrgPath: b.OrgPath, State: StateActive,
			CreatedAt: at.UnixMilli(), UpdatedAt: at.UnixMilli(), Version: 1}
		if r.ID == "" {
			r.ID = ids.At(at)
		}
		d := Details{Name: b.Name, Gender: b.Gender, Ethnicity: b.Ethnicity, BirthDate: b.BirthDate,
			IDNumber: b.IDNumber, Phone: b.Phone, Address: b.Address, Education: b.Education,
			Category: b.Category, Status: b.Status, JoinedOn: b.JoinedOn, FullMemberOn: b.FullMemberOn}
		if err := s.seal(d, &r); err != nil {
			return err
		}
		recs[i] = r
		return nil
	})
	if err != nil {
		return err
	}
	return insertRecords(ctx, q, recs)
}

// parallel runs fn(0..n-1) on all CPUs (sealing is the costly part of
// loading members) and returns the first error.
func parallel(n int, fn func(i int) error) error {
	workers := min(runtime.GOMAXPROCS(0), max(1, n/256))
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				if err := fn(i); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
