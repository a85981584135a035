package host

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/claims"
	"github.com/trellis-lattice/trellis/provider"
)

// Builtin describes a first-party provider that runs inside the host. cmd/trellis registers
// them by name (the provider's directory name, e.g. "httpserver"); the host looks them up when
// a launch command names one.
type Builtin struct {
	Name     string
	Contract string
	Vendor   string
	New      func(log *slog.Logger) provider.Provider
}

// builtinKey is the built-in provider's identity: derived from its name, so it is the same on
// every host, across restarts and releases, and links to it survive.
func builtinKey(name string) (*claims.KeyPair, error) {
	seed := sha256.Sum256([]byte("trellis builtin provider " + name))
	return claims.KeyPairFromRawSeed(claims.PrefixProvider, seed[:])
}

// BuiltinKey is the public key (V…) of the built-in provider called name on every host, so that
// tools can link to a built-in provider before any host runs it.
func BuiltinKey(name string) (string, error) {
	kp, err := builtinKey(name)
	if err != nil {
		return "", err
	}
	return kp.PublicKey(), nil
}

// builtinIssuer is the account that "issues" built-in providers' claims records.
func builtinIssuer() (*claims.KeyPair, error) {
	seed := sha256.Sum256([]byte("trellis builtin providers account"))
	return claims.KeyPairFromRawSeed(claims.PrefixAccount, seed[:])
}

// providerEntry is one supervised provider (provider key + link name) on this host.
type providerEntry struct {
	src         *providerSource
	key, link   string
	contract    string
	name, ref   string
	config      string
	annotations map[string]string
	log         *slog.Logger

	stop     chan struct{} // closed to ask the supervisor to stop the provider
	finished chan struct{} // closed when the supervisor has stopped it

	// local is the running built-in's in-process endpoint (nil for processes and while stopped).
	local atomic.Pointer[provider.LocalEndpoint]

	mu         sync.Mutex
	instanceID string
	healthy    bool // the last health check passed
	checked    bool // the current instance has had a health check
	restarts   int
}

func (e *providerEntry) instance() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.instanceID
}

type providerTable struct {
	mu        sync.Mutex
	providers map[string]*providerEntry // key + "/" + link
}

// StartProvider launches the provider named by ref with link name link and supervises it: ref
// is a built-in provider's name, or file://PATH to a provider archive (.par, .par.gz) or an
// executable. It returns once the provider answers its health subject, or with an error (also
// published as provider_start_failed) when it cannot be resolved, exits or does not answer in
// time.
func (h *Host) StartProvider(ctx context.Context, ref, link, config string, annotations map[string]string, correlationID string) error {
	if link == "" {
		link = ctl.DefaultLinkName
	}
	fail := func(err error) error {
		h.publishEvent(ctl.EventProviderStartFailed, ctl.ProviderStartFailed{ProviderRef: ref, LinkName: link, Error: err.Error(), CorrelationID: correlationID})
		h.log.Warn("start provider failed", "ref", ref, "link", link, "err", err)
		return err
	}
	src, err := h.resolveProvider(ctx, ref, link)
	if err != nil {
		return fail(err)
	}
	id := src.key + "/" + link
	h.provs.mu.Lock()
	if _, running := h.provs.providers[id]; running {
		h.provs.mu.Unlock()
		//lint:ignore ST1005 wire text that wasmCloud 0.x tooling expects (PROTOCOL.md §5.3)
		return fail(errors.New("Provider with that link name is already running on this host"))
	}
	e := &providerEntry{src: src, key: src.key, link: link, contract: src.contract, name: src.name, ref: ref, config: config,
		annotations: maps.Clone(annotations), stop: make(chan struct{}), finished: make(chan struct{}),
		log: h.log.With("provider", src.key, "name", src.name, "link", link)}
	h.provs.providers[id] = e
	h.provs.mu.Unlock()

	h.recordProviderClaims(ctx, src)
	inst, err := h.launch(ctx, e)
	if err != nil {
		h.provs.mu.Lock()
		delete(h.provs.providers, id)
		h.provs.mu.Unlock()
		close(e.finished)
		return fail(fmt.Errorf("start provider %s (%s, link %s): %w", ref, src.key, link, err))
	}
	h.publishStarted(e, correlationID)
	e.log.Info("provider started", "instance", e.instance())
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		h.supervise(e, inst)
	}()
	h.beat(ctx)
	return nil
}

func (h *Host) publishStarted(e *providerEntry, correlationID string) {
	c := ctl.ProviderEventClaims{Name: e.name, Version: h.cfg.Version, Tags: []string{}, NotBeforeHuman: "immediately", ExpiresHuman: "never"}
	if p := e.src.claims; p != nil {
		c = ctl.ProviderEventClaims{Issuer: p.Issuer, Name: p.Name, Version: p.Ver, Tags: []string{},
			NotBeforeHuman: humanTime(p.NotBefore, "immediately"), ExpiresHuman: humanTime(p.Expires, "never")}
	}
	h.publishEvent(ctl.EventProviderStarted, ctl.ProviderStarted{PublicKey: e.key, ImageRef: e.ref, LinkName: e.link, ContractID: e.contract,
		InstanceID: e.instance(), Annotations: e.annotations, CorrelationID: correlationID, Claims: c})
}

