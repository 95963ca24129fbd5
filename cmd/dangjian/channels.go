package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"dangjian/internal/app"
	"dangjian/internal/members"
	"dangjian/internal/notify/channel"
)

// channelFlags configure the message center's SMS and e-mail channels and
// its reminders (serve only). Secrets also read DANGJIAN_<NAME>_FILE.
type channelFlags struct {
	smsProvider, smsKeyID, smsKeySecret, smsSignName, smsAppID, smsRegion, smsTemplates string
	smsBudget                                                                           int
	smtpHost, smtpUser, smtpPassword, smtpFrom, smtpTLS                                 string
	smtpPort                                                                            int
	termMonths                                                                          int
	birthdayFrom                                                                        string
	birthdaySMS                                                                         bool
}

func (c *channelFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.smsProvider, "sms-provider", env("sms-provider", ""), "短信服务商：aliyun（阿里云）或 tencent（腾讯云）；留空不发短信（记录为“未配置渠道”）")
	fs.StringVar(&c.smsKeyID, "sms-key-id", env("sms-key-id", ""), "短信 AccessKey ID / SecretId")
	fs.StringVar(&c.smsKeySecret, "sms-key-secret", env("sms-key-secret", ""), "短信 AccessKey Secret / SecretKey")
	fs.StringVar(&c.smsSignName, "sms-sign-name", env("sms-sign-name", ""), "已审核的短信签名")
	fs.StringVar(&c.smsAppID, "sms-sdk-app-id", env("sms-sdk-app-id", ""), "腾讯云短信 SdkAppId")
	fs.StringVar(&c.smsRegion, "sms-region", env("sms-region", ""), "腾讯云地域（默认 ap-guangzhou）")
	fs.StringVar(&c.smsTemplates, "sms-templates", env("sms-templates", ""), "消息类型与已审核模板，如 notice=SMS_1,term_end=SMS_2,political_birthday=SMS_3")
	fs.IntVar(&c.smsBudget, "sms-daily-budget", envInt("sms-daily-budget", 200), "每个组织每天最多发送的短信条数")
	fs.StringVar(&c.smtpHost, "smtp-host", env("smtp-host", ""), "发信 SMTP 服务器；留空不发邮件")
	fs.IntVar(&c.smtpPort, "smtp-port", envInt("smtp-port", 0), "SMTP 端口（默认 starttls 587，implicit 465）")
	fs.StringVar(&c.smtpUser, "smtp-username", env("smtp-username", ""), "SMTP 用户名")
	fs.StringVar(&c.smtpPassword, "smtp-password", env("smtp-password", ""), "SMTP 密码")
	fs.StringVar(&c.smtpFrom, "smtp-from", env("smtp-from", ""), "发件人，如 智慧党建 <noreply@example.gov.cn>")
	fs.StringVar(&c.smtpTLS, "smtp-tls", env("smtp-tls", channel.SMTPStartTLS), "SMTP 加密方式：starttls 或 implicit（不支持明文）")
	fs.IntVar(&c.termMonths, "term-reminder-months", envInt("term-reminder-months", 6), "任期届满前几个月发出换届提醒")
	fs.StringVar(&c.birthdayFrom, "political-birthday", env("political-birthday", "joined"), "政治生日按 joined（入党时间）或 full（转正时间）计算")
	fs.BoolVar(&c.birthdaySMS, "birthday-sms", envBool("birthday-sms"), "政治生日祝福同时发送短信")
}

// apply puts the channels into cfg.
func (c *channelFlags) apply(cfg *app.Config) error {
	templates, err := parseTemplates(c.smsTemplates)
	if err != nil {
		return err
	}
	cfg.Notify.SMSTemplates, cfg.Notify.SMSDailyBudget = templates, c.smsBudget
	switch c.smsProvider {
	case "":
	case "aliyun":
		cfg.Notify.SMS = &channel.Aliyun{AccessKeyID: c.smsKeyID, AccessKeySecret: c.smsKeySecret, SignName: c.smsSignName}
	case "tencent":
		cfg.Notify.SMS = &channel.Tencent{SecretID: c.smsKeyID, SecretKey: c.smsKeySecret, SdkAppID: c.smsAppID,
			SignName: c.smsSignName, Region: c.smsRegion}
	default:
		return fmt.Errorf("--sms-provider 只能是 aliyun 或 tencent，而不是 %q", c.smsProvider)
	}
	if c.smtpHost != "" {
		cfg.Notify.Email = &channel.SMTP{Host: c.smtpHost, Port: c.smtpPort, Username: c.smtpUser,
			Password: c.smtpPassword, From: c.smtpFrom, TLS: c.smtpTLS}
	}
	cfg.TermReminderMonths = c.termMonths
	switch c.birthdayFrom {
	case "joined", "full":
		cfg.Birthdays = members.BirthdayConfig{FromFullMemberOn: c.birthdayFrom == "full", SMS: c.birthdaySMS}
	default:
		return fmt.Errorf("--political-birthday 只能是 joined 或 full")
	}
	return nil
}

// parseTemplates reads "kind=CODE,kind=CODE".
func parseTemplates(s string) (map[string]string, error) {
	out := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		if pair = strings.TrimSpace(pair); pair == "" {
			continue
		}
		kind, code, ok := strings.Cut(pair, "=")
		if !ok || kind == "" || code == "" {
			return nil, fmt.Errorf("--sms-templates 格式应为 类型=模板编号，用逗号分隔：%q", pair)
		}
		out[strings.TrimSpace(kind)] = strings.TrimSpace(code)
	}
	return out, nil
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(env(name, "")); err == nil {
		return n
	}
	return def
}
