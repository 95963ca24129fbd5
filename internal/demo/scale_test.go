package demo

import (
	"fmt"
	"hash/fnv"
	"testing"
)

// scaleDigest runs Scale and returns a digest of everything it yields.
func scaleDigest(t *testing.T, seed uint64, n int) (uint64, int, int) {
	t.Helper()
	h := fnv.New64a()
	orgs, members := 0, 0
	err := ScaleWith(seed, n, ScaleOptions{Today: testDay}, func(b *Batch) error {
		for _, o := range b.Orgs {
			fmt.Fprintf(h, "%+v\n", o)
		}
		for _, m := range b.Members {
			fmt.Fprintf(h, "%+v\n", m)
		}
		orgs += len(b.Orgs)
		members += len(b.Members)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return h.Sum64(), orgs, members
}

func TestScaleDeterministic(t *testing.T) {
	a, _, _ := scaleDigest(t, 5, 12345)
	b, _, _ := scaleDigest(t, 5, 12345)
	c, _, _ := scaleDigest(t, 6, 12345)
	if a != b {
		t.Fatal("same seed must give the same data")
	}
	if a == c {
		t.Fatal("a different seed must give different data")
	}
}

func TestScaleCounts(t *testing.T) {
	for _, n := range []int{1, 2, 7, 100, 999, 20000} {
		_, orgs, members := scaleDigest(t, 3, n)
		if members != n {
			t.Errorf("Scale(%d) made %d members", n, members)
		}
		if n >= 1000 {
			between(t, fmt.Sprintf("orgs per 20 members at %d", n), float64(orgs)/float64(n)*20, 0.9, 1.1)
		}
	}
}

// TestScaleStream checks the batch contract (parents first, members after
// their org, bounded batches) and the quality of people at scale.
func TestScaleStream(t *testing.T) {
	n := 200_000
	if testing.Short() {
		n = 20_000
	}
	known := map[string]string{} // code → kind
	size := map[string]int{}
	ids, phones := map[uint64]bool{}, map[uint64]bool{}
	kinds := map[string]int{}
	units := map[string]int{}
	joint, temporary, maxDepth := 0, 0, 0
	err := ScaleWith(9, n, ScaleOptions{Today: testDay, BatchSize: 5000}, func(b *Batch) error {
		if len(b.Members) > 5000+45 {
			t.Fatalf("batch of %d members", len(b.Members))
		}
		for _, o := range b.Orgs {
			if _, dup := known[o.Code]; dup {
				t.Fatalf("duplicate code %s", o.Code)
			}
			if o.ParentCode != "" && known[o.ParentCode] == "" {
				t.Fatalf("%s before its parent", o.Code)
			}
			known[o.Code] = o.Kind
			kinds[o.Kind]++
			if o.Kind == KindBranch {
				units[o.UnitType]++
			}
			if o.Joint {
				joint++
			}
			if o.Temporary {
				temporary++
			}
			depth := 0
			for _, c := range o.Code {
				if c == '-' {
					depth++
				}
			}
			maxDepth = max(maxDepth, depth)
		}
		for _, m := range b.Members {
			if known[m.OrgCode] != KindBranch {
				t.Fatalf("member of %s (%s)", m.OrgCode, known[m.OrgCode])
			}
			size[m.OrgCode]++
		}
		checkPeople(t, testDay, b.Members, ids, phones)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != n {
		t.Fatalf("%d members", len(ids))
	}
	for code, k := range known {
		if k == KindBranch && (size[code] < 3 || size[code] > 45) {
			t.Errorf("branch %s has %d members", code, size[code])
		}
	}
	if maxDepth < 4 || kinds[KindGeneralBranch] == 0 || kinds[KindCommittee] == 0 || joint == 0 || temporary == 0 {
		t.Errorf("tree too flat or plain: depth %d, kinds %v, joint %d, temporary %d", maxDepth, kinds, joint, temporary)
	}
	for _, u := range []string{UnitGovernment, UnitInstitution, UnitEnterprise, UnitVillage, UnitCommunity, UnitSchool, UnitRetired} {
		if units[u] == 0 {
			t.Errorf("no %s branches", u)
		}
	}
}

func TestScaleStopsOnError(t *testing.T) {
	calls := 0
	err := Scale(1, 50_000, func(*Batch) error {
		calls++
		return fmt.Errorf("stop")
	})
	if err == nil || calls != 1 {
		t.Fatalf("err=%v calls=%d", err, calls)
	}
}

func BenchmarkScaleGenerate(b *testing.B) {
	for b.Loop() {
		Scale(1, 100_000, func(*Batch) error { return nil })
	}
}
