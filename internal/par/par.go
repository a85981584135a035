package par

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"path"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/trellis-lattice/trellis/internal/claims"
)

// Limits on what Read accepts, so a hostile archive cannot exhaust memory.
const (
	// MaxArchiveSize bounds the uncompressed size of all entries together.
	MaxArchiveSize = 1 << 30
	// MaxClaimsSize bounds claims.jwt.
	MaxClaimsSize = 1 << 20
)

// ClaimsFile is the name of the claims entry.
const ClaimsFile = "claims.jwt"

// Errors wrapped by Read.
var (
	// ErrInvalid means the data is not a well-formed provider archive.
	ErrInvalid = errors.New("invalid provider archive")
	// ErrHashMismatch means a binary does not hash to the value its claims record.
	ErrHashMismatch = errors.New("binary does not match its signed hash")
	// ErrNoTarget means the archive has no binary for the requested target.
	ErrNoTarget = errors.New("no binary for this target")
)

// Archive is a verified provider archive.
type Archive struct {
	// Provider is the validated claims of the archive.
	Provider *claims.Provider
	binaries map[string][]byte
}

// Targets returns the targets the archive has binaries for, sorted.
func (a *Archive) Targets() []string {
	return slices.Sorted(maps.Keys(a.binaries))
}

// Binary returns the executable for target; it wraps ErrNoTarget, listing the targets the
// archive has, when there is none.
func (a *Archive) Binary(target string) ([]byte, error) {
	b, ok := a.binaries[target]
	if !ok {
		return nil, fmt.Errorf("provider %s (%s): %w %s; the archive has %s", a.Provider.PublicKey(), a.Provider.Name, ErrNoTarget, target, strings.Join(a.Targets(), ", "))
	}
	return b, nil
}

// Revision is the provider's revision: the claims' rev when positive, else their issue time in
// Unix seconds (as wasmCloud 0.x hosts count it).
func (a *Archive) Revision() int64 {
	if a.Provider.Rev > 0 {
		return int64(a.Provider.Rev)
	}
	return a.Provider.IssuedAt.Unix()
}

// HostTarget is the target string of the running program's OS and architecture, in the Rust
// form archives use: "x86_64-linux", "aarch64-macos", ….
func HostTarget() string {
	return Target(runtime.GOOS, runtime.GOARCH)
}

// Target converts a Go GOOS and GOARCH to an archive target.
func Target(goos, goarch string) string {
	arch := map[string]string{"amd64": "x86_64", "arm64": "aarch64", "386": "x86", "arm": "arm", "riscv64": "riscv64gc", "s390x": "s390x", "ppc64le": "powerpc64le"}[goarch]
	if arch == "" {
		arch = goarch
	}
	os := goos
	if goos == "darwin" {
		os = "macos"
	}
	return arch + "-" + os
}

// Hash is the uppercase hex SHA-256 of b, as target_hashes record it.
func Hash(b []byte) string {
	sum := sha256.Sum256(b)
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// walk calls visit for each claims entry (target "") and each <target>.bin entry of the archive
// in data, gzip-compressed or not, with a reader of the entry's body.
func walk(data []byte, visit func(name, target string, size int64, body io.Reader) error) error {
	r := io.Reader(bytes.NewReader(data))
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return fmt.Errorf("%w: gzip: %v", ErrInvalid, err)
		}
		defer zr.Close()
		r = zr
	}
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: tar: %v (is it a .par or .par.gz file?)", ErrInvalid, err)
		}
		if hdr.Typeflag != tar.TypeReg {
			continue
		}
		base := path.Base(hdr.Name)
		stem := strings.TrimSuffix(base, path.Ext(base))
		switch {
		case stem == "claims":
			err = visit(hdr.Name, "", hdr.Size, tr)
		case path.Ext(base) == ".bin" && stem != "":
			err = visit(hdr.Name, stem, hdr.Size, tr)
		}
		if err != nil {
			return err
		}
	}
}

// Read parses and verifies the archive in data at time now: it must hold claims.jwt and at
// least one <target>.bin; the token must be a valid provider token (signature, exp/nbf, A…
// issuer, V… subject), and every binary must hash to its target_hashes entry.
func Read(data []byte, now time.Time) (*Archive, error) {
	var (
		token    string
		binaries = map[string][]byte{}
		total    int64
	)
	err := walk(data, func(name, target string, size int64, body io.Reader) error {
		if size < 0 || total+size > MaxArchiveSize {
			return fmt.Errorf("%w: entries exceed %d bytes", ErrInvalid, MaxArchiveSize)
		}
		total += size
		if target == "" && size > MaxClaimsSize {
			return fmt.Errorf("%w: %s is %d bytes (at most %d)", ErrInvalid, name, size, MaxClaimsSize)
		}
		b := make([]byte, size)
		if _, err := io.ReadFull(body, b); err != nil {
			return fmt.Errorf("%w: read %s: %v", ErrInvalid, name, err)
		}
		if target == "" {
			token = strings.TrimSpace(string(b))
		} else {
			binaries[target] = b
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if token == "" {
		return nil, fmt.Errorf("%w: no %s entry", ErrInvalid, ClaimsFile)
	}
	if len(binaries) == 0 {
		return nil, fmt.Errorf("%w: no <target>.bin entry (e.g. %s.bin)", ErrInvalid, HostTarget())
	}
	p, err := claims.ValidateToken(token, now)
	if err != nil {
		return nil, fmt.Errorf("provider archive claims: %w", err)
	}
	for _, target := range slices.Sorted(maps.Keys(binaries)) {
		want, ok := p.TargetHashes[target]
		got := Hash(binaries[target])
		if !ok {
			return nil, fmt.Errorf("provider %s: %s.bin: %w: the claims have no hash for target %s (they list %s)", p.PublicKey(), target, ErrHashMismatch, target, strings.Join(slices.Sorted(maps.Keys(p.TargetHashes)), ", "))
		}
		if !strings.EqualFold(want, got) {
			return nil, fmt.Errorf("provider %s: %s.bin: %w: claims say %s, binary is %s (the archive was changed after signing)", p.PublicKey(), target, ErrHashMismatch, want, got)
		}
	}
	return &Archive{Provider: p, binaries: binaries}, nil
}

// Inspect lists an archive without verifying it, for tools that show what is in a broken
// archive: the claims token as stored ("" when absent) and each binary's SHA-256 by target. Read
// is what hosts use.
func Inspect(data []byte) (token string, hashes map[string]string, err error) {
	hashes = map[string]string{}
	err = walk(data, func(name, target string, _ int64, body io.Reader) error {
		if target == "" {
			b, err := io.ReadAll(io.LimitReader(body, MaxClaimsSize))
			if err != nil {
				return fmt.Errorf("%w: read %s: %v", ErrInvalid, name, err)
			}
			token = strings.TrimSpace(string(b))
			return nil
		}
		h := sha256.New()
		if _, err := io.Copy(h, io.LimitReader(body, MaxArchiveSize)); err != nil {
			return fmt.Errorf("%w: read %s: %v", ErrInvalid, name, err)
		}
		hashes[target] = strings.ToUpper(hex.EncodeToString(h.Sum(nil)))
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	return token, hashes, nil
}
