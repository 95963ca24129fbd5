package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"

	"dangjian/internal/app"
	"dangjian/internal/platform/pii"
)

// common are the flags every subcommand that opens the database shares.
// Every flag also reads DANGJIAN_<NAME> (dashes become underscores), and the
// secret ones a DANGJIAN_<NAME>_FILE variant.
type common struct {
	dsn, dataDir, profile, key, keyFile string
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.dsn, "db", env("db", ""), "数据库 DSN：sqlite:PATH 或 postgres://…（默认 sqlite:<data-dir>/dangjian.db）")
	fs.StringVar(&c.dataDir, "data-dir", env("data-dir", "./data"), "数据目录（SQLite 文件、密钥）")
	fs.StringVar(&c.profile, "crypto-profile", env("crypto-profile", "gm"), "个人信息加密算法：gm（SM4+SM3）或 intl（AES-256+SHA-256）")
	fs.StringVar(&c.key, "crypto-key", env("crypto-key", ""), "主密钥（hex 或 base64，≥32 字节）；默认读取 <data-dir>/secret.key，不存在则生成")
	fs.StringVar(&c.keyFile, "crypto-key-file", env("crypto-key-file", ""), "主密钥文件")
}

func (c *common) config() (app.Config, error) {
	dsn := c.dsn
	if dsn == "" {
		dsn = "sqlite:" + filepath.Join(c.dataDir, "dangjian.db")
	}
	key, err := app.LoadKey(c.key, c.keyFile, c.dataDir)
	if err != nil {
		return app.Config{}, err
	}
	return app.Config{DSN: dsn, DataDir: c.dataDir, CryptoProfile: pii.Profile(c.profile), CryptoKey: key}, nil
}

// env reads DANGJIAN_<NAME>, or the file named by DANGJIAN_<NAME>_FILE.
func env(name, def string) string {
	key := "DANGJIAN_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	if f, ok := os.LookupEnv(key + "_FILE"); ok {
		if b, err := os.ReadFile(f); err == nil {
			return strings.TrimSpace(string(b))
		}
	}
	return def
}

func envBool(name string) bool {
	v := strings.ToLower(env(name, ""))
	return v == "1" || v == "true" || v == "yes"
}
