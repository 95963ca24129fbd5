package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"dangjian/internal/app"
	"dangjian/internal/platform/clock"
	"dangjian/web"
)

func cmdServe(ctx context.Context, args []string) error {
	fset := flag.NewFlagSet("serve", flag.ContinueOnError)
	var c common
	c.register(fset)
	var ch channelFlags
	ch.register(fset)
	addr := fset.String("addr", env("addr", "127.0.0.1:8080"), "监听地址")
	demo := fset.Bool("demo", envBool("demo"), "数据库为空时载入演示数据并打印演示账号")
	tlsCert := fset.String("tls-cert", env("tls-cert", ""), "TLS 证书文件（启用 HTTPS 与 __Host- Cookie）")
	tlsKey := fset.String("tls-key", env("tls-key", ""), "TLS 私钥文件")
	clockFile := fset.String("clock-offset-file", env("clock-offset-file", ""), "仅供浏览器测试：从该文件读取时钟偏移秒数，模拟时间推移；生产环境不得设置")
	adminNets := fset.String("admin-networks", env("admin-networks", ""), "只允许从这些网络（逗号分隔的 CIDR）访问账号、审计与系统管理功能；留空不限制")
	if err := fset.Parse(args); err != nil {
		return err
	}
	cfg, err := c.config()
	if err != nil {
		return err
	}
	if cfg.AdminNetworks, err = parseNetworks(*adminNets); err != nil {
		return err
	}
	if err := ch.apply(&cfg); err != nil {
		return err
	}
	cfg.SecureCookies = *tlsCert != ""
	if *clockFile != "" {
		slog.Warn("test clock enabled: the server's time follows the offset in the file", "file", *clockFile)
		cfg.Clock = clock.NewTravel(*clockFile)
	}
	softMemoryLimit()
	a, err := openWithDemo(ctx, cfg, *demo)
	if err != nil {
		return err
	}
	defer a.Close()
	dist, err := fs.Sub(web.Dist, "dist")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: a.Handler(app.NewSPA(dist)), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	go a.Jobs.Run(ctx)
	scheme := "http"
	if cfg.SecureCookies {
		scheme = "https"
	}
	fmt.Printf("智慧党建平台已启动：%s://%s/  （手机端：%s://%s/m/）\n", scheme, ln.Addr(), scheme, ln.Addr())
	errc := make(chan error, 1)
	go func() {
		if cfg.SecureCookies {
			errc <- srv.ServeTLS(ln, *tlsCert, *tlsKey)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	slog.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// parseNetworks reads "10.0.0.0/8,192.168.1.0/24".
func parseNetworks(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("--admin-networks: %q 不是有效的 CIDR 网段", f)
		}
		out = append(out, p)
	}
	return out, nil
}

// defaultMemoryLimit is the heap size at which the garbage collector starts
// working harder: a large spreadsheet import briefly makes much garbage,
// and without a limit the heap would double before each collection.
const defaultMemoryLimit = 384 << 20

// softMemoryLimit applies defaultMemoryLimit unless GOMEMLIMIT is set.
func softMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
}
