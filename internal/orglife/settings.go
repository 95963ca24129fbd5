package orglife

import (
	"context"
	"strconv"
	"strings"

	"dangjian/internal/platform/db"
	"dangjian/internal/voting"
)

// setting is one configurable value of organizational life: its default
// (DOMAIN.md) and what a value must look like.
type setting struct {
	Key     string
	Label   string
	Default string
	Options []string // allowed values; empty for a number
	Min     int      // bounds of a number
	Max     int
}

var onOff = []string{"on", "off"}

var frequencies = []string{string(Monthly), string(Quarterly), string(Yearly), string(Off)}

// settings are the keys an organization department may set for its subtree.
var settings = func() []setting {
	var list []setting
	for _, k := range Kinds {
		list = append(list, setting{Key: freqKey(k), Label: k.Label() + "频次", Default: string(DefaultFrequency(k)), Options: frequencies})
	}
	return append(list,
		setting{Key: "theme_day.day", Label: "主题党日固定日（每月几号）", Default: "15", Min: 1, Max: 28},
		setting{Key: "checkin.before_minutes", Label: "会前多少分钟开始签到", Default: "30", Min: 0, Max: 240},
		setting{Key: "checkin.after_minutes", Label: "开始后多少分钟停止签到", Default: "20", Min: 0, Max: 240},
		setting{Key: "checkin.location", Label: "允许会场定位签到（电子围栏）", Default: "off", Options: onOff},
		setting{Key: "checkin.photo", Label: "允许签到拍照", Default: "off", Options: onOff},
		setting{Key: "checkin.photo_days", Label: "签到照片保存天数", Default: "30", Min: 1, Max: 365},
		setting{Key: "appraisal.excellent_cap", Label: "民主评议优秀等次比例上限", Default: "1/3"},
	)
}()

func freqKey(k Kind) string { return "freq." + string(k) }

func settingOf(key string) (setting, bool) {
	for _, s := range settings {
		if s.Key == key {
			return s, true
		}
	}
	return setting{}, false
}

// check returns a Chinese message when v is not a valid value of s.
func (s setting) check(v string) string {
	if len(s.Options) > 0 {
		for _, o := range s.Options {
			if v == o {
				return ""
			}
		}
		return s.Label + "应为 " + strings.Join(s.Options, "、") + " 之一"
	}
	if s.Max == 0 {
		return validShare(v)
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < s.Min || n > s.Max {
		return s.Label + "应为 " + strconv.Itoa(s.Min) + "–" + strconv.Itoa(s.Max) + " 的整数"
	}
	return ""
}

// Resolved is a setting's value at an org with where it came from.
type Resolved struct {
	Key           string   `json:"key"`
	Label         string   `json:"label"`
	Value         string   `json:"value"`
	Default       string   `json:"default"`
	Source        string   `json:"source"` // default | inherited | own
	SourceOrgID   string   `json:"source_org_id"`
	SourceOrgName string   `json:"source_org_name"`
	Options       []string `json:"options"`
}

// Values is every setting as it applies at an org path.
type Values map[string]Resolved

// resolve reads the values set at the org of path and its ancestors; the
// nearest one wins.
func (s *Service) resolve(ctx context.Context, q db.Querier, path string) (Values, error) {
	chain := pathIDs(path)
	depth := map[string]int{}
	for i, id := range chain {
		depth[id] = i
	}
	out := Values{}
	for _, st := range settings {
		out[st.Key] = Resolved{Key: st.Key, Label: st.Label, Value: st.Default, Default: st.Default, Source: "default", Options: st.Options}
	}
	rows, err := q.QueryContext(ctx, "SELECT org_id, key, value FROM orglife_settings WHERE org_id IN ("+
		db.Placeholders(len(chain))+")", db.Strings(chain)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	best := map[string]int{}
	for rows.Next() {
		var org, key, value string
		if err := rows.Scan(&org, &key, &value); err != nil {
			return nil, err
		}
		r, ok := out[key]
		if d, seen := best[key]; !ok || (seen && d > depth[org]) {
			continue
		}
		best[key] = depth[org]
		r.Value, r.SourceOrgID, r.Source = value, org, "inherited"
		if org == chain[len(chain)-1] {
			r.Source = "own"
		}
		out[key] = r
	}
	return out, rows.Err()
}

// Frequency is the requirement of kind k.
func (v Values) Frequency(k Kind) Frequency { return Frequency(v[freqKey(k)].Value) }

// Int is a numeric setting (its default if unreadable).
func (v Values) Int(key string) int {
	n, err := strconv.Atoi(v[key].Value)
	if err != nil {
		n, _ = strconv.Atoi(v[key].Default)
	}
	return n
}

// On reports whether an on/off setting is on.
func (v Values) On(key string) bool { return v[key].Value == "on" }

// Value is one setting at an org path (for other capabilities, e.g. the
// 民主评议 cap).
func (s *Service) Value(ctx context.Context, orgPath, key string) (string, error) {
	v, err := s.resolve(ctx, s.db, orgPath)
	return v[key].Value, err
}

// pathIDs splits an org path "/a/b/c/" into its org IDs, root first.
func pathIDs(path string) []string {
	return strings.FieldsFunc(path, func(r rune) bool { return r == '/' })
}

// validShare checks a share such as "1/3" (the 民主评议 优秀 cap).
func validShare(v string) string {
	if _, err := voting.ParseShare(v); err != nil {
		return err.Error()
	}
	return ""
}
