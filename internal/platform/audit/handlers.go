package audit

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"dangjian/internal/platform/authz"
	"dangjian/internal/platform/clock"
	"dangjian/internal/platform/db"
	"dangjian/internal/platform/httpx"
)

// Routes registers the audit reader's API. Both routes only read: the log
// is append-only and nothing here writes to it.
func Routes(rt *httpx.Router, d *db.DB) {
	rt.Handle("GET /api/v1/audit", authz.AuditRead, "审计日志", func(w http.ResponseWriter, r *http.Request) error {
		return list(w, r, d)
	})
	rt.Handle("GET /api/v1/audit/verify", authz.AuditRead, "校验审计日志完整性", func(w http.ResponseWriter, r *http.Request) error {
		rep, err := Verify(r.Context(), d)
		if err != nil {
			return err
		}
		return httpx.WriteJSON(w, http.StatusOK, rep)
	})
}

// item is a record as the API shows it: the time in RFC 3339 and before and
// after as JSON values rather than strings.
type item struct {
	Seq        int64           `json:"seq"`
	At         string          `json:"at"`
	ActorID    string          `json:"actor_id"`
	ActorName  string          `json:"actor_name"`
	IP         string          `json:"ip"`
	Action     string          `json:"action"`
	TargetType string          `json:"target_type"`
	TargetID   string          `json:"target_id"`
	Result     string          `json:"result"`
	Before     json.RawMessage `json:"before"`
	After      json.RawMessage `json:"after"`
	Hash       string          `json:"hash"`
}

func rawJSON(s string) json.RawMessage {
	if s == "" {
		return json.RawMessage("null")
	}
	return json.RawMessage(s)
}

// list answers the records newest first, filtered by actor (account ID or
// name), action prefix ("account." for every account change) and a date
// range in Shanghai time, both ends included.
func list(w http.ResponseWriter, r *http.Request, d *db.DB) error {
	ctx := r.Context()
	pg, err := httpx.PageOf(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	var where db.Args
	var fe httpx.Fields
	if actor := strings.TrimSpace(q.Get("actor")); actor != "" {
		where.Add("(actor_id = ? OR actor_name = ?)", actor, actor)
	}
	if action := strings.TrimSpace(q.Get("action")); action != "" {
		where.Add("action >= ? AND action < ?", action, db.PrefixEnd(action))
	}
	if s := q.Get("from"); s != "" {
		if day, ok := shanghaiDay(s); ok {
			where.Add("at >= ?", day.UnixMilli())
		} else {
			fe.Add("from", "invalid", "开始日期格式应为 YYYY-MM-DD")
		}
	}
	if s := q.Get("to"); s != "" {
		if day, ok := shanghaiDay(s); ok {
			where.Add("at < ?", day.AddDate(0, 0, 1).UnixMilli())
		} else {
			fe.Add("to", "invalid", "结束日期格式应为 YYYY-MM-DD")
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	var total int
	if err := d.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_log"+where.Where(), where.Values()...).Scan(&total); err != nil {
		return err
	}
	args := append(where.Values(), pg.Size, pg.Offset())
	rows, err := d.QueryContext(ctx, "SELECT "+rowColumns+" FROM audit_log"+where.Where()+
		" ORDER BY seq DESC LIMIT ? OFFSET ?", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	items := []item{}
	for rows.Next() {
		row, err := scanRow(rows)
		if err != nil {
			return err
		}
		items = append(items, item{Seq: row.Seq, At: time.UnixMilli(row.At).UTC().Format(time.RFC3339),
			ActorID: row.ActorID, ActorName: row.ActorName, IP: row.IP, Action: row.Action,
			TargetType: row.TargetType, TargetID: row.TargetID, Result: row.Result,
			Before: rawJSON(row.Before), After: rawJSON(row.After), Hash: row.Hash})
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return httpx.WriteJSON(w, http.StatusOK, httpx.List[item]{Items: items, Total: total, Page: pg.Page, PageSize: pg.Size})
}

// shanghaiDay is the start of a calendar day in Asia/Shanghai.
func shanghaiDay(s string) (time.Time, bool) {
	t, err := time.ParseInLocation(clock.DateLayout, s, clock.Shanghai)
	return t, err == nil
}
