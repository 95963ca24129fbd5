// Package files is the small upload store capabilities share for
// attachments (a notice's PDF, a meeting's photos). Uploads are checked
// before they are kept (size limit, content sniffing, an allow-list of
// document and image types), stored in the database under a server-made ID
// (the user's file name is only a display name), and served back with the
// type sniffed at upload, never one the client chose.
//
// An upload belongs to nobody until a capability attaches it to its record
// (Attach, in the record's transaction). Uploads never attached, or released
// again, are temporary: PurgeUnattached removes them after a day, run from
// the job runner's tick (see New).
package files

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
	"dangjian/internal/platform/ids"
	"dangjian/internal/platform/jobs"
)

// Migrations create the file table.
var Migrations = []db.Migration{{
	ID: "files.0001_files",
	SQL: `
CREATE TABLE files (
	id           TEXT PRIMARY KEY,
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size         BIGINT NOT NULL,
	sha256       TEXT NOT NULL,
	data         {{blob}} NOT NULL,
	owner_kind   TEXT NOT NULL DEFAULT '',
	owner_id     TEXT NOT NULL DEFAULT '',
	created_by   TEXT NOT NULL DEFAULT '',
	created_at   BIGINT NOT NULL,
	attached_at  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX files_unattached ON files (attached_at, created_at);
CREATE INDEX files_owner ON files (owner_kind, owner_id);
`,
}}

// MaxSize is the usual upload limit (20 MB).
const MaxSize = 20 << 20

// TempLifetime is how long an upload may stay unattached before it is purged.
const TempLifetime = 24 * time.Hour

// purgeEvery is how often the runner's tick purges temporary uploads.
const purgeEvery = time.Hour

// ErrNotAttachable is returned by Attach when an ID is unknown, was purged,
// or already belongs to another record.
var ErrNotAttachable = errors.New("files: unknown upload or attached elsewhere")

// Info describes a stored file (what lists and upload answers show).
type Info struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Size        int64  `json:"size"`
	ContentType string `json:"content_type"`
}

// File is a stored file with its content and ownership.
type File struct {
	Info
	SHA256     string
	OwnerKind  string
	OwnerID    string
	CreatedBy  string
	CreatedAt  time.Time
	AttachedAt time.Time // zero while temporary
	Data       []byte
}

// Store keeps uploaded files in the database.
type Store struct {
	db  *db.DB
	clk clock.Clock

	mu        sync.Mutex
	lastPurge time.Time
}

// New makes the store. With a runner, temporary uploads older than
// TempLifetime are purged from the runner's tick, at most once an hour per
// process (the DELETE is idempotent, so several instances may each run it;
// a tick rather than a job needs no bootstrapping and survives restarts).
func New(d *db.DB, clk clock.Clock, runner *jobs.Runner) *Store {
	s := &Store{db: d, clk: clk}
	if runner != nil {
		runner.AddTick(s.purgeTick)
	}
	return s
}

func (s *Store) purgeTick(ctx context.Context) error {
	now := s.clk.Now()
	s.mu.Lock()
	due := s.lastPurge.IsZero() || now.Sub(s.lastPurge) >= purgeEvery
	if due {
		s.lastPurge = now
	}
	s.mu.Unlock()
	if !due {
		return nil
	}
	_, err := s.PurgeUnattached(ctx, TempLifetime)
	return err
}

// refusal is the validation error of an upload, on the form field "file".
func refusal(code, msg string) error {
	var f httpx.Fields
	f.Add("file", code, msg)
	return f.Err()
}

// TooLarge is the error for an upload over maxBytes.
func TooLarge(maxBytes int64) error {
	return refusal("too_large", fmt.Sprintf("文件超过 %d MB", maxBytes>>20))
}

