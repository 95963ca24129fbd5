package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"dangjian/internal/app"
	"dangjian/internal/demo"
	"dangjian/internal/members"
	"dangjian/internal/platform/tabular"
)

// importRun imports one opened file into the org and reports what happened:
// rows refused, or an error when nothing could be done.
type importRun func(ctx context.Context, a *app.App, orgID, filename string, f *os.File, allOrNothing bool) (refused int, err error)

// cmdImport is `dangjian import members|orgs`: exit 0 when every row was
// imported, 3 when some rows were refused, 1 when nothing could be done.
func cmdImport(what string, run importRun) func(ctx context.Context, args []string) error {
	return func(ctx context.Context, args []string) error {
		var org string
		var allOrNothing bool
		a, fset, err := openApp(ctx, "import "+what, args, func(f *flag.FlagSet) {
			f.StringVar(&org, "org", "", "导入到的组织 ID 或编码")
			f.BoolVar(&allOrNothing, "all-or-nothing", false, "有任何一行错误则全部不导入")
		})
		if err != nil {
			return &exitError{code: 1, msg: err.Error()}
		}
		defer a.Close()
		if org == "" || fset.NArg() != 1 {
			return &exitError{code: 1, msg: "用法: dangjian import " + what + " --org ID_OR_CODE [--all-or-nothing] FILE"}
		}
		target, err := a.Orgs.Resolve(ctx, org)
		if err != nil {
			return &exitError{code: 1, msg: fmt.Sprintf("找不到组织 %q", org)}
		}
		f, err := os.Open(fset.Arg(0))
		if err != nil {
			return &exitError{code: 1, msg: err.Error()}
		}
		defer f.Close()
		refused, err := run(ctx, a, target.ID, filepath.Base(f.Name()), f, allOrNothing)
		if err != nil {
			return &exitError{code: 1, msg: err.Error()}
		}
		if refused > 0 {
			return &exitError{code: 3, msg: fmt.Sprintf("%d 行未导入", refused)}
		}
		return nil
	}
}

func importMembers(ctx context.Context, a *app.App, orgID, filename string, f *os.File, allOrNothing bool) (int, error) {
	mode := members.ImportGoodRows
	if allOrNothing {
		mode = members.ImportAllOrNothing
	}
	rep, err := a.Members.Import(ctx, orgID, filename, f, mode)
	if err != nil {
		return 0, err
	}
	printImport(rep.Total, rep.Created, rep.Updated, rep.Unchanged, rep.Refused, rep.Errors)
	return rep.Refused, nil
}

func importOrgs(ctx context.Context, a *app.App, orgID, filename string, f *os.File, allOrNothing bool) (int, error) {
	rep, err := a.Orgs.ImportOrgs(ctx, orgID, filename, f, allOrNothing)
	if err != nil {
		return 0, err
	}
	printImport(rep.Total, rep.Created, rep.Updated, rep.Unchanged, rep.Refused, rep.Errors)
	return rep.Refused, nil
}

func printImport(total, created, updated, unchanged, refused int, problems []tabular.Problem) {
	fmt.Printf("共 %d 行：新增 %d，更新 %d，未变化 %d，拒绝 %d\n", total, created, updated, unchanged, refused)
	for _, e := range problems {
		where := fmt.Sprintf("第 %d 行", e.Row)
		if e.Sheet != "" {
			where = "工作表「" + e.Sheet + "」" + where
		}
		if e.Column != "" {
			where += "「" + e.Column + "」"
		}
		fmt.Printf("  %s：%s\n", where, e.Message)
	}
}

func cmdExport(ctx context.Context, args []string) error {
	var org, out string
	a, _, err := openApp(ctx, "export members", args, func(f *flag.FlagSet) {
		f.StringVar(&org, "org", "", "导出的组织 ID 或编码（含下级）")
		f.StringVar(&out, "out", "members.xlsx", "输出文件")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	target, err := a.Orgs.Resolve(ctx, org)
	if err != nil {
		return fmt.Errorf("找不到组织 %q", org)
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	n, err := a.Members.ExportAll(ctx, target.ID, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Printf("已导出 %d 名党员到 %s\n", n, out)
	return nil
}

func cmdDemo(ctx context.Context, args []string) error {
	var n int
	var seed uint64
	a, _, err := openApp(ctx, "demo", args, func(f *flag.FlagSet) {
		f.IntVar(&n, "members", 0, "生成的合成党员人数（0 = 载入演示城市）")
		f.Uint64Var(&seed, "seed", 1, "随机种子（相同种子生成相同数据）")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	res, err := loadDemo(ctx, a, demo.Options{Seed: seed, Members: n, Demo: n == 0})
	if err != nil {
		return err
	}
	fmt.Printf("已生成 %d 个组织、%d 名党员，用时 %s\n", res.Orgs, res.Members, time.Since(start).Round(time.Millisecond))
	printSignIns(res)
	return nil
}

func loadDemo(ctx context.Context, a *app.App, opts demo.Options) (demo.Result, error) {
	opts.Progress = func(done, total int) {
		fmt.Fprintf(os.Stderr, "\r  %d / %d", done, total)
		if done == total {
			fmt.Fprintln(os.Stderr)
		}
	}
	res, err := demo.Load(ctx, a.DB, a.Orgs, a.Members, a.Auth, opts)
	if err != nil {
		return res, err
	}
	// The city also gets a few months of 党费, paid the way a secretary pays,
	// and its party-affairs workflows under way.
	if res.RootOrgID != "" {
		if err := a.Dues.LoadDemo(ctx, res.RootOrgID, res.DemoMemberID); err != nil {
			return res, err
		}
		if err := loadWorkflowDemo(ctx, a, res.RootOrgID); err != nil {
			return res, err
		}
	}
	// The generator writes in bulk, without events: the dashboards' rollups
	// are built from what now stands.
	return res, rebuildRollups(ctx, a)
}

func printSignIns(res demo.Result) {
	if len(res.SignIns) == 0 {
		return
	}
	fmt.Println("\n演示账号（演示数据，仅供体验）：")
	for _, s := range res.SignIns {
		fmt.Printf("  %-12s 账号 %-14s 密码 %-12s %s\n", s.Role, s.Username, s.Password, s.Note)
	}
}

// openWithDemo opens the application and, when asked and the database is
// empty, loads the demo city first so the newcomer can sign in at once.
func openWithDemo(ctx context.Context, cfg app.Config, wantDemo bool) (*app.App, error) {
	a, err := app.Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if wantDemo {
		empty, err := a.Empty(ctx)
		if err != nil {
			a.Close()
			return nil, err
		}
		if empty {
			res, err := loadDemo(ctx, a, demo.Options{Seed: 1, Demo: true})
			if err != nil {
				a.Close()
				return nil, err
			}
			printSignIns(res)
			// Reopen so every part knows it now serves demo data.
			a.Close()
			return app.Open(ctx, cfg)
		}
		fmt.Println("数据库已有数据，未重复载入演示数据。")
	}
	return a, nil
}
