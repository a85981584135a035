package plan

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/trellis-lattice/trellis/internal/deploy/manifest"
)

// started is a provider the plan starts.
type started struct{ image, link string }

// capability is what a capability component asks to run.
type capability struct {
	name, image, link, contract, config string
	// ours are the public keys the component's image is known to have: those of its
	// running copies and of any provider in the lattice started from the same image.
	ours map[string]bool
}

func linkNameOf(c manifest.Component) string {
	if c.Properties.LinkName == "" {
		return "default"
	}
	return c.Properties.LinkName
}

func configJSON(cfg map[string]any) (string, error) {
	if len(cfg) == 0 {
		return "", nil
	}
	b, err := json.Marshal(cfg)
	if err != nil {
		return "", fmt.Errorf("encode config: %w", err)
	}
	return string(b), nil
}

// planProvider places capability component c: one copy per host, on as many hosts per spread
// as the scaler asks, keeping the copies that run where they may.
func (p *planner) planProvider(c manifest.Component) {
	copies := p.inv.providers[c.Name]
	sc, ok := scalerOf(c)
	if !ok {
		p.stopProviders(c.Name, copies, fmt.Sprintf("component %q has no scaler", c.Name))
		return
	}
	config, err := configJSON(c.Properties.Config)
	if err != nil {
		p.fail(c.Name, "%v", err)
		return
	}
	if len(p.lat.hosts) == 0 {
		if sc.replicas > 0 {
			p.fail(c.Name, "no hosts in the lattice")
		}
		return
	}
	cap := capability{name: c.Name, image: c.Properties.Image, link: linkNameOf(c),
		contract: c.Properties.Contract, config: config, ours: map[string]bool{}}
	for _, cp := range copies {
		cap.ours[cp.desc.ID] = true
	}
	if key, ok := p.lat.providerImageKeys[cap.image]; ok {
		cap.ours[key] = true
	}
	shares := Shares(sc.replicas, sc.spreads)
	limits := make([]int, len(sc.spreads))
	eligibleBy := make([][]string, len(sc.spreads))
	for i, s := range sc.spreads {
		eligibleBy[i] = p.lat.eligibleHosts(s)
		switch {
		case !sc.daemon:
			limits[i] = shares[i]
		case sc.replicas > 0:
			limits[i] = len(eligibleBy[i])
		}
	}

	// Keep the copies that run on a host of their spread, up to the spread's limit, the
	// copies on the last hosts first (removal goes by host ID like actors').
	claimed := map[string]bool{}
	used := make([]bool, len(copies))
	kept := make([]int, len(sc.spreads))
	var replace []providerCopy
	for i, s := range sc.spreads {
		elig := setOf(eligibleBy[i])
		for j := len(copies) - 1; j >= 0; j-- {
			cp := copies[j]
			if used[j] || kept[i] >= limits[i] || !cp.hasSpread || cp.spread != s.Name || !elig[cp.host] || claimed[cp.host] {
				continue
			}
			stale := cp.desc.ImageRef != cap.image || cp.desc.LinkName != cap.link
			if stale && p.blocked(cp.host, cap) {
				continue
			}
			used[j], claimed[cp.host] = true, true
			kept[i]++
			if stale {
				replace = append(replace, cp)
			}
		}
	}
	for j, cp := range copies {
		if !used[j] {
			p.emit(c.Name, stopProviderCmd(cp, p.whyStop(cp, sc, eligibleBy)))
		}
	}
	for _, cp := range reverse(replace) {
		p.emit(c.Name, stopProviderCmd(cp, fmt.Sprintf("%q runs %s under link %q, wants %s under %q",
			c.Name, cp.desc.ImageRef, cp.desc.LinkName, cap.image, cap.link)))
		p.emit(c.Name, p.startProviderCmd(cap, cp.host, cp.spread, "replacing the copy on this host"))
	}
	for i, s := range sc.spreads {
		p.addProviders(cap, s, eligibleBy[i], limits[i], kept[i], sc.daemon, claimed)
	}
}

