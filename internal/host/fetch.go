package host

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/trellis-lattice/trellis/internal/oci"
)

// ErrFileLoadDisabled means a file:// reference was given to a host started without file loading.
var ErrFileLoadDisabled = errors.New("loading actors from files is disabled on this host")

// fetch returns the bytes a reference names: a file:// path (when allowed) or an OCI reference,
// pulled through the host's digest-verified cache with the registry credentials it was given
// (registries.put), then the docker config. want is the kind of artifact expected.
func (h *Host) fetch(ctx context.Context, ref string, want oci.Kind) ([]byte, error) {
	if path, ok := strings.CutPrefix(ref, "file://"); ok {
		if !h.cfg.AllowFileLoad {
			return nil, fmt.Errorf("%w (%s); start the host without --disable-file-load", ErrFileLoadDisabled, ref)
		}
		path, _, _ = strings.Cut(path, "?")
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", ref, err)
		}
		return b, nil
	}
	if err := h.ociReference(ref); err != nil {
		return nil, err
	}
	client, err := h.registry()
	if err != nil {
		return nil, err
	}
	data, kind, _, err := client.Pull(ctx, ref)
	if err != nil {
		return nil, err
	}
	if kind != want {
		return nil, fmt.Errorf("%s is a %s, not a %s", ref, kind, want)
	}
	return data, nil
}

// fetchModule returns the wasm module an actor reference names.
func (h *Host) fetchModule(ctx context.Context, ref string) ([]byte, error) {
	return h.fetch(ctx, ref, oci.KindActor)
}

// registryClient is the host's OCI client, made on first use.
type registryClient struct {
	once   sync.Once
	client *oci.Client
	err    error
}

func (h *Host) registry() (*oci.Client, error) {
	h.oci.once.Do(func() {
		dir, err := h.cacheDir("oci")
		if err != nil {
			h.oci.err = err
			return
		}
		h.oci.client, h.oci.err = oci.New(oci.Options{Insecure: h.cfg.OCIInsecure, AllowLatest: h.cfg.OCIAllowLatest,
			Credentials: h.registryCredentials, CacheDir: dir})
	})
	return h.oci.client, h.oci.err
}

// registryCredentials answers with the credentials given by registries.put for hostport.
func (h *Host) registryCredentials(_ context.Context, hostport string) (oci.Credential, error) {
	h.credsMu.Lock()
	defer h.credsMu.Unlock()
	c, ok := h.creds[oci.NormaliseRegistry(hostport)]
	if !ok {
		return oci.Credential{}, nil
	}
	return oci.Credential{Username: c.Username, Password: c.Password, RefreshToken: c.Token}, nil
}

// cacheDir is a directory under the host's cache (CacheDir, or the user cache directory).
func (h *Host) cacheDir(name string) (string, error) {
	if h.cfg.CacheDir != "" {
		return filepath.Join(h.cfg.CacheDir, name), nil
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("%s cache: %w (set a cache directory)", name, err)
	}
	return filepath.Join(dir, "trellis", name), nil
}

// ociReference checks that ref is an OCI reference with an explicit registry
// (registry.example/repo:tag, localhost:5000/repo:tag): a bare name such as "httpserver" is
// never taken for a Docker Hub image, so a mistyped built-in name gets a clear error.
func (h *Host) ociReference(ref string) error {
	registry, _, ok := strings.Cut(strings.TrimPrefix(ref, "oci://"), "/")
	if !ok || !(strings.ContainsAny(registry, ".:") || registry == "localhost") {
		return fmt.Errorf("%q is not an OCI reference with a registry (e.g. ghcr.io/acme/app:1.0.0)", ref)
	}
	_, err := oci.ParseRef(ref, h.cfg.OCIAllowLatest)
	return err
}
