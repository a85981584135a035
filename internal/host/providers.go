package host

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"sort"
	"sync"
	"time"

	"github.com/google/uuid"

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

// builtinIssuer is the account that "issues" built-in providers' claims records.
func builtinIssuer() (*claims.KeyPair, error) {
	seed := sha256.Sum256([]byte("trellis builtin providers account"))
	return claims.KeyPairFromRawSeed(claims.PrefixAccount, seed[:])
}

// providerEntry is one running provider (provider key + link name) on this host.
type providerEntry struct {
	key, link, contract, name, ref, instanceID string
	annotations                                map[string]string
	cancel                                     context.CancelFunc
	done                                       chan error
}

type providerTable struct {
	mu        sync.Mutex
	providers map[string]*providerEntry // key + "/" + link
}

// StartProvider launches the provider named by ref with link name link. Today ref must name a
// built-in provider; child processes from PAR files come next.
func (h *Host) StartProvider(ctx context.Context, ref, link, config string, annotations map[string]string, correlationID string) error {
	if link == "" {
		link = ctl.DefaultLinkName
	}
	fail := func(err error) error {
		h.publishEvent(ctl.EventProviderStartFailed, ctl.ProviderStartFailed{ProviderRef: ref, LinkName: link, Error: err.Error(), CorrelationID: correlationID})
		h.log.Warn("start provider failed", "ref", ref, "link", link, "err", err)
		return err
	}
	b, ok := h.cfg.Builtins[ref]
	if !ok {
		return fail(fmt.Errorf("unknown provider %q: this host runs the built-in providers %v (provider archives are not supported yet)", ref, h.builtinNames()))
	}
	kp, err := builtinKey(b.Name)
	if err != nil {
		return fail(err)
	}
	id := kp.PublicKey() + "/" + link
	h.provs.mu.Lock()
	if _, running := h.provs.providers[id]; running {
		h.provs.mu.Unlock()
		//lint:ignore ST1005 wire text that wasmCloud 0.x tooling expects (PROTOCOL.md §5.3)
		return fail(errors.New("Provider with that link name is already running on this host"))
	}
	e := &providerEntry{key: kp.PublicKey(), link: link, contract: b.Contract, name: b.Name, ref: ref,
		instanceID: uuid.NewString(), annotations: maps.Clone(annotations), done: make(chan error, 1)}
	h.provs.providers[id] = e
	h.provs.mu.Unlock()

	hd := h.hostData(kp.PublicKey(), link, config, e.instanceID)
	runCtx, cancel := context.WithCancel(h.runCtx)
	e.cancel = cancel
	log := h.log.With("provider", kp.PublicKey(), "name", b.Name, "link", link)
	p := b.New(log)
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		err := provider.Run(runCtx, h.nc, hd, p, log)
		e.done <- err
		if err != nil {
			log.Error("provider stopped with an error", "err", err)
		}
	}()
	h.recordProviderClaims(ctx, b, kp.PublicKey())
	h.publishEvent(ctl.EventProviderStarted, ctl.ProviderStarted{PublicKey: kp.PublicKey(), ImageRef: ref, LinkName: link, ContractID: b.Contract,
		InstanceID: e.instanceID, Annotations: annotations, CorrelationID: correlationID,
		Claims: ctl.ProviderEventClaims{Name: b.Name, Version: h.cfg.Version, Tags: []string{}, NotBeforeHuman: "immediately", ExpiresHuman: "never"}})
	log.Info("provider started")
	h.beat(ctx)
	return nil
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
	return &provider.HostData{HostID: h.ID(), LatticeRPCPrefix: h.cfg.Lattice, LinkName: link, EnvValues: map[string]string{},
		InstanceID: instanceID, ProviderKey: key, LinkDefinitions: links, ConfigJSON: config,
		DefaultRPCTimeoutMS: uint64(h.cfg.RPCTimeout / time.Millisecond), ClusterIssuers: h.issuers,
		InvocationSeed: h.cfg.ClusterKey.Seed(), JSDomain: domain, LatticeRPCURL: h.nc.ConnectedAddr()}
}

func (h *Host) recordProviderClaims(ctx context.Context, b Builtin, key string) {
	issuer, err := builtinIssuer()
	if err != nil {
		return
	}
	version := h.cfg.Version
	rec := ctl.Claims{Issuer: issuer.PublicKey(), Name: b.Name, Revision: "1", Version: &version, Subject: key, ContractID: b.Contract}
	if err := h.store.PutClaims(ctx, rec); err != nil {
		h.log.Warn("write provider claims", "provider", key, "err", err)
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

// StopProvider stops the provider key (or built-in name) serving link on this host.
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
	e.cancel()
	select {
	case <-e.done:
	case <-ctx.Done():
		return fmt.Errorf("stop provider %s: %w", key, ctx.Err())
	}
	h.publishEvent(ctl.EventProviderStopped, ctl.ProviderStopped{PublicKey: e.key, LinkName: e.link, ContractID: e.contract,
		InstanceID: e.instanceID, Annotations: e.annotations, Reason: "normal", CorrelationID: correlationID})
	h.log.Info("provider stopped", "provider", e.key, "link", e.link)
	h.beat(ctx)
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
