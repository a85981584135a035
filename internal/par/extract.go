package par

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Extract writes the binary for target into cacheDir and returns its path:
// cacheDir/<provider key>/<revision>/<contract>_<link>, where contract and link are lower-cased
// with every character that is not an ASCII letter or digit replaced by "_" (the layout of
// wasmCloud 0.x hosts). The file is written once (to a temporary name, then renamed, mode 0755);
// when it exists already its content is compared with the archive's binary and replaced if it
// differs, so a modified cache file is never run.
func (a *Archive) Extract(cacheDir, target, link string) (string, error) {
	bin, err := a.Binary(target)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cacheDir, a.Provider.PublicKey(), strconv.FormatInt(a.Revision(), 10))
	name := sanitize(a.Provider.CapID) + "_" + sanitize(link)
	p := filepath.Join(dir, name)
	if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, bin) {
		return p, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("extract provider %s: %w", a.Provider.PublicKey(), err)
	}
	f, err := os.CreateTemp(dir, name+".tmp*")
	if err != nil {
		return "", fmt.Errorf("extract provider %s: %w", a.Provider.PublicKey(), err)
	}
	_, werr := f.Write(bin)
	cerr := f.Close()
	if err := firstErr(werr, cerr, os.Chmod(f.Name(), 0o755)); err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("extract provider %s: %w", a.Provider.PublicKey(), err)
	}
	if err := os.Rename(f.Name(), p); err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("extract provider %s: %w", a.Provider.PublicKey(), err)
	}
	return p, nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return r
		}
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return '_'
	}, s)
}
