package host

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/internal/oci"
	"github.com/trellis-lattice/trellis/internal/par"
)

// providerSource is what a provider reference resolves to: a built-in provider, or an
// executable (from a verified archive, or a bare file) to run as a child process.
type providerSource struct {
	key, contract, name string
	rev                 int64
	claims              *claims.Provider // the archive's claims; nil for built-ins and bare executables
	builtin             *Builtin         // set for built-in providers
	exe                 string           // executable path for child processes
}

// resolveProvider finds what ref names for link: a built-in provider's name, or file://PATH to a
// provider archive or an executable. A bare executable has no claims: its key is derived from
// its absolute path (stable across restarts) and its contract comes from the reference's
// "contract" query parameter, e.g. file:///opt/kv?contract=wasmcloud:keyvalue.
func (h *Host) resolveProvider(ctx context.Context, ref, link string) (*providerSource, error) {
	if b, ok := h.cfg.Builtins[ref]; ok {
		kp, err := builtinKey(b.Name)
		if err != nil {
			return nil, err
		}
		return &providerSource{key: kp.PublicKey(), contract: b.Contract, name: b.Name, rev: 1, builtin: &b}, nil
	}
	rest, ok := strings.CutPrefix(ref, "file://")
	if !ok {
		if err := h.ociReference(ref); err != nil {
			return nil, fmt.Errorf("unknown provider %q: name a built-in provider (%s), an OCI reference to a provider archive, or a provider archive or executable as file://PATH", ref, strings.Join(h.builtinNames(), ", "))
		}
		data, err := h.fetch(ctx, ref, oci.KindProviderArchive)
		if err != nil {
			return nil, err
		}
		return h.archiveSource(ref, link, data)
	}
	if !h.cfg.AllowFileLoad {
		return nil, fmt.Errorf("%w (%s); start the host without --disable-file-load", ErrFileLoadDisabled, ref)
	}
	path, query, _ := strings.Cut(rest, "?")
	params, err := url.ParseQuery(query)
	if err != nil {
		return nil, fmt.Errorf("provider reference %s: bad query: %w", ref, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read provider %s: %w", ref, err)
	}
	if isArchive(data) {
		return h.archiveSource(ref, link, data)
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read provider %s: %w", ref, err)
	}
	if st.Mode().Perm()&0o111 == 0 {
		return nil, fmt.Errorf("provider %s is neither a provider archive (.par, .par.gz) nor an executable file (chmod +x it, or build an archive with 'trellis par create')", ref)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("provider %s: %w", ref, err)
	}
	seed := sha256.Sum256([]byte("trellis file provider " + abs))
	kp, err := claims.KeyPairFromRawSeed(claims.PrefixProvider, seed[:])
	if err != nil {
		return nil, err
	}
	contract := params.Get("contract")
	if contract == "" {
		return nil, fmt.Errorf("provider %s is a bare executable, so its contract is unknown: add it to the reference (%s?contract=wasmcloud:keyvalue) or build a signed archive with 'trellis par create'", ref, ref)
	}
	return &providerSource{key: kp.PublicKey(), contract: contract, name: filepath.Base(abs), exe: abs}, nil
}

// isArchive reports whether data starts like a gzip file or a tar archive.
func isArchive(data []byte) bool {
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		return true
	}
	return len(data) >= 262 && string(data[257:262]) == "ustar"
}

// archiveSource verifies the archive in data and extracts its binary for this host.
func (h *Host) archiveSource(ref, link string, data []byte) (*providerSource, error) {
	a, err := par.Read(data, time.Now())
	if err != nil {
		return nil, fmt.Errorf("provider archive %s: %w", ref, err)
	}
	dir, err := h.providerCacheDir()
	if err != nil {
		return nil, err
	}
	exe, err := a.Extract(dir, par.HostTarget(), link)
	if errors.Is(err, par.ErrNoTarget) {
		return nil, fmt.Errorf("provider archive %s cannot run on this host: %w", ref, err)
	}
	if err != nil {
		return nil, err
	}
	p := a.Provider
	return &providerSource{key: p.PublicKey(), contract: p.CapID, name: p.Name, rev: a.Revision(), claims: p, exe: exe}, nil
}

// providerCacheDir is where archives' executables are extracted.
func (h *Host) providerCacheDir() (string, error) { return h.cacheDir("providers") }