// Put checks and stores an upload read from r (at most maxBytes), as a
// temporary file owned by nobody. name is the user's file name, kept only
// for display and for its extension. The upload is audited.
func (s *Store) Put(ctx context.Context, name string, r io.Reader, maxBytes int64) (Info, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return Info{}, err
	}
	if int64(len(data)) > maxBytes {
		return Info{}, TooLarge(maxBytes)
	}
	if len(data) == 0 {
		return Info{}, refusal("empty", "文件为空")
	}
	name = DisplayName(name)
	ct, err := Sniff(name, data)
	if err != nil {
		return Info{}, err
	}
	sum := sha256.Sum256(data)
	now := s.clk.Now()
	f := File{Info: Info{ID: ids.At(now), Name: name, Size: int64(len(data)), ContentType: ct},
		SHA256: hex.EncodeToString(sum[:]), CreatedAt: now, Data: data}
	if p := authz.From(ctx); p != nil {
		f.CreatedBy = p.AccountID
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO files (id, name, content_type, size, sha256, data, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, f.ID, f.Name, f.ContentType, f.Size, f.SHA256, f.Data, f.CreatedBy,
			now.UnixMilli()); err != nil {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "file.upload", TargetType: "file", TargetID: f.ID,
			After: map[string]any{"name": f.Name, "size": f.Size, "content_type": f.ContentType, "sha256": f.SHA256}})
	})
	return f.Info, err
}

// Attach makes the uploads ids belong to (ownerKind, ownerID), inside q (the
// owner's transaction). Attaching a file already owned by the same record
// is a no-op; an unknown, purged or foreign ID fails with ErrNotAttachable.
func (s *Store) Attach(ctx context.Context, q db.Querier, idList []string, ownerKind, ownerID string) error {
	uniq := unique(idList)
	if len(uniq) == 0 {
		return nil
	}
	if ownerKind == "" || ownerID == "" {
		return errors.New("files: Attach needs an owner")
	}
	args := []any{ownerKind, ownerID, s.clk.Now().UnixMilli()}
	for _, id := range uniq {
		args = append(args, id)
	}
	args = append(args, ownerKind, ownerID)
	res, err := q.ExecContext(ctx, `UPDATE files SET owner_kind = ?, owner_id = ?, attached_at = ?
		WHERE id IN (`+db.Placeholders(len(uniq))+`) AND (attached_at = 0 OR (owner_kind = ? AND owner_id = ?))`, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if int(n) != len(uniq) {
		return ErrNotAttachable
	}
	return nil
}

// Release makes the files of (ownerKind, ownerID) that are not in keep
// temporary again, inside q: they are purged like unattached uploads.
func (s *Store) Release(ctx context.Context, q db.Querier, ownerKind, ownerID string, keep []string) error {
	args := []any{ownerKind, ownerID}
	cond := ""
	if k := unique(keep); len(k) > 0 {
		cond = " AND id NOT IN (" + db.Placeholders(len(k)) + ")"
		for _, id := range k {
			args = append(args, id)
		}
	}
	_, err := q.ExecContext(ctx, `UPDATE files SET owner_kind = '', owner_id = '', attached_at = 0
		WHERE owner_kind = ? AND owner_id = ?`+cond, args...)
	return err
}

// Delete removes files for good, inside q: for sensitive data (a check-in
// photo) that must not linger as a temporary upload once its period ends.
func Delete(ctx context.Context, q db.Querier, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := q.ExecContext(ctx, "DELETE FROM files WHERE id IN ("+db.Placeholders(len(ids))+")", db.Strings(ids)...)
	return err
}

// Get loads a file with its content (db.ErrNoRows when unknown).
func (s *Store) Get(ctx context.Context, id string) (File, error) {
	var f File
	var created, attached int64
	err := s.db.QueryRowContext(ctx, `SELECT id, name, content_type, size, sha256, owner_kind, owner_id,
		created_by, created_at, attached_at, data FROM files WHERE id = ?`, id).
		Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.OwnerKind, &f.OwnerID, &f.CreatedBy,
			&created, &attached, &f.Data)
	f.CreatedAt = time.UnixMilli(created).UTC()
	if attached > 0 {
		f.AttachedAt = time.UnixMilli(attached).UTC()
	}
	return f, err
}

