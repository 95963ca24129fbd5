package orglife

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/httpx"
)

// The check-in QR code on the meeting room's screen changes every slot; a
// token is accepted in its own slot and the next, so it lives 30–60 s and a
// photo of the code forwarded to someone at home is soon useless.
const (
	qrSlotSeconds = 30
	qrMACBytes    = 16
)

// QRTicket is what the secretary's screen shows and refreshes.
type QRTicket struct {
	Token     string `json:"token"`
	URL       string `json:"url"`
	ExpiresAt string `json:"expires_at"` // end of the current slot
	RefreshMS int    `json:"refresh_ms"`
	OpensAt   string `json:"opens_at"`
	ClosesAt  string `json:"closes_at"`
}

func qrSlot(t time.Time) int64 { return t.Unix() / qrSlotSeconds }

// qrMAC authenticates (meeting, slot) with the meeting's own secret.
func qrMAC(m meeting, slot int64) []byte {
	h := hmac.New(sha256.New, []byte(m.QRSecret))
	h.Write([]byte(m.ID + ":" + strconv.FormatInt(slot, 10)))
	return h.Sum(nil)[:qrMACBytes]
}

// qrToken is "<slot>.<mac>", the mac in unpadded base64url.
func qrToken(m meeting, slot int64) string {
	return strconv.FormatInt(slot, 10) + "." + base64.RawURLEncoding.EncodeToString(qrMAC(m, slot))
}

// verifyToken accepts a token of m minted in the current slot or the one
// before. A token that does not authenticate — malformed, forged, or
// another meeting's — is invalid; an authentic old one has expired.
func verifyToken(m meeting, token string, now time.Time) error {
	invalid := unprocessable("token_invalid", "二维码无效，请扫描本次会议的二维码")
	slotText, macText, ok := strings.Cut(strings.TrimSpace(token), ".")
	slot, err := strconv.ParseInt(slotText, 10, 64)
	if !ok || err != nil {
		return invalid
	}
	mac, err := base64.RawURLEncoding.DecodeString(macText)
	if err != nil || !hmac.Equal(mac, qrMAC(m, slot)) {
		return invalid
	}
	if cur := qrSlot(now); slot != cur && slot != cur-1 {
		return unprocessable("token_expired", "二维码已过期，请重新扫描会场的二维码")
	}
	return nil
}

// windowOpen reports whether check-in is open at now.
func (m meeting) windowOpen(now time.Time) bool {
	opens, closes := m.window()
	return ms(now) >= opens && ms(now) <= closes
}

// windowText is the check-in window for a refusal: "3月2日 08:30 至 09:20".
func (m meeting) windowText() string {
	opens, closes := m.window()
	o, c := time.UnixMilli(opens).In(clock.Shanghai), time.UnixMilli(closes).In(clock.Shanghai)
	return "签到时间为 " + o.Format("1月2日 15:04") + " 至 " + c.Format("15:04")
}

func (s *Service) handleQR(w http.ResponseWriter, r *http.Request) error {
	m, err := s.scoped(r.Context(), r.PathValue("id"), authz.OrgLifeManage)
	if err != nil {
		return err
	}
	if err := stateAllows(m, open); err != nil {
		return err
	}
	now := s.clk.Now()
	if !m.windowOpen(now) {
		return httpx.Conflict("window_closed", m.windowText())
	}
	slot := qrSlot(now)
	token := qrToken(m, slot)
	opens, closes := m.window()
	return httpx.WriteJSON(w, http.StatusOK, QRTicket{Token: token, URL: "/m/checkin/" + m.ID + "?t=" + token,
		ExpiresAt: time.Unix((slot+1)*qrSlotSeconds, 0).UTC().Format(time.RFC3339), RefreshMS: qrSlotSeconds * 1000,
		OpensAt: clock.Stamp(opens), ClosesAt: clock.Stamp(closes)})
}
