package members

import (
	"context"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/outbox"
	"dangjian/internal/platform/pii"
)

// A member's rights over their own data (PIPL art. 45–46; SECURITY.md
// "Data"): see it, take a copy, and ask for a correction that the branch
// answers. Plus the positions of any member, for the member page.

const fieldCorrection = "members.correction"

// correctionFields are what a member may ask to correct, with labels.
var correctionFields = map[string]string{"name": "姓名", "gender": "性别", "ethnicity": "民族",
	"birth_date": "出生日期", "id_number": "身份证号", "phone": "手机号", "address": "住址",
	"education": "学历", "category": "人员类别", "joined_on": "入党时间", "full_member_on": "转正时间", "other": "其他"}

func (s *Service) rightsRoutes(rt *httpx.Router) {
	rt.Handle("GET /api/v1/members/{id}/positions", authz.MemberRead, "党员担任的职务（含已离任）", s.handlePositions)
	rt.Handle("GET /api/v1/me/member/export", authz.SignedIn, "下载本人党员信息副本（留痕）", s.handleSelfExport)
	rt.Handle("GET /api/v1/me/member/corrections", authz.SignedIn, "本人提出的更正申请", s.handleMyCorrections)
	rt.Handle("POST /api/v1/me/member/corrections", authz.SignedIn, "申请更正本人信息", s.handleRequestCorrection)
	rt.Handle("GET /api/v1/members/{id}/corrections", authz.MemberRead, "党员的信息更正申请", s.handleCorrections)
	rt.Handle("POST /api/v1/corrections/{id}/resolve", authz.MemberWrite, "答复信息更正申请", s.handleResolve)
}

func (s *Service) handlePositions(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.visible(r.Context(), s.db, r.PathValue("id"), authz.MemberRead)
	if err != nil {
		return err
	}
	posts, err := s.orgs.PositionsOf(r.Context(), s.db, rec.ID)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": positionViews(posts)})
}

// own loads the caller's own member record (404 when the account is not a member).
func (s *Service) own(ctx context.Context) (record, error) {
	p := authz.From(ctx)
	if p == nil || p.MemberID == "" {
		return record{}, httpx.NotFound()
	}
	r, err := getRecord(ctx, s.db, p.MemberID)
	if db.IsNoRows(err) {
		return record{}, httpx.NotFound()
	}
	return r, err
}

// handleSelfExport gives members a complete copy of what is held about them,
// unmasked (it is their own data), as a JSON download; audited.
func (s *Service) handleSelfExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	rec, err := s.own(ctx)
	if err != nil {
		return err
	}
	details, err := s.unseal(rec)
	if err != nil {
		return err
	}
	view, err := s.viewOne(ctx, s.db, rec)
	if err != nil {
		return err
	}
	view.IDNumber, view.Phone, view.Address = details.IDNumber, details.Phone, details.Address
	history, err := s.historyOf(ctx, rec)
	if err != nil {
		return err
	}
	if err := s.db.InTx(ctx, func(tx *db.Tx) error {
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "member.self_export", TargetType: "member", TargetID: rec.ID})
	}); err != nil {
		return err
	}
	httpx.Download(w, "application/json", "我的党员信息.json")
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"member": view, "history": history,
		"exported_at": s.clk.Now().UTC().Format(time.RFC3339)})
}

// Correction is a member's request to correct their data.
type Correction struct {
	ID             string  `json:"id"`
	MemberID       string  `json:"member_id"`
	Field          string  `json:"field"`
	FieldLabel     string  `json:"field_label"`
	Proposed       string  `json:"proposed"` // masked for personal data
	Note           string  `json:"note"`
	Status         string  `json:"status"` // open | accepted | rejected
	CreatedAt      string  `json:"created_at"`
	ResolvedAt     *string `json:"resolved_at"`
	ResolverName   string  `json:"resolver_name"`
	ResolutionNote string  `json:"resolution_note"`
}

type correctionInput struct {
	Field    string `json:"field"`
	Proposed string `json:"proposed"`
	Note     string `json:"note"`
}

func (in correctionInput) validate() error {
	var fe httpx.Fields
	if _, ok := correctionFields[in.Field]; !ok {
		fe.Add("field", "invalid", "请选择要更正的项目")
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(in.Proposed)); n == 0 || n > 200 {
		fe.Add("proposed", "required", "请填写正确的内容（不超过 200 字）")
	}
	if utf8.RuneCountInString(in.Note) > 500 {
		fe.Add("note", "too_long", "说明不能超过 500 字")
	}
	return fe.Err()
}