// Infos describes the given files (without content), by ID; unknown IDs
// are missing from the map.
func (s *Store) Infos(ctx context.Context, q db.Querier, idList []string) (map[string]Info, error) {
	out := map[string]Info{}
	uniq := unique(idList)
	for len(uniq) > 0 {
		n := min(len(uniq), 500)
		args := make([]any, n)
		for i, id := range uniq[:n] {
			args[i] = id
		}
		rows, err := q.QueryContext(ctx, "SELECT id, name, size, content_type FROM files WHERE id IN ("+
			db.Placeholders(n)+")", args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var i Info
			if err := rows.Scan(&i.ID, &i.Name, &i.Size, &i.ContentType); err != nil {
				rows.Close()
				return nil, err
			}
			out[i.ID] = i
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		uniq = uniq[n:]
	}
	return out, nil
}

// PurgeUnattached deletes the uploads that have stayed temporary for longer
// than olderThan, and audits how many went.
func (s *Store) PurgeUnattached(ctx context.Context, olderThan time.Duration) (int, error) {
	now := s.clk.Now()
	var n int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM files WHERE attached_at = 0 AND created_at < ?",
			now.Add(-olderThan).UnixMilli())
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return audit.RecordAt(ctx, tx, now, audit.Entry{Action: "file.purge", TargetType: "file",
			After: map[string]any{"removed": n, "older_than_hours": olderThan.Hours()}, ActorName: "系统"})
	})
	return int(n), err
}

func unique(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// maxNameRunes bounds a display name.
const maxNameRunes = 120

// DisplayName reduces a client's file name to a safe display name: the
// last path element, without control or format characters, at most 120
// characters (the extension kept).
func DisplayName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.ToValidUTF8(name, "")
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > maxNameRunes {
		ext := extOf(name)
		if utf8.RuneCountInString(ext) > 10 {
			ext = ""
		}
		r := []rune(strings.TrimSuffix(name, ext))
		name = string(r[:maxNameRunes-utf8.RuneCountInString(ext)]) + ext
	}
	return name
}

// extOf is the lower-cased extension of name, with its dot ("" when none).
func extOf(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return ""
	}
	return strings.ToLower(name[i:])
}

// Types the store accepts, by extension, with the type each is served as.
var allowed = map[string]string{
	".pdf":  "application/pdf",
	".doc":  "application/msword",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls":  "application/vnd.ms-excel",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".ppt":  "application/vnd.ms-powerpoint",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".png":  "image/png",
	".txt":  "text/plain; charset=utf-8",
}

// AllowedTypes lists the content types Sniff may answer (for .txt the
// charset is the detected one, UTF-8 or UTF-16).
func AllowedTypes() []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range allowed {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// ooxmlDir is the folder an Office Open XML package of each kind keeps its
// main part in.
var ooxmlDir = map[string]string{".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}

// oleMagic starts every OLE2 compound file (the legacy .doc, .xls, .ppt).
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

func unsupported() error {
	return refusal("unsupported_type", "不支持的文件类型（仅支持 PDF、Word、Excel、PowerPoint、JPG、PNG、TXT）")
}

// Sniff decides from the content, and the extension of name, whether a file
// may be stored, and as which type. The content must be what the extension
// claims: a renamed HTML page or program is refused, and a ZIP archive is
// accepted only as a real Office Open XML document.
func Sniff(name string, data []byte) (string, error) {
	ext := extOf(name)
	ct, ok := allowed[ext]
	if !ok {
		return "", unsupported()
	}
	sniffed := detect(data)
	switch ext {
	case ".pdf":
		ok = sniffed == "application/pdf"
	case ".jpg", ".jpeg":
		ok = sniffed == "image/jpeg"
	case ".png":
		ok = sniffed == "image/png"
	case ".txt":
		ok = strings.HasPrefix(sniffed, "text/plain") && !bytes.ContainsRune(data, 0)
	case ".doc", ".xls", ".ppt":
		ok = bytes.HasPrefix(data, oleMagic)
	case ".docx", ".xlsx", ".pptx":
		ok = sniffed == "application/zip" && isOOXML(data, ooxmlDir[ext])
	}
	if !ok {
		return "", unsupported()
	}
	if ext == ".txt" {
		ct = sniffed // keeps the detected charset (UTF-8 or UTF-16)
	}
	return ct, nil
}

func detect(data []byte) string { return http.DetectContentType(data) }

// isOOXML reports whether data is a ZIP archive laid out as an Office Open
// XML package with its main part under dir. Only the central directory is
// read; nothing is decompressed.
func isOOXML(data []byte, dir string) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	types, main := false, false
	for _, f := range zr.File {
		switch {
		case f.Name == "[Content_Types].xml":
			types = true
		case strings.HasPrefix(f.Name, dir):
			main = true
		}
	}
	return types && main
}
