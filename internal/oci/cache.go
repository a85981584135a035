package oci

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/opencontainers/go-digest"
)

// cache keeps verified content under dir/sha256/<hex>. An entry is checked against its name on
// every read, so a corrupt or truncated file is dropped and fetched again rather than used.
type cache struct{ dir string }

func (c cache) path(d digest.Digest) string {
	return filepath.Join(c.dir, d.Algorithm().String(), d.Encoded())
}

// get returns the content named d, or false when there is no cache, no entry, or a bad one.
func (c cache) get(d digest.Digest, maxSize int64) ([]byte, bool) {
	if c.dir == "" {
		return nil, false
	}
	p := c.path(d)
	if fi, err := os.Stat(p); err != nil || fi.Size() > maxSize {
		return nil, false
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, false
	}
	if digest.FromBytes(data) != d {
		_ = os.Remove(p) // corrupt: fetch again; a failed remove is overwritten by put
		return nil, false
	}
	return data, true
}

// put stores data, which the caller has verified is named d. Concurrent puts of one digest are
// safe: each writes its own temporary file and renames it into place.
func (c cache) put(d digest.Digest, data []byte) error {
	if c.dir == "" {
		return nil
	}
	p := c.path(d)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if err := errors.Join(werr, cerr); err != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("cache: %w", err)
	}
	if err := os.Rename(f.Name(), p); err != nil && !errors.Is(err, fs.ErrExist) {
		_ = os.Remove(f.Name())
		return fmt.Errorf("cache: %w", err)
	}
	return nil
}

// verify checks that data is the content named want; source says who named it ("manifest" for a
// layer, "registry" or "reference" for a manifest).
func verify(source string, want digest.Digest, data []byte) error {
	if got := digest.FromBytes(data); got != want {
		return &refError{fmt.Sprintf("%v: %s says %s, content is %s", ErrDigestMismatch, source, want, got), ErrDigestMismatch}
	}
	return nil
}

// checkDigest refuses digests this package cannot verify, or that are malformed (and so unsafe
// as file names).
func checkDigest(d digest.Digest) error {
	if err := d.Validate(); err != nil {
		return fmt.Errorf("digest %q: %w", d, err)
	}
	if d.Algorithm() != digest.SHA256 {
		return fmt.Errorf("digest %s: only sha256 is supported", d)
	}
	return nil
}
