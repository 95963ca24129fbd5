package orglife

import (
	"context"

	"dangjian/internal/platform/settings"
	"dangjian/internal/voting"
)

var onOff = []string{"on", "off"}

var frequencies = []string{string(Monthly), string(Quarterly), string(Yearly), string(Off)}

// catalog is the settings an organization department may set for its
// subtree, with their defaults (DOMAIN.md).
var catalog = &settings.Catalog{Table: "orglife_settings", AuditAction: "orglife.settings", Items: func() []settings.Item {
	var list []settings.Item
	for _, k := range Kinds {
		list = append(list, settings.Item{Key: freqKey(k), Label: k.Label() + "频次", Default: string(DefaultFrequency(k)), Options: frequencies})
	}
	return append(list,
		settings.Item{Key: "theme_day.day", Label: "主题党日固定日（每月几号）", Default: "15", Min: 1, Max: 28},
		settings.Item{Key: "checkin.before_minutes", Label: "会前多少分钟开始签到", Default: "30", Min: 0, Max: 240},
		settings.Item{Key: "checkin.after_minutes", Label: "开始后多少分钟停止签到", Default: "20", Min: 0, Max: 240},
		settings.Item{Key: "checkin.location", Label: "允许会场定位签到（电子围栏）", Default: "off", Options: onOff},
		settings.Item{Key: "checkin.photo", Label: "允许签到拍照", Default: "off", Options: onOff},
		settings.Item{Key: "checkin.photo_days", Label: "签到照片保存天数", Default: "30", Min: 1, Max: 365},
		settings.Item{Key: "appraisal.excellent_cap", Label: "民主评议优秀等次比例上限", Default: "1/3", Check: validShare},
	)
}()}

func freqKey(k Kind) string { return "freq." + string(k) }

// Value is one setting at an org path (for other capabilities, e.g. the
// 民主评议 cap).
func (s *Service) Value(ctx context.Context, orgPath, key string) (string, error) {
	v, err := catalog.Resolve(ctx, s.db, orgPath)
	return v.String(key), err
}

// validShare checks a share such as "1/3" (the 民主评议 优秀 cap).
func validShare(v string) string {
	if _, err := voting.ParseShare(v); err != nil {
		return err.Error()
	}
	return ""
}
