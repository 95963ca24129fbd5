package members

import (
	"context"
	"strconv"
	"strings"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/outbox"
)

// plan is what an import will write.
type plan struct {
	creates []int // candidate indexes
	updates []pendingUpdate
}

// pendingUpdate is an existing member whose row differs.
type pendingUpdate struct {
	cand   int
	before record
	old    Details
}

// errImportRace: a member changed between reading and writing.
var errImportRace = httpx.Conflict("version_conflict", "导入期间有党员信息被他人修改，请重新导入")

// match looks the ID numbers up (500 per query) and sorts the rows into
// new, changed and unchanged; members outside the subtree or ended are
// refused without saying more than that the number is registered.
func (im *importer) match(ctx context.Context, q db.Querier) error {
	idxs := make([]string, len(im.cands))
	for k, c := range im.cands {
		idxs[k] = c.idx
	}
	existing, err := byIDIndex(ctx, q, idxs)
	if err != nil {
		return err
	}
	for k, c := range im.cands {
		i := im.candRow[k]
		e, ok := existing[c.idx]
		switch {
		case !ok && c.orgMsg != "":
			im.refuse(i, "所在组织", c.orgMsg)
		case !ok:
			im.plan.creates = append(im.plan.creates, k)
		case !strings.HasPrefix(e.OrgPath, im.target.Path):
			im.refuse(i, "身份证号", "该身份证号已登记")
		case !e.active():
			im.refuse(i, "身份证号", "该身份证号对应的党员已出党（档案保留），不能通过导入恢复")
		default:
			old, err := im.s.unseal(e)
			if err != nil {
				return err
			}
			if old == c.d && (!c.orgSet || c.org.ID == e.OrgID) {
				im.report.Unchanged++
				continue
			}
			im.plan.updates = append(im.plan.updates, pendingUpdate{cand: k, before: e, old: old})
		}
	}
	return nil
}

// write applies the plan: multi-row inserts, one UPDATE per changed
// member, the counts in one upsert, history, domain events.
func (im *importer) write(ctx context.Context, tx *db.Tx) error {
	creates, err := im.newRecords()
	if err != nil {
		return err
	}
	if err := insertRecords(ctx, tx, creates); err != nil {
		return uniqueAsDuplicate(err)
	}
	d := deltas{}
	var hist []event
	var evs []outbox.Event
	for k, r := range creates {
		d.member(r.OrgPath, r.Status, +1)
		c := im.cands[im.plan.creates[k]]
		hist = append(hist, im.s.newEvent(ctx, im.now, r.ID, kindCreated, "",
			"通过导入登记，编入「"+c.org.Name+"」（文件："+im.filename+"）", ""))
		evs = append(evs, memberEvent("member.created", r, nil))
	}
	h, e, err := im.applyUpdates(ctx, tx, d)
	if err != nil {
		return err
	}
	hist, evs = append(hist, h...), append(evs, e...)
	if err := d.apply(ctx, tx); err != nil {
		return err
	}
	if err := insertEvents(ctx, tx, hist); err != nil {
		return err
	}
	if err := outbox.EmitAllAt(ctx, tx, im.now, evs); err != nil {
		return err
	}
	im.report.Created, im.report.Updated = len(creates), len(im.plan.updates)
	return nil
}

// newRecords seals the new members (on all CPUs: sealing is most of the
// work of a large import).
func (im *importer) newRecords() ([]record, error) {
	out := make([]record, len(im.plan.creates))
	at := im.now.UnixMilli()
	err := parallel(len(out), func(k int) error {
		c := im.cands[im.plan.creates[k]]
		r := record{ID: ids.At(im.now), OrgID: c.org.ID, OrgPath: c.org.Path, State: StateActive,
			CreatedAt: at, UpdatedAt: at, Version: 1}
		if err := im.s.seal(c.d, &r); err != nil {
			return err
		}
		out[k] = r
		return nil
	})
	return out, err
}

// applyUpdates rewrites the changed members and returns their history and
// domain events; count changes go into d.
func (im *importer) applyUpdates(ctx context.Context, tx *db.Tx, d deltas) ([]event, []outbox.Event, error) {
	names, err := im.movedFromNames(ctx, tx)
	if err != nil {
		return nil, nil, err
	}
	var hist []event
	var evs []outbox.Event
	for _, u := range im.plan.updates {
		c := im.cands[u.cand]
		nr := u.before
		if err := im.s.seal(c.d, &nr); err != nil {
			return nil, nil, err
		}
		if c.orgSet {
			nr.OrgID, nr.OrgPath = c.org.ID, c.org.Path
		}
		nr.UpdatedAt, nr.Version = im.now.UnixMilli(), u.before.Version+1
		ok, err := updateRecord(ctx, tx, nr, u.before.Version)
		if err != nil {
			return nil, nil, uniqueAsDuplicate(err)
		}
		if !ok {
			return nil, nil, errImportRace
		}
		r := u.before
		if r.OrgID != nr.OrgID || r.Status != nr.Status {
			d.member(r.OrgPath, r.Status, -1)
			d.member(nr.OrgPath, nr.Status, +1)
		}
		if r.OrgID != nr.OrgID {
			hist = append(hist, im.s.newEvent(ctx, im.now, r.ID, kindMoved, "",
				"从「"+names[r.OrgID]+"」转至「"+c.org.Name+"」（导入）", ""))
			evs = append(evs, memberEvent("member.moved", nr, map[string]any{"from_org_id": r.OrgID, "to_org_id": nr.OrgID}))
		}
		if r.Status != nr.Status {
			hist = append(hist, im.s.statusEvent(ctx, im.now, r, nr))
			evs = append(evs, memberEvent("member.status_changed", nr, map[string]any{"from_status": r.Status, "to_status": nr.Status}))
		}
		if diff := describeChanges(u.old, c.d, r.Status != nr.Status); len(diff) > 0 {
			hist = append(hist, im.s.newEvent(ctx, im.now, r.ID, kindUpdated, "",
				strings.Join(diff, "；")+"（导入）", ""))
			evs = append(evs, memberEvent("member.updated", nr, nil))
		}
	}
	return hist, evs, nil
}

// movedFromNames names the orgs members are moved out of.
func (im *importer) movedFromNames(ctx context.Context, q db.Querier) (map[string]string, error) {
	var ids []string
	for _, u := range im.plan.updates {
		if c := im.cands[u.cand]; c.orgSet && c.org.ID != u.before.OrgID {
			ids = append(ids, u.before.OrgID)
		}
	}
	if len(ids) == 0 {
		return map[string]string{}, nil
	}
	return im.s.orgs.Names(ctx, q, ids)
}

// memberEvent is a domain event about r carrying masked data only.
func memberEvent(typ string, r record, extra map[string]any) outbox.Event {
	payload := map[string]any{"id": r.ID, "member": r.masked()}
	for k, v := range extra {
		payload[k] = v
	}
	return outbox.Event{Type: typ, SubjectID: r.ID, OrgPath: r.OrgPath, Payload: payload}
}

func itoa(n int) string { return strconv.Itoa(n) }
