package orglife

import (
	"context"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
)

// Consents a member gives separately (PIPL art. 29: sensitive personal
// information needs its own consent) and may withdraw at any time.
const (
	consentPhoto    = "photo"    // a photo at check-in
	consentLocation = "location" // the position at check-in, for a geofence
)

// Consent is one consent as the member sees it.
type Consent struct {
	Given bool   `json:"given"`
	At    string `json:"at"`
}

// Consents are the member's two consents.
type Consents struct {
	Photo    Consent `json:"photo"`
	Location Consent `json:"location"`
}

// ConsentChange gives (true) or withdraws (false) consents; nil leaves one
// as it is.
type ConsentChange struct {
	Photo    *bool `json:"photo"`
	Location *bool `json:"location"`
}

// consentsOf maps each consent the member has given to when.
func consentsOf(ctx context.Context, q db.Querier, memberID string) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT kind, given_at FROM orglife_consents WHERE member_id = ?", memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var kind string
		var at int64
		if err := rows.Scan(&kind, &at); err != nil {
			return nil, err
		}
		out[kind] = at
	}
	return out, rows.Err()
}

func consentView(given map[string]int64) Consents {
	one := func(kind string) Consent { return Consent{Given: given[kind] > 0, At: clock.Stamp(given[kind])} }
	return Consents{Photo: one(consentPhoto), Location: one(consentLocation)}
}

// MyConsents are the signed-in member's consents.
func (s *Service) MyConsents(ctx context.Context) (Consents, error) {
	memberID, err := memberOf(ctx)
	if err != nil {
		return Consents{}, err
	}
	given, err := consentsOf(ctx, s.db, memberID)
	return consentView(given), err
}

// SetConsents gives or withdraws the signed-in member's consents.
// Withdrawing deletes what the consent allowed: the member's check-in
// photos, or the distances (and in/out results) of their check-ins. The
// check-ins themselves stay. Every change is audited, without personal data.
func (s *Service) SetConsents(ctx context.Context, ch ConsentChange) (Consents, error) {
	memberID, err := memberOf(ctx)
	if err != nil {
		return Consents{}, err
	}
	var after map[string]int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := consentsOf(ctx, tx, memberID)
		if err != nil {
			return err
		}
		changed := map[string]int64{} // kind → records a withdrawal deleted or cleared
		for kind, want := range map[string]*bool{consentPhoto: ch.Photo, consentLocation: ch.Location} {
			if want == nil || *want == (before[kind] > 0) {
				continue
			}
			if changed[kind], err = s.setConsent(ctx, tx, memberID, kind, *want); err != nil {
				return err
			}
		}
		if after, err = consentsOf(ctx, tx, memberID); err != nil || len(changed) == 0 {
			return err
		}
		return audit.RecordAt(ctx, tx, s.clk.Now(), audit.Entry{Action: "orglife.consent", TargetType: "member",
			TargetID: memberID, Before: consentFlags(before),
			After: map[string]any{"consents": consentFlags(after), "photos_deleted": changed[consentPhoto],
				"locations_cleared": changed[consentLocation]}})
	})
	return consentView(after), err
}

// setConsent records one change and says how many records a withdrawal
// deleted or cleared.
func (s *Service) setConsent(ctx context.Context, tx *db.Tx, memberID, kind string, give bool) (int64, error) {
	if give {
		_, err := tx.ExecContext(ctx, `INSERT INTO orglife_consents (member_id, kind, given_at) VALUES (?, ?, ?)
			ON CONFLICT (member_id, kind) DO NOTHING`, memberID, kind, ms(s.clk.Now()))
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM orglife_consents WHERE member_id = ? AND kind = ?", memberID, kind); err != nil {
		return 0, err
	}
	if kind == consentPhoto {
		return deletePhotos(ctx, tx, "member_id = ?", memberID)
	}
	res, err := tx.ExecContext(ctx, `UPDATE meeting_attendees SET distance_m = -1, geo = ''
		WHERE member_id = ? AND (distance_m >= 0 OR geo IN ('in', 'out'))`, memberID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func consentFlags(given map[string]int64) map[string]bool {
	return map[string]bool{consentPhoto: given[consentPhoto] > 0, consentLocation: given[consentLocation] > 0}
}
