package orglife

import (
	"context"
	"net/http"
	"slices"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// SettingsView is every setting at an org with its provenance.
type SettingsView struct {
	OrgID string     `json:"org_id"`
	Items []Resolved `json:"items"`
}

func (s *Service) settingsView(ctx context.Context, org OrgRef) (SettingsView, error) {
	vals, err := s.resolve(ctx, s.db, org.Path)
	if err != nil {
		return SettingsView{}, err
	}
	var srcIDs []string
	for _, v := range vals {
		srcIDs = append(srcIDs, v.SourceOrgID)
	}
	names, err := s.dir.Names(ctx, srcIDs)
	if err != nil {
		return SettingsView{}, err
	}
	out := SettingsView{OrgID: org.ID, Items: make([]Resolved, 0, len(settings))}
	for _, st := range settings {
		v := vals[st.Key]
		v.SourceOrgName = names[v.SourceOrgID]
		out.Items = append(out.Items, v)
	}
	return out, nil
}

func (s *Service) handleSettings(w http.ResponseWriter, r *http.Request) error {
	org, err := s.scopedOrg(r.Context(), r.PathValue("id"), authz.OrgLifeRead)
	if err != nil {
		return err
	}
	v, err := s.settingsView(r.Context(), org)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, v)
}

// SetSettings sets (or, with nil, removes) the org's own values; they hold
// for its subtree unless a lower org sets its own.
func (s *Service) SetSettings(ctx context.Context, org OrgRef, values map[string]*string) error {
	var fe httpx.Fields
	keys := make([]string, 0, len(values))
	for k, v := range values {
		st, ok := settingOf(k)
		switch {
		case !ok:
			fe.Add(k, "unknown", "未知的设置项")
		case v != nil:
			if msg := st.check(*v); msg != "" {
				fe.Add(k, "invalid", msg)
			}
		}
		keys = append(keys, k)
	}
	if err := fe.Err(); err != nil {
		return err
	}
	slices.Sort(keys)
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, "DELETE FROM orglife_settings WHERE org_id = ? AND key = ?", org.ID, k); err != nil {
				return err
			}
			if v := values[k]; v != nil {
				if _, err := tx.ExecContext(ctx, `INSERT INTO orglife_settings (org_id, key, value, set_by_name, set_at)
					VALUES (?, ?, ?, ?, ?)`, org.ID, k, *v, actorName(ctx), ms(s.clk.Now())); err != nil {
					return err
				}
			}
		}
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "orglife.settings", TargetType: "org",
			TargetID: org.ID, After: values})
	})
}

func (s *Service) handleSetSettings(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	org, err := s.scopedOrg(ctx, r.PathValue("id"), authz.OrgLifeManage)
	if err != nil {
		return err
	}
	var b struct {
		Values map[string]*string `json:"values"`
	}
	if err := httpx.DecodeJSON(r, &b); err != nil {
		return err
	}
	if err := s.SetSettings(ctx, org, b.Values); err != nil {
		return err
	}
	v, err := s.settingsView(ctx, org)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, v)
}
