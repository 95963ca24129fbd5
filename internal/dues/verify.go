package dues

import (
	"context"
	"fmt"
	"sort"

	"dangjian/internal/platform/db"
)

// Report is the outcome of verifying every org's ledger chain.
type Report struct {
	OK       bool   `json:"ok"`
	Checked  int64  `json:"checked"` // entries verified before the first break
	Chains   int    `json:"chains"`
	OrgID    string `json:"org_id"`    // the org whose chain is broken
	BrokenAt int64  `json:"broken_at"` // the seq of its first bad entry
	Message  string `json:"message"`
}

// Verify walks every org's ledger in seq order and names the first entry
// that was edited, removed or inserted out of order; each chain head must
// match its tip, or the last entries were removed.
func Verify(ctx context.Context, d *db.DB) (Report, error) {
	heads, err := chainHeads(ctx, d)
	if err != nil {
		return Report{}, err
	}
	rows, err := d.QueryContext(ctx, "SELECT "+entryColumns("")+" FROM dues_entries ORDER BY org_id, seq")
	if err != nil {
		return Report{}, err
	}
	defer rows.Close()
	var rep Report
	var tip chainHead
	org := ""
	for rows.Next() {
		var e entry
		if err := e.scan(rows); err != nil {
			return Report{}, err
		}
		if e.OrgID != org {
			if bad, ok := checkTip(&rep, org, tip, heads); !ok {
				return bad, nil
			}
			org, tip = e.OrgID, chainHead{}
		}
		switch {
		case e.Seq != tip.seq+1:
			return broken(rep, org, tip.seq+1, "缺失"), nil
		case e.PrevHash != tip.hash:
			return broken(rep, org, e.Seq, "与前一条的链接被破坏"), nil
		case e.digest() != e.Hash:
			return broken(rep, org, e.Seq, "内容被篡改"), nil
		}
		tip = chainHead{seq: e.Seq, hash: e.Hash}
		rep.Checked++
	}
	if err := rows.Err(); err != nil {
		return Report{}, err
	}
	if bad, ok := checkTip(&rep, org, tip, heads); !ok {
		return bad, nil
	}
	// Heads left over are chains whose every entry is gone.
	orphans := make([]string, 0, len(heads))
	for id, h := range heads {
		if h.seq > 0 {
			orphans = append(orphans, id)
		}
	}
	if len(orphans) > 0 {
		sort.Strings(orphans)
		return broken(rep, orphans[0], 1, "缺失"), nil
	}
	rep.OK = true
	rep.Message = fmt.Sprintf("党费账目完整，共校验 %d 个组织的 %d 条记录", rep.Chains, rep.Checked)
	return rep, nil
}

// checkTip closes the walk of org's chain (none when org is ""): its head
// must point at the last entry seen.
func checkTip(rep *Report, org string, tip chainHead, heads map[string]chainHead) (Report, bool) {
	if org == "" {
		return Report{}, true
	}
	head := heads[org]
	delete(heads, org)
	rep.Chains++
	if head != tip {
		return broken(*rep, org, tip.seq+1, fmt.Sprintf("缺失（末尾的记录被删除：应有 %d 条，实有 %d 条）", head.seq, tip.seq)), false
	}
	return Report{}, true
}

func broken(rep Report, org string, seq int64, what string) Report {
	rep.OrgID, rep.BrokenAt = org, seq
	rep.Message = fmt.Sprintf("组织 %s 的第 %d 条党费账目%s", org, seq, what)
	return rep
}

func chainHeads(ctx context.Context, q db.Querier) (map[string]chainHead, error) {
	rows, err := q.QueryContext(ctx, "SELECT org_id, seq, hash FROM dues_chain")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]chainHead{}
	for rows.Next() {
		var id string
		var h chainHead
		if err := rows.Scan(&id, &h.seq, &h.hash); err != nil {
			return nil, err
		}
		out[id] = h
	}
	return out, rows.Err()
}
