package orglife_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"mime/multipart"
	"net/http/httptest"
	"testing"
	"time"

	"dangjian/internal/orglife"
	"dangjian/internal/platform/apitest"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/dbtest"
)

// photo is a small PNG picture.
func photo(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// upload sends a check-in photo as the member and checks the status.
func (e *env) upload(t *testing.T, w world, memberID string, data []byte, want int) *apitest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, _ := mw.CreateFormFile("file", "IMG_0001.jpg")
	part.Write(data)
	mw.Close()
	req := httptest.NewRequest("POST", "/api/v1/my/checkin-photos", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	r := e.srv.As(member(memberID, w.A1)).DoRequest(req)
	if r.Status != want {
		t.Fatalf("upload: %d, want %d: %s", r.Status, want, r.Body)
	}
	return r
}

// photoID uploads a picture and returns its ID.
func (e *env) photoID(t *testing.T, w world, memberID string) string {
	t.Helper()
	var out struct{ ID string }
	e.upload(t, w, memberID, photo(t), 201).JSON(t, &out)
	return out.ID
}

func (e *env) consent(t *testing.T, w world, memberID string, change map[string]any) orglife.Consents {
	t.Helper()
	var c orglife.Consents
	e.do(t, member(memberID, w.A1), "PUT", "/api/v1/my/consents", change, 200).JSON(t, &c)
	return c
}

func TestConsents(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.world(t)
		var c orglife.Consents
		e.do(t, member("m-ding", w.A1), "GET", "/api/v1/my/consents", nil, 200).JSON(t, &c)
		if c.Photo.Given || c.Location.Given || c.Photo.At != "" {
			t.Fatalf("before any consent: %+v", c)
		}
		c = e.consent(t, w, "m-ding", map[string]any{"photo": true})
		if !c.Photo.Given || c.Photo.At != stamp(t0) || c.Location.Given {
			t.Fatalf("photo given: %+v", c)
		}
		// An absent field leaves the consent as it is; giving again keeps the first time.
		e.clk.Advance(time.Hour)
		c = e.consent(t, w, "m-ding", map[string]any{"location": true, "photo": true})
		if !c.Photo.Given || c.Photo.At != stamp(t0) || !c.Location.Given || c.Location.At != stamp(t0.Add(time.Hour)) {
			t.Fatalf("location given: %+v", c)
		}
		c = e.consent(t, w, "m-ding", map[string]any{"photo": false})
		if c.Photo.Given || !c.Location.Given {
			t.Fatalf("photo withdrawn: %+v", c)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE action = 'orglife.consent' AND target_id = 'm-ding'"); n != 3 {
			t.Errorf("%d consent audit records, want 3", n)
		}
		e.do(t, secretary(w.A1), "GET", "/api/v1/my/consents", nil, 403)
	})
}