func humanTime(t time.Time, zero string) string {
	if t.IsZero() {
		return zero
	}
	return t.UTC().Format(time.RFC3339)
}

// hostData is what a provider needs to join the lattice (PROTOCOL.md §3.2).
func (h *Host) hostData(key, link, config, instanceID string) *provider.HostData {
	var links []ctl.LinkDefinition
	for _, l := range h.store.Links() {
		if l.ProviderID == key && l.LinkName == link {
			links = append(links, l)
		}
	}
	var domain *string
	if h.cfg.JetStreamDomain != "" {
		domain = &h.cfg.JetStreamDomain
	}
	url := h.cfg.ProviderRPCURL
	if url == "" {
		url = h.nc.ConnectedAddr()
	}
	return &provider.HostData{HostID: h.ID(), LatticeRPCPrefix: h.cfg.Lattice, LinkName: link, EnvValues: map[string]string{},
		InstanceID: instanceID, ProviderKey: key, LinkDefinitions: links, ConfigJSON: config,
		DefaultRPCTimeoutMS: uint64(h.cfg.RPCTimeout / time.Millisecond), ClusterIssuers: h.issuers,
		InvocationSeed: h.cfg.ClusterKey.Seed(), JSDomain: domain, LatticeRPCURL: url, LogLevel: h.cfg.ProviderLogLevel}
}

// recordProviderClaims writes the provider's claims to the lattice's metadata, so `get claims`
// lists it: the archive's signed claims, or a record for built-ins and bare executables.
func (h *Host) recordProviderClaims(ctx context.Context, src *providerSource) {
	var rec ctl.Claims
	switch p := src.claims; {
	case p != nil:
		ver := p.Ver
		rec = ctl.Claims{Issuer: p.Issuer, Name: p.Name, Revision: strconv.FormatInt(src.rev, 10), Version: &ver, Subject: p.Subject, ContractID: p.CapID}
	default:
		issuer, err := builtinIssuer()
		if err != nil {
			return
		}
		version := h.cfg.Version
		rec = ctl.Claims{Issuer: issuer.PublicKey(), Name: src.name, Revision: "1", Version: &version, Subject: src.key, ContractID: src.contract}
	}
	if err := h.store.PutClaims(ctx, rec); err != nil {
		h.log.Warn("write provider claims", "provider", src.key, "err", err)
	}
}

func (h *Host) builtinNames() []string {
	names := make([]string, 0, len(h.cfg.Builtins))
	for n := range h.cfg.Builtins {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// StopProvider stops the provider key (or built-in name) serving link on this host: it asks the
// provider to shut down, waits for it, then kills what is left.
func (h *Host) StopProvider(ctx context.Context, keyOrName, link, correlationID string) error {
	if link == "" {
		link = ctl.DefaultLinkName
	}
	key := keyOrName
	if b, ok := h.cfg.Builtins[keyOrName]; ok {
		kp, err := builtinKey(b.Name)
		if err != nil {
			return err
		}
		key = kp.PublicKey()
	}
	h.provs.mu.Lock()
	e, ok := h.provs.providers[key+"/"+link]
	delete(h.provs.providers, key+"/"+link)
	h.provs.mu.Unlock()
	if !ok {
		return fmt.Errorf("provider %s (link %s) is not running on this host", keyOrName, link)
	}
	close(e.stop)
	select {
	case <-e.finished:
	case <-ctx.Done():
		return fmt.Errorf("stop provider %s: %w", key, ctx.Err())
	}
	h.publishEvent(ctl.EventProviderStopped, ctl.ProviderStopped{PublicKey: e.key, LinkName: e.link, ContractID: e.contract,
		InstanceID: e.instance(), Annotations: e.annotations, Reason: "normal", CorrelationID: correlationID})
	e.log.Info("provider stopped")
	h.beat(ctx)
	return nil
}

// localProvider returns the in-process endpoint of the built-in provider key serving link on
// this host, nil when there is none.
func (h *Host) localProvider(key, link string) provider.LocalEndpoint {
	h.provs.mu.Lock()
	e := h.provs.providers[key+"/"+link]
	h.provs.mu.Unlock()
	if e == nil {
		return nil
	}
	if ep := e.local.Load(); ep != nil {
		return *ep
	}
	return nil
}

func (h *Host) providerList() []*providerEntry {
	h.provs.mu.Lock()
	defer h.provs.mu.Unlock()
	out := make([]*providerEntry, 0, len(h.provs.providers))
	for _, e := range h.provs.providers {
		out = append(out, e)
	}
	return out
}