// maskProposed shows a proposed value the way the field is shown.
func maskProposed(field, v string) string {
	switch field {
	case "id_number":
		return pii.MaskIDNumber(pii.NormalizeIDNumber(v))
	case "phone":
		return pii.MaskPhone(pii.NormalizePhone(v))
	case "address":
		return pii.MaskAddress(v)
	}
	return v
}

func (s *Service) handleRequestCorrection(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	rec, err := s.own(ctx)
	if err != nil {
		return err
	}
	var in correctionInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := in.validate(); err != nil {
		return err
	}
	proposed := strings.TrimSpace(in.Proposed)
	sealed, err := s.prot.Seal(fieldCorrection, proposed)
	if err != nil {
		return err
	}
	now := s.clk.Now()
	c := Correction{ID: ids.At(now), MemberID: rec.ID, Field: in.Field, FieldLabel: correctionFields[in.Field],
		Proposed: maskProposed(in.Field, proposed), Note: strings.TrimSpace(in.Note), Status: "open",
		CreatedAt: now.UTC().Format(time.RFC3339)}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO member_corrections (id, member_id, org_path, field, proposed_sealed,
			proposed_masked, note, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
			c.ID, rec.ID, rec.OrgPath, c.Field, sealed, c.Proposed, c.Note, now.UnixMilli()); err != nil {
			return err
		}
		if err := outbox.EmitAt(ctx, tx, now, outbox.Event{Type: "member.correction_requested", SubjectID: rec.ID,
			OrgPath: rec.OrgPath, Payload: map[string]string{"correction_id": c.ID, "field": c.Field}}); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "member.correction_request", TargetType: "member",
			TargetID: rec.ID, After: c})
	})
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusCreated, c)
}

const correctionColumns = `id, member_id, field, proposed_masked, note, status, created_at, resolved_at, resolver_name, resolution_note`

func (s *Service) corrections(ctx context.Context, q db.Querier, where string, args ...any) ([]Correction, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+correctionColumns+" FROM member_corrections "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Correction{}
	for rows.Next() {
		var c Correction
		var created int64
		var resolved *int64
		if err := rows.Scan(&c.ID, &c.MemberID, &c.Field, &c.Proposed, &c.Note, &c.Status, &created, &resolved,
			&c.ResolverName, &c.ResolutionNote); err != nil {
			return nil, err
		}
		c.FieldLabel, c.CreatedAt = correctionFields[c.Field], time.UnixMilli(created).UTC().Format(time.RFC3339)
		if resolved != nil {
			t := time.UnixMilli(*resolved).UTC().Format(time.RFC3339)
			c.ResolvedAt = &t
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (s *Service) handleMyCorrections(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.own(r.Context())
	if err != nil {
		return err
	}
	list, err := s.corrections(r.Context(), s.db, "WHERE member_id = ? ORDER BY created_at DESC", rec.ID)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": list})
}

func (s *Service) handleCorrections(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.visible(r.Context(), s.db, r.PathValue("id"), authz.MemberRead)
	if err != nil {
		return err
	}
	list, err := s.corrections(r.Context(), s.db, "WHERE member_id = ? ORDER BY created_at DESC", rec.ID)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": list})
}

// handleResolve records the branch's answer; the correction itself is made
// with the normal edit, so it is validated and kept in the history.
func (s *Service) handleResolve(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var in struct {
		Accepted bool   `json:"accepted"`
		Note     string `json:"note"`
	}
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	if !in.Accepted && strings.TrimSpace(in.Note) == "" {
		return fieldErr("note", "required", "不予更正时须说明理由")
	}
	var out Correction
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		list, err := s.corrections(ctx, tx, "WHERE id = ?", r.PathValue("id"))
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return httpx.NotFound()
		}
		if _, err := s.visible(ctx, tx, list[0].MemberID, authz.MemberWrite); err != nil {
			return err
		}
		if list[0].Status != "open" {
			return httpx.Conflict("correction_resolved", "该申请已答复")
		}
		status := map[bool]string{true: "accepted", false: "rejected"}[in.Accepted]
		now := s.clk.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE member_corrections SET status = ?, resolved_at = ?, resolver_name = ?,
			resolution_note = ? WHERE id = ?`, status, now.UnixMilli(), authz.ActorName(ctx, cliActor), strings.TrimSpace(in.Note), list[0].ID); err != nil {
			return err
		}
		out = list[0]
		out.Status, out.ResolverName, out.ResolutionNote = status, authz.ActorName(ctx, cliActor), strings.TrimSpace(in.Note)
		at := now.UTC().Format(time.RFC3339)
		out.ResolvedAt = &at
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "member.correction_resolve", TargetType: "member",
			TargetID: out.MemberID, Before: list[0], After: out})
	})
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, out)
}
