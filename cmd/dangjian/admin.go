package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"dangjian/internal/app"
	"dangjian/internal/auth"
	"dangjian/internal/dues"
	"dangjian/internal/orgs"
	"dangjian/internal/platform/audit"
	"dangjian/internal/platform/authz"
)

// openApp parses the common flags plus whatever extra ones define, then
// opens (and migrates) the application.
func openApp(ctx context.Context, name string, args []string, extra func(*flag.FlagSet)) (*app.App, *flag.FlagSet, error) {
	fset := flag.NewFlagSet(name, flag.ContinueOnError)
	var c common
	c.register(fset)
	if extra != nil {
		extra(fset)
	}
	if err := fset.Parse(args); err != nil {
		return nil, nil, err
	}
	cfg, err := c.config()
	if err != nil {
		return nil, nil, err
	}
	a, err := app.Open(ctx, cfg)
	return a, fset, err
}

func cmdMigrate(ctx context.Context, args []string) error {
	a, _, err := openApp(ctx, "migrate", args, nil)
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Printf("数据库结构已是最新（%d 个迁移步骤）\n", len(app.Migrations()))
	return nil
}

func cmdUserCreate(ctx context.Context, args []string) error {
	var username, password, role, org, display string
	a, _, err := openApp(ctx, "user create", args, func(f *flag.FlagSet) {
		f.StringVar(&username, "username", "", "账号（手机号或用户名）")
		f.StringVar(&password, "password", "", "初始密码（首次登录须修改）")
		f.StringVar(&role, "role", "", "角色：org_admin party_worker viewer member sysadmin secadmin auditor")
		f.StringVar(&org, "org", "", "授予角色的组织 ID 或编码（三员角色不需要）")
		f.StringVar(&display, "name", "", "显示名称")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	if username == "" || password == "" || role == "" {
		return fmt.Errorf("需要 --username、--password 和 --role")
	}
	if display == "" {
		display = username
	}
	acc, err := a.Auth.CreateAccount(ctx, auth.NewAccount{Username: username, DisplayName: display,
		Password: password, MustChangePassword: true})
	if err != nil {
		return err
	}
	if _, err := a.Auth.GrantRole(ctx, acc.ID, authz.Role(role), org); err != nil {
		return err
	}
	fmt.Printf("已创建账号 %s（角色 %s），首次登录须修改密码\n", username, authz.Role(role).Label())
	return nil
}

func cmdUserReset(ctx context.Context, args []string) error {
	var username, password string
	a, _, err := openApp(ctx, "user reset-password", args, func(f *flag.FlagSet) {
		f.StringVar(&username, "username", "", "账号")
		f.StringVar(&password, "password", "", "新的临时密码（下次登录须修改）")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Auth.ResetPassword(ctx, username, password); err != nil {
		return err
	}
	fmt.Println("密码已重置，该账号的所有会话已结束，下次登录须修改密码")
	return nil
}

func cmdOrgCreate(ctx context.Context, args []string) error {
	var name, kind, code, parent string
	a, _, err := openApp(ctx, "org create", args, func(f *flag.FlagSet) {
		f.StringVar(&name, "name", "", "组织名称")
		f.StringVar(&kind, "kind", "", "类型：leading_body committee general_branch branch group")
		f.StringVar(&code, "code", "", "组织编码（可选，唯一）")
		f.StringVar(&parent, "parent", "", "上级组织 ID 或编码（顶级组织不填）")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	parentID := ""
	if parent != "" {
		p, err := a.Orgs.Resolve(ctx, parent)
		if err != nil {
			return fmt.Errorf("找不到上级组织 %q", parent)
		}
		parentID = p.ID
	}
	org, err := a.Orgs.Create(ctx, orgs.NewOrg{ParentID: parentID, Name: name, Kind: kind, Code: code})
	if err != nil {
		return err
	}
	fmt.Println(org.ID)
	return nil
}

func cmdTokenCreate(ctx context.Context, args []string) error {
	var username, name, expires string
	a, _, err := openApp(ctx, "token create", args, func(f *flag.FlagSet) {
		f.StringVar(&username, "username", "", "账号")
		f.StringVar(&name, "name", "cli", "令牌名称")
		f.StringVar(&expires, "expires", "30d", "有效期，如 30d、12h")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	ttl, err := parseTTL(expires)
	if err != nil {
		return err
	}
	token, err := a.Auth.CreateToken(ctx, username, name, ttl)
	if err != nil {
		return err
	}
	fmt.Println(token)
	return nil
}

// parseTTL accepts Go durations plus a "d" (days) suffix.
func parseTTL(s string) (time.Duration, error) {
	var days int
	if _, err := fmt.Sscanf(s, "%dd", &days); err == nil && fmt.Sprintf("%dd", days) == s {
		if days < 1 || days > 366 {
			return 0, fmt.Errorf("有效期应为 1 到 366 天")
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("无法识别的有效期 %q（例如 30d 或 12h）", s)
	}
	return d, nil
}

func cmdAuditVerify(ctx context.Context, args []string) error {
	a, _, err := openApp(ctx, "audit verify", args, nil)
	if err != nil {
		return err
	}
	defer a.Close()
	rep, err := audit.Verify(ctx, a.DB)
	if err != nil {
		return err
	}
	fmt.Println(rep.Message)
	if !rep.OK {
		return &exitError{code: 2, msg: "审计日志校验失败"}
	}
	// The dues ledger is a chain of its own per organization.
	ledger, err := dues.Verify(ctx, a.DB)
	if err != nil {
		return err
	}
	fmt.Println(ledger.Message)
	if !ledger.OK {
		return &exitError{code: 2, msg: "党费账目校验失败"}
	}
	return nil
}

func cmdRollupRebuild(ctx context.Context, args []string) error {
	a, _, err := openApp(ctx, "rollup rebuild", args, nil)
	if err != nil {
		return err
	}
	defer a.Close()
	return rebuildRollups(ctx, a)
}

// rebuildRollups rebuilds the dashboards' rollups and says how long it took.
func rebuildRollups(ctx context.Context, a *app.App) error {
	start := time.Now()
	st, err := a.RebuildRollups(ctx)
	if err != nil {
		return fmt.Errorf("重建统计汇总: %w", err)
	}
	fmt.Fprintf(os.Stderr, "统计汇总已重建：重放 %d 个事件，用时 %s\n", st.Deliveries, time.Since(start).Round(time.Millisecond))
	return nil
}
