package plan

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/deploy/manifest"
)

// linkKey is a link's identity.
type linkKey struct{ actor, contract, link string }

// planLinks puts the links of actor component c's linkdef traits whose two ends run, for
// the actor keys that run c's image when settled is true. When settled is false it only
// keeps the links of the other keys (still to be updated or replaced) from deletion: they
// are put once the key runs c's image. Links are per actor key, so when two components run
// one key the first to want a link wins; planning settled keys first lets the component
// that keeps the key win.
func (p *planner) planLinks(c manifest.Component, app *manifest.Application, settled bool) {
	var actorKeys, all []string
	for _, g := range p.inv.actors[c.Name] {
		all = append(all, g.actorID)
		if (g.imageRef == c.Properties.Image) == settled && !slices.Contains(actorKeys, g.actorID) {
			actorKeys = append(actorKeys, g.actorID)
		}
	}
	slices.Sort(actorKeys)
	for _, t := range c.Traits {
		if t.Link == nil {
			continue
		}
		target := capabilityNamed(app, t.Link.Target)
		if target == nil {
			p.fail(c.Name, "link to %q: no capability component of that name", t.Link.Target)
			continue
		}
		provider := p.providerKeyOf(*target)
		if len(actorKeys) == 0 && (settled || len(all) > 0) {
			continue
		}
		if len(all) == 0 || provider == "" {
			p.wait(c.Name, fmt.Sprintf("link to %q: waiting for both ends to run", t.Link.Target))
			continue
		}
		contract, name := target.Properties.Contract, linkNameOf(*target)
		for _, actor := range actorKeys {
			k := linkKey{actor, contract, name}
			if p.desiredLinks[k] {
				continue
			}
			p.desiredLinks[k] = true
			if cur, ok := p.observedLink(k); ok && cur.ProviderID == provider && maps.Equal(cur.Values, t.Link.Values) {
				continue
			}
			if !settled {
				p.wait(c.Name, fmt.Sprintf("link to %q: waiting for the actor's new image", t.Link.Target))
				continue
			}
			p.wait(c.Name, fmt.Sprintf("link to %q: putting it", t.Link.Target))
			p.puts = append(p.puts, Command{Kind: KindPutLink, Component: c.Name,
				Reason: fmt.Sprintf("%q links to %q", c.Name, target.Name),
				PutLink: &PutLink{Link: ctl.LinkDefinition{ActorID: actor, ProviderID: provider,
					ContractID: contract, LinkName: name, Values: cloneMap(t.Link.Values)}}})
		}
	}
}

func capabilityNamed(app *manifest.Application, name string) *manifest.Component {
	for i, c := range app.Spec.Components {
		if c.Name == name && c.Type == manifest.TypeCapability {
			return &app.Spec.Components[i]
		}
	}
	return nil
}

// providerKeyOf is the public key of a running copy of capability c under its link name,
// one running the desired image if any, on the first host.
func (p *planner) providerKeyOf(c manifest.Component) string {
	key := ""
	for _, cp := range p.inv.providers[c.Name] {
		if cp.desc.LinkName != linkNameOf(c) {
			continue
		}
		if cp.desc.ImageRef == c.Properties.Image {
			return cp.desc.ID
		}
		if key == "" {
			key = cp.desc.ID
		}
	}
	return key
}

func (p *planner) observedLink(k linkKey) (ctl.LinkDefinition, bool) {
	l, ok := p.lat.linkIndex[k]
	return l, ok
}

// planStaleLinks deletes the links that belong to the application and that the manifest no
// longer wants. A link belongs to it when its actor runs for the application and its provider
// runs for it under the link's name.
func (p *planner) planStaleLinks() {
	var stale []linkKey
	seen := map[linkKey]bool{}
	for _, l := range p.lat.links {
		k := linkKey{l.ActorID, l.ContractID, l.LinkName}
		if seen[k] || p.desiredLinks[k] || !p.inv.actorKeys[l.ActorID] || !p.inv.providerLinks[providerLink{l.ProviderID, l.LinkName}] {
			continue
		}
		seen[k] = true
		stale = append(stale, k)
	}
	slices.SortFunc(stale, func(a, b linkKey) int {
		return cmp.Or(cmp.Compare(a.actor, b.actor), cmp.Compare(a.contract, b.contract), cmp.Compare(a.link, b.link))
	})
	for _, k := range stale {
		p.deletes = append(p.deletes, Command{Kind: KindDeleteLink, Component: p.actorComponent(k.actor),
			Reason:     fmt.Sprintf("link of application %q no longer in its manifest", p.app),
			DeleteLink: &DeleteLink{ActorID: k.actor, Contract: k.contract, LinkName: k.link}})
	}
}

// actorComponent is the first component, by name, of the application's instances of actor
// key, "" for none.
func (p *planner) actorComponent(key string) string {
	for _, name := range sortedKeys(p.inv.actors) {
		for _, g := range p.inv.actors[name] {
			if g.actorID == key {
				return name
			}
		}
	}
	return ""
}

// planOrphans stops what runs for the application under components it no longer has (all
// of them when app is nil).
func (p *planner) planOrphans(app *manifest.Application) {
	types := map[string]string{}
	if app != nil {
		for _, c := range app.Spec.Components {
			if _, ok := types[c.Name]; !ok {
				types[c.Name] = c.Type
			}
		}
	}
	reason := func(name string) string {
		if app == nil {
			return fmt.Sprintf("application %q is undeployed", p.app)
		}
		return fmt.Sprintf("component %q is no longer in application %q", name, p.app)
	}
	names := map[string]bool{}
	for name := range p.inv.actors {
		names[name] = true
	}
	for name := range p.inv.providers {
		names[name] = true
	}
	for _, name := range sortedKeys(names) {
		if types[name] != manifest.TypeActor {
			p.stopActorGroups(name, p.inv.actors[name], reason(name))
		}
		if types[name] != manifest.TypeCapability {
			p.stopProviders(name, p.inv.providers[name], reason(name))
		}
	}
}
