package oci

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"oras.land/oras-go/v2/registry/remote"
	"oras.land/oras-go/v2/registry/remote/auth"
	"oras.land/oras-go/v2/registry/remote/credentials"
	"oras.land/oras-go/v2/registry/remote/retry"
)

// DefaultMaxSize is the largest layer Pull accepts unless Options.MaxSize says otherwise.
const DefaultMaxSize = 256 << 20

// maxManifestSize bounds manifests, which are a few hundred bytes in practice.
const maxManifestSize = 4 << 20

// Credential is what a registry is logged in to with: Username and Password (HTTP basic, or
// exchanged for a token), or a RefreshToken from a docker credential helper.
type Credential = auth.Credential

// Credentials returns the credential for a registry host ("ghcr.io", "localhost:5000"). It
// returns the zero Credential and no error when it has none, and is called for each
// authentication challenge, so it may change its answers over time (registries.put).
type Credentials = auth.CredentialFunc

// Options configure a Client. The zero value is usable: loopback registries over HTTP, latest
// refused, credentials from the docker config, no cache, DefaultMaxSize.
type Options struct {
	// Insecure lists registries that may be reached over plain HTTP: "host" (any port) or
	// "host:port". localhost, 127.0.0.1 and [::1] are always insecure, on any port.
	Insecure []string
	// AllowLatest lets references use the latest tag, or no tag at all.
	AllowLatest bool
	// Credentials, when set, is asked first; when it has none for a registry, the docker config
	// (DOCKER_CONFIG or ~/.docker/config.json, with its credential helpers) is asked next, and
	// then the registry is accessed anonymously.
	Credentials Credentials
	// CacheDir, when set, keeps pulled manifests and layers under CacheDir/sha256/<hex>.
	CacheDir string
	// MaxSize is the largest layer Pull and Push accept, in bytes. 0 means DefaultMaxSize.
	MaxSize int64
	// Progress, when set, is called as a layer is uploaded or downloaded with its total size
	// and the bytes moved so far. Calls for one transfer come from one goroutine at a time.
	Progress func(total, done int64)
	// HTTPClient carries the requests; nil means a client that retries transient failures.
	HTTPClient *http.Client
}

// Validate reports options that cannot work.
func (o *Options) Validate() error {
	if o.MaxSize < 0 {
		return fmt.Errorf("oci: MaxSize %d is negative", o.MaxSize)
	}
	for _, h := range o.Insecure {
		if h == "" || strings.ContainsAny(h, "/ ") {
			return fmt.Errorf("oci: insecure registry %q is not a host or host:port", h)
		}
	}
	return nil
}

// Client pushes and pulls artifacts. It is safe for concurrent use.
type Client struct {
	opts Options
	auth *auth.Client
}

// New returns a Client configured by opts.
func New(opts Options) (*Client, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if opts.MaxSize == 0 {
		opts.MaxSize = DefaultMaxSize
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = retry.NewClient()
	}
	c := &Client{opts: opts}
	c.auth = &auth.Client{Client: hc, Cache: auth.NewCache(), Credential: c.credential}
	c.auth.SetUserAgent("trellis")
	return c, nil
}

// credential asks Options.Credentials, then the docker config.
func (c *Client) credential(ctx context.Context, hostport string) (Credential, error) {
	if c.opts.Credentials != nil {
		for _, h := range hostAliases(hostport) {
			cred, err := c.opts.Credentials(ctx, h)
			if err != nil {
				return auth.EmptyCredential, fmt.Errorf("credentials for %s: %w", hostport, err)
			}
			if cred != auth.EmptyCredential {
				return cred, nil
			}
		}
	}
	return DockerCredentials(ctx, hostport)
}

// hostAliases returns the names a registry's credentials may be filed under: Docker Hub is
// reached at registry-1.docker.io but known as docker.io.
func hostAliases(hostport string) []string {
	if hostport == "registry-1.docker.io" {
		return []string{hostport, "docker.io", "index.docker.io"}
	}
	return []string{hostport}
}

// DockerCredentials looks hostport up in the docker config (DOCKER_CONFIG/config.json or
// ~/.docker/config.json) and its credential helpers. The file is read on each call, so a
// 'docker login' is seen without a restart. A missing file means no credentials.
func DockerCredentials(ctx context.Context, hostport string) (Credential, error) {
	store, err := credentials.NewStoreFromDocker(credentials.StoreOptions{})
	if err != nil {
		return auth.EmptyCredential, fmt.Errorf("docker config: %w", err)
	}
	return credentials.Credential(store)(ctx, hostport)
}

// Static returns Credentials that answer from a fixed map of registry → credential, as sent by
// the control interface's registries.put. Keys are normalised as wasmCloud did: a scheme
// (oci://, http://, https://) and anything after the first '/' are dropped, case is ignored.
func Static(m map[string]Credential) Credentials {
	norm := make(map[string]Credential, len(m))
	for k, v := range m {
		norm[NormaliseRegistry(k)] = v
	}
	return func(_ context.Context, hostport string) (Credential, error) {
		return norm[strings.ToLower(hostport)], nil
	}
}

// NormaliseRegistry reduces a registry key as registries.put does: no scheme, no path, lower case.
func NormaliseRegistry(s string) string {
	for _, p := range []string{"oci://", "http://", "https://"} {
		s = strings.TrimPrefix(s, p)
	}
	s, _, _ = strings.Cut(s, "/")
	return strings.ToLower(s)
}

// insecure reports whether registry host[:port] may be reached over plain HTTP.
func (c *Client) insecure(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	switch strings.Trim(host, "[]") {
	case "localhost", "127.0.0.1", "::1":
		return true
	}
	for _, e := range c.opts.Insecure {
		e = NormaliseRegistry(e)
		if e == hostport || e == host {
			return true
		}
	}
	return false
}

// repository returns an oras repository client for r.
func (c *Client) repository(r Ref) *remote.Repository {
	return &remote.Repository{
		Client:    c.auth,
		Reference: r.orasRef(),
		PlainHTTP: c.insecure(r.Registry),
	}
}

// fail wraps err as an *Error for op on r, explained.
func (c *Client) fail(op string, r Ref, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Op: op, Ref: r, Err: explain(err, r, c.insecure(r.Registry))}
}
