package app

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"dangjian/internal/platform/pii"
)

// LoadKey finds the master key for personal-data encryption: the value
// given, else the file given, else <dataDir>/secret.key — created on first
// start so a newcomer needs no set-up (and told to back it up: without it
// the encrypted ID numbers and phones cannot be read).
func LoadKey(value, file, dataDir string) ([]byte, error) {
	if value != "" {
		return pii.ParseKey(value)
	}
	if file == "" {
		file = filepath.Join(dataDir, "secret.key")
		if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
			if err := createKeyFile(file); err != nil {
				return nil, err
			}
		}
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read crypto key: %w", err)
	}
	return pii.ParseKey(strings.TrimSpace(string(b)))
}

func createKeyFile(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return err
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		return err
	}
	slog.Warn("created a new personal-data encryption key; back it up with the database", "file", path)
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
