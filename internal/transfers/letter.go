package transfers

import (
	"fmt"
	"net/http"
	"time"

	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/httpx"
)

// Letter is the 介绍信 as printed: the letter itself and its 回执 stub, which
// the receiving organization fills in and sends back.
type Letter struct {
	Title      string   `json:"title"`
	Number     string   `json:"number"`
	Body       []string `json:"body"` // the addressee, then the paragraphs
	Issuer     string   `json:"issuer"`
	IssuedOn   string   `json:"issued_on"` // "2026年3月2日"
	ValidUntil string   `json:"valid_until"`
	Void       string   `json:"void"` // why the letter no longer holds ("" while it does)
	StubTitle  string   `json:"stub_title"`
	Stub       []string `json:"stub"`
}

var statusLabels = map[string]string{"full": "正式党员", "probationary": "预备党员"}

// letterOf writes the letter of an internal or outgoing transfer; an
// incoming one came with a letter from elsewhere (nil).
func letterOf(t *Transfer) *Letter {
	if t.Kind == KindIncoming {
		return nil
	}
	l := &Letter{Title: "中国共产党党员组织关系介绍信", Number: t.LetterNo, Issuer: t.issuerName,
		IssuedOn: clock.ChineseDate(t.IssuedOn), ValidUntil: t.ValidUntil, StubTitle: "中国共产党党员组织关系介绍信回执"}
	l.Body = []string{
		t.ToOrgName + "：",
		fmt.Sprintf("　　%s同志（%s），身份证号码 %s，系「%s」党员，其党员组织关系由「%s」转到「%s」，请予接转。",
			t.MemberName, statusLabels[t.MemberStatus], t.idMasked, t.FromOrgName, t.FromOrgName, t.ToOrgName),
		"　　该同志党费已交到 " + yearMonth(t.DuesPaidUntil) + "。",
		"　　（有效期至 " + clock.ChineseDate(t.ValidUntil) + "）",
	}
	l.Stub = []string{
		t.issuerName + "：",
		fmt.Sprintf("　　%s同志的党员组织关系已转达我处，特此回执。（第 %s 号介绍信）", t.MemberName, t.LetterNo),
		"接收党组织（盖章）",
		"年　　月　　日",
	}
	switch t.State {
	case StateCancelled, StateReturned:
		l.Void = "本介绍信已作废（" + stateLabels[t.State] + "）"
	}
	return l
}

// yearMonth renders "2026-11" as "2026 年 11 月".
func yearMonth(s string) string {
	m, err := time.Parse("2006-01", s)
	if err != nil {
		return s
	}
	return fmt.Sprintf("%d 年 %d 月", m.Year(), m.Month())
}

// printableLetter is the letter of the transfer {tid} the caller may read.
func (s *Service) printableLetter(r *http.Request) (*Letter, error) {
	t, err := s.visibleTransfer(r)
	if err != nil {
		return nil, err
	}
	l := letterOf(t)
	if l == nil {
		return nil, httpx.Conflict("no_letter", "从系统外转入的党员持外单位开具的介绍信，本系统不另开具")
	}
	return l, nil
}

func (s *Service) handleLetter(w http.ResponseWriter, r *http.Request) error {
	l, err := s.printableLetter(r)
	if err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, l)
}

func (s *Service) handleLetterPDF(w http.ResponseWriter, r *http.Request) error {
	l, err := s.printableLetter(r)
	if err != nil {
		return err
	}
	b, err := letterPDF(l)
	if err != nil {
		return err
	}
	httpx.Download(w, "application/pdf", "组织关系介绍信-"+l.Number+".pdf")
	_, err = w.Write(b)
	return err
}
