// Command dangjian is the whole platform in one binary: the server and the
// operator's commands (migrate, user, org, token, import, export, demo, audit,
// rollup).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// exitError carries a specific exit status (import: 3 = some rows refused).
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

const usage = `用法: dangjian <命令> [参数]

命令:
  serve            启动服务（--demo 在空库中载入演示数据）
  migrate          升级数据库结构
  user create      创建账号（--username --password --role [--org]）
  user reset-password  重置密码（--username --password）
  org create       创建组织（--name --kind [--code] [--parent]），输出新组织 ID
  token create     创建个人 API 令牌（--username [--expires 30d]），输出令牌
  import members   从 .xlsx/.csv 导入党员（--org [--all-or-nothing] FILE）
  import orgs      从 .xlsx/.csv 导入下级党组织（--org [--all-or-nothing] FILE）
  export members   导出党员到 .xlsx（--org [--out FILE]）
  demo             载入演示城市；--members N 生成任意规模的合成数据
  audit verify     校验审计日志与党费账目的哈希链
  rollup rebuild   重建统计汇总（数据大屏、党建概况的数据来源）；须在服务停止时运行

每个参数也可用环境变量 DANGJIAN_<参数名> 设置，例如 DANGJIAN_DB。`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "错误:", err)
		var ee *exitError
		if errors.As(err, &ee) {
			os.Exit(ee.code)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Println(usage)
		return nil
	}
	two := ""
	if len(args) > 1 {
		two = args[0] + " " + args[1]
	}
	switch {
	case args[0] == "serve":
		return cmdServe(ctx, args[1:])
	case args[0] == "migrate":
		return cmdMigrate(ctx, args[1:])
	case two == "user create":
		return cmdUserCreate(ctx, args[2:])
	case two == "user reset-password":
		return cmdUserReset(ctx, args[2:])
	case two == "org create":
		return cmdOrgCreate(ctx, args[2:])
	case two == "token create":
		return cmdTokenCreate(ctx, args[2:])
	case two == "import members":
		return cmdImport("members", importMembers)(ctx, args[2:])
	case two == "import orgs":
		return cmdImport("orgs", importOrgs)(ctx, args[2:])
	case two == "export members":
		return cmdExport(ctx, args[2:])
	case args[0] == "demo":
		return cmdDemo(ctx, args[1:])
	case two == "audit verify":
		return cmdAuditVerify(ctx, args[2:])
	case two == "rollup rebuild":
		return cmdRollupRebuild(ctx, args[2:])
	case args[0] == "help", args[0] == "-h", args[0] == "--help":
		fmt.Println(usage)
		return nil
	}
	return fmt.Errorf("未知命令 %q\n\n%s", args[0], usage)
}