// addProviders starts copies on free eligible hosts of spread s until it has limit.
func (p *planner) addProviders(cap capability, s manifest.Spread, hosts []string, limit, kept int, daemon bool, claimed map[string]bool) {
	if limit > 0 && len(hosts) == 0 {
		p.fail(cap.name, "%s", noHostMessage(s))
		return
	}
	blocked, free := 0, 0
	for _, h := range hosts {
		if claimed[h] {
			continue
		}
		if p.blocked(h, cap) {
			blocked++
			continue
		}
		if kept+free >= limit {
			break
		}
		free++
		claimed[h] = true
		p.emit(cap.name, p.startProviderCmd(cap, h, s.Name,
			fmt.Sprintf("spread %q of %q wants %d host(s), has %d", s.Name, cap.name, limit, kept+free-1)))
	}
	switch {
	case kept+free >= limit || daemon && kept+free > 0:
	case kept+free == 0 && blocked > 0:
		p.fail(cap.name, "spread %q: every eligible host already runs %s under link %q outside this application",
			s.Name, cap.image, cap.link)
	case !daemon:
		p.fail(cap.name, "spread %q: wants %d host(s), only %d eligible host(s) can run it", s.Name, limit, kept+free)
	}
}

// blocked reports whether host h runs a copy of cap that is not one of the component's own:
// a host runs one provider per (key, link name). The key of an image is known only once it
// runs somewhere, so another tag or digest of the same repository counts as the same provider.
func (p *planner) blocked(h string, cap capability) bool {
	inv := p.lat.byID[h]
	if inv == nil {
		return false
	}
	for _, st := range p.started[h] {
		if st.link == cap.link && sameRepository(st.image, cap.image) {
			return true
		}
	}
	for _, pd := range inv.Providers {
		// The component's own copies and the app's copies of removed components are
		// stopped before anything starts.
		if o, ok := ownerOf(pd.Annotations); ok && o.app == p.app && (o.component == cap.name || !p.capabilities[o.component]) {
			continue
		}
		if pd.LinkName == cap.link && (sameRepository(pd.ImageRef, cap.image) || cap.ours[pd.ID]) {
			return true
		}
	}
	return false
}

func (p *planner) whyStop(cp providerCopy, sc scaler, eligibleBy [][]string) string {
	for i, s := range sc.spreads {
		if cp.hasSpread && cp.spread == s.Name {
			if !setOf(eligibleBy[i])[cp.host] {
				return fmt.Sprintf("host no longer matches spread %q", s.Name)
			}
			return fmt.Sprintf("spread %q has more hosts than it wants", s.Name)
		}
	}
	if !cp.hasSpread {
		return "provider without a spread annotation"
	}
	return fmt.Sprintf("spread %q is no longer in the manifest", cp.spread)
}

func (p *planner) stopProviders(component string, copies []providerCopy, reason string) {
	for _, cp := range copies {
		p.emit(component, stopProviderCmd(cp, reason))
	}
}

func stopProviderCmd(cp providerCopy, reason string) Command {
	return Command{Kind: KindStopProvider, Reason: reason,
		StopProvider: &StopProvider{HostID: cp.host, ProviderID: cp.desc.ID,
			LinkName: cp.desc.LinkName, Contract: cp.desc.ContractID}}
}

func (p *planner) startProviderCmd(cap capability, host, spread, reason string) Command {
	p.started[host] = append(p.started[host], started{image: cap.image, link: cap.link})
	return Command{Kind: KindStartProvider, Reason: reason,
		StartProvider: &StartProvider{HostID: host, Ref: cap.image, LinkName: cap.link,
			Config: cap.config, Annotations: p.ownership(cap.name, spread)}}
}

func setOf(s []string) map[string]bool {
	m := make(map[string]bool, len(s))
	for _, v := range s {
		m[v] = true
	}
	return m
}

func reverse[T any](s []T) []T {
	out := make([]T, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

// sameRepository reports whether two image references name the same repository: equal once
// the digest ("@sha256:…") and the tag (":v1" after the last "/") are cut off.
func sameRepository(a, b string) bool { return repository(a) == repository(b) }

func repository(ref string) string {
	ref, _, _ = strings.Cut(ref, "@")
	slash := strings.LastIndex(ref, "/")
	if colon := strings.LastIndex(ref, ":"); colon > slash {
		ref = ref[:colon]
	}
	return ref
}
