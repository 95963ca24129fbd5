package appraisal

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Limits on what a participant writes.
const (
	maxSelfRunes = 2000 // 自我评价
	maxPeerRunes = 500  // 互评 comment
)

// checkText trims s and checks it is present and at most limit characters.
func checkText(s string, limit int, field, what string, fe *httpx.Fields) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		fe.Add(field, "required", "请填写"+what)
	case utf8.RuneCountInString(s) > limit:
		fe.Add(field, "too_long", fmt.Sprintf("%s不能超过 %d 字", what, limit))
	}
	return s
}

// textDigest is a member's text as the audit log keeps it: a fingerprint,
// not the words.
func textDigest(s string) map[string]any {
	sum := sha256.Sum256([]byte(s))
	return map[string]any{"sha256": hex.EncodeToString(sum[:]), "chars": utf8.RuneCountInString(s)}
}

// saveSelf writes the participant's self-assessment (自我评价), which may
// be rewritten while the round is open.
func (s *Service) saveSelf(ctx context.Context, roundID, memberID, text string) error {
	var fe httpx.Fields
	text = checkText(text, maxSelfRunes, "text", "自我评价", &fe)
	if err := fe.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.lockRound(ctx, tx, roundID, stageOpen); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE appraisal_participants SET self_text = ?, self_updated_at = ?
			WHERE appraisal_id = ? AND member_id = ?`, text, ms(s.clk.Now()), roundID, memberID); err != nil {
			return err
		}
		after := textDigest(text)
		after["member_id"] = memberID
		return s.audit(ctx, tx, roundID, "self_assessed", nil, after)
	})
}

// checkRatee refuses the author themself and anyone not taking part.
func checkRatee(all []participant, author, subject, field string, fe *httpx.Fields) {
	if subject == author {
		fe.Add(field, "self", "不能评价自己（自我评价请填写在“自我评价”中）")
	} else if _, ok := findParticipant(all, subject); !ok {
		fe.Add(field, "not_participant", "该党员不是本次民主评议的参评党员")
	}
}

// savePeer writes the author's named comment (互评) on another participant;
// a second comment on the same person replaces the first.
func (s *Service) savePeer(ctx context.Context, roundID string, all []participant, author participant, subjectID, comment string) error {
	var fe httpx.Fields
	checkRatee(all, author.MemberID, subjectID, "member_id", &fe)
	comment = checkText(comment, maxPeerRunes, "comment", "互评意见", &fe)
	if err := fe.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.lockRound(ctx, tx, roundID, stageOpen); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO appraisal_peer_reviews
			(appraisal_id, author_id, subject_id, author_name, comment, updated_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (appraisal_id, author_id, subject_id) DO UPDATE SET comment = excluded.comment,
			updated_at = excluded.updated_at`,
			roundID, author.MemberID, subjectID, author.Name, comment, ms(s.clk.Now())); err != nil {
			return err
		}
		after := textDigest(comment)
		after["member_id"], after["subject_id"] = author.MemberID, subjectID
		return s.audit(ctx, tx, roundID, "peer_reviewed", nil, after)
	})
}

// rate records the rater's anonymous rating (匿名测评) of other
// participants, once. In one transaction it marks the rater as having
// rated (no grades) and adds one to the counter of each (ratee, grade)
// given (no rater). The update touches every counter of the round, so even
// which rows a transaction changed does not single out the grades given;
// the audit entry names the round only and the outbox gets nothing.
func (s *Service) rate(ctx context.Context, roundID string, all []participant, raterID string, grades map[string]string) error {
	var fe httpx.Fields
	if len(grades) == 0 {
		fe.Add("grades", "required", "请至少为一名参评党员测评")
	}
	keys := make([]string, 0, len(grades))
	for ratee, g := range grades {
		field := "grades." + ratee
		checkRatee(all, raterID, ratee, field, &fe)
		if labelOf(gradeOptions, g) == "" {
			fe.Add(field, "invalid", "测评等次应为优秀、合格、基本合格或不合格")
		}
		keys = append(keys, ratee+":"+g)
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.lockRound(ctx, tx, roundID, stageOpen); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO appraisal_raters (appraisal_id, member_id) VALUES (?, ?)", roundID, raterID)
		if db.IsUniqueViolation(err) {
			return httpx.Conflict("already_rated", "您已提交过匿名测评，每人只能提交一次")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE appraisal_tallies SET votes = votes +
			CASE WHEN (member_id || ':' || grade) IN (`+db.Placeholders(len(keys))+`) THEN 1 ELSE 0 END
			WHERE appraisal_id = ?`, append(db.Strings(keys), roundID)...); err != nil {
			return err
		}
		return s.audit(ctx, tx, roundID, "rated", nil, nil)
	})
}