func TestCheckinPhoto(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.world(t)
		// The organization must allow photos before a meeting may ask for one.
		e.do(t, secretary(w.A1), "POST", "/api/v1/meetings", map[string]any{"org_id": w.A1.ID, "kind": "lecture",
			"topic": "x", "starts_at": stamp(t0.Add(10 * time.Minute)), "photo": true}, 422)
		e.settings(t, w, map[string]any{"checkin.photo": "on", "checkin.photo_days": "2"})
		m := e.checkinMeeting(t, w, map[string]any{"photo": true})
		plain := e.checkinMeeting(t, w, nil)
		tok := e.token(t, w, m.ID)

		// No upload without the photo consent; then images only.
		if r := e.upload(t, w, "m-ding", photo(t), 422); !r.Contains("no_consent") {
			t.Fatalf("upload without consent: %s", r.Body)
		}
		e.consent(t, w, "m-ding", map[string]any{"photo": true})
		if r := e.upload(t, w, "m-ding", []byte("%PDF-1.4 not a picture"), 422); !r.Contains("仅支持 JPG、PNG") {
			t.Fatalf("a PDF as a photo: %s", r.Body)
		}
		if r := e.upload(t, w, "m-ding", append(photo(t), make([]byte, 5<<20)...), 422); !r.Contains("文件超过 5 MB") {
			t.Fatalf("a photo over 5 MB: %s", r.Body)
		}
		pic := e.photoID(t, w, "m-ding")

		// Someone else's upload, a meeting without photos, and a member
		// who withdrew the consent are refused.
		e.consent(t, w, "m-jia", map[string]any{"photo": true})
		if r := e.checkin(t, w, "m-jia", m.ID, map[string]any{"token": tok, "photo_file_id": pic}, 422); !r.Contains("photo_file_id") {
			t.Fatalf("another member's photo: %s", r.Body)
		}
		if r := e.checkin(t, w, "m-ding", plain.ID, map[string]any{"token": e.token(t, w, plain.ID), "photo_file_id": pic},
			422); !r.Contains("photo_disabled") {
			t.Fatalf("a photo for a meeting without photos: %s", r.Body)
		}
		jiaPic := e.photoID(t, w, "m-jia")
		e.consent(t, w, "m-jia", map[string]any{"photo": false})
		if r := e.checkin(t, w, "m-jia", m.ID, map[string]any{"token": tok, "photo_file_id": jiaPic}, 422); !r.Contains("no_consent") {
			t.Fatalf("a photo after withdrawing consent: %s", r.Body)
		}
		// Refusing the photo never blocks the check-in.
		e.checkin(t, w, "m-jia", m.ID, map[string]any{"token": tok}, 200)

		e.checkin(t, w, "m-ding", m.ID, map[string]any{"token": tok, "photo_file_id": pic}, 200)
		if a := e.attendee(t, m.ID, "m-ding"); !a.HasPhoto || a.Status != "present" {
			t.Fatalf("after a check-in with a photo: %+v", a)
		}
		// Only the branch's own secretary sees it, and each view is audited.
		path := "/api/v1/meetings/" + m.ID + "/photos/m-ding"
		r := e.do(t, secretary(w.A1), "GET", path, nil, 200)
		if !bytes.Equal(r.Body, photo(t)) || r.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("photo served as %q, %d bytes", r.Header.Get("Content-Type"), len(r.Body))
		}
		e.do(t, secretary(w.R), "GET", path, nil, 404)
		e.do(t, secretary(w.A2), "GET", path, nil, 404)
		e.do(t, secretary(w.A1), "GET", "/api/v1/meetings/"+m.ID+"/photos/m-jia", nil, 404)
		if n := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.photo_view'"); n != 1 {
			t.Errorf("%d photo views audited, want 1", n)
		}

		// Withdrawing the consent deletes the photo and its file.
		e.consent(t, w, "m-ding", map[string]any{"photo": false})
		if _, err := e.fs.Get(context.Background(), pic); !db.IsNoRows(err) {
			t.Errorf("the photo's file survived the withdrawal: %v", err)
		}
		if a := e.attendee(t, m.ID, "m-ding"); a.HasPhoto || a.Status != "present" {
			t.Errorf("after withdrawing: %+v", a)
		}
		e.do(t, secretary(w.A1), "GET", path, nil, 404)
	})
}

func TestPhotoPurge(t *testing.T) {
	dbtest.Each(t, steps(), func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.world(t)
		e.settings(t, w, map[string]any{"checkin.photo": "on", "checkin.photo_days": "2"})
		m := e.checkinMeeting(t, w, map[string]any{"photo": true})
		e.consent(t, w, "m-ding", map[string]any{"photo": true})
		pic := e.photoID(t, w, "m-ding")
		e.checkin(t, w, "m-ding", m.ID, map[string]any{"token": e.token(t, w, m.ID), "photo_file_id": pic}, 200)

		// Within the retention period it stays.
		e.clk.Set(t0.Add(47 * time.Hour))
		if n, err := e.s.PurgeExpiredPhotos(context.Background()); err != nil || n != 0 {
			t.Fatalf("purged %d before the period ended: %v", n, err)
		}
		e.do(t, secretary(w.A1), "GET", "/api/v1/meetings/"+m.ID+"/photos/m-ding", nil, 200)
		// After it, the runner's tick deletes the photo and its file.
		e.clk.Set(t0.Add(48*time.Hour + time.Minute))
		e.do(t, secretary(w.A1), "GET", "/api/v1/meetings/"+m.ID+"/photos/m-ding", nil, 404)
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		e.run.Run(ctx) // one tick at least
		cancel()
		if n := count(t, d, "SELECT COUNT(*) FROM checkin_photos"); n != 0 {
			t.Errorf("%d photos left after the purge", n)
		}
		if _, err := e.fs.Get(context.Background(), pic); !db.IsNoRows(err) {
			t.Errorf("the photo's file survived the purge: %v", err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE action = 'meeting.photo_purge'"); n != 1 {
			t.Errorf("%d purge audit records, want 1", n)
		}
		if a := e.attendee(t, m.ID, "m-ding"); a.HasPhoto || a.Status != "present" {
			t.Errorf("after the purge: %+v", a)
		}
	})
}
