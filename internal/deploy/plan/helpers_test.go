package plan

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/deploy/manifest"
)

// Builders for manifests and inventories.

func app(name string, comps ...manifest.Component) *manifest.Application {
	return &manifest.Application{APIVersion: manifest.APIVersion, Kind: manifest.Kind,
		Metadata: manifest.Metadata{Name: name}, Spec: manifest.Spec{Components: comps}}
}

func actor(name, image string, traits ...manifest.Trait) manifest.Component {
	return manifest.Component{Name: name, Type: manifest.TypeActor,
		Properties: manifest.Properties{Image: image}, Traits: traits}
}

func capComp(name, image, link string, traits ...manifest.Trait) manifest.Component {
	return manifest.Component{Name: name, Type: manifest.TypeCapability,
		Properties: manifest.Properties{Image: image, Contract: contractOf(image), LinkName: link}, Traits: traits}
}

func spreadScaler(replicas int, spreads ...manifest.Spread) manifest.Trait {
	return manifest.Trait{Type: manifest.TraitSpreadScaler,
		Spread: &manifest.SpreadScaler{Replicas: replicas, Spread: spreads}}
}

func daemonScaler(replicas int, spreads ...manifest.Spread) manifest.Trait {
	return manifest.Trait{Type: manifest.TraitDaemonScaler,
		Daemon: &manifest.DaemonScaler{Replicas: replicas, Spread: spreads}}
}

func linkTo(target string, values map[string]string) manifest.Trait {
	return manifest.Trait{Type: manifest.TraitLinkDef, Link: &manifest.LinkDef{Target: target, Values: values}}
}

// spread builds a spread from "k=v" requirements; a "!k=v" item is an anti-requirement.
func spread(name string, weight int, reqs ...string) manifest.Spread {
	s := manifest.Spread{Name: name, Weight: weight}
	for _, r := range reqs {
		anti := strings.HasPrefix(r, "!")
		k, v, _ := strings.Cut(strings.TrimPrefix(r, "!"), "=")
		if anti {
			if s.AntiRequirements == nil {
				s.AntiRequirements = map[string]string{}
			}
			s.AntiRequirements[k] = v
			continue
		}
		if s.Requirements == nil {
			s.Requirements = map[string]string{}
		}
		s.Requirements[k] = v
	}
	return s
}

// host builds an empty host with "k=v" labels.
func host(id string, labels ...string) ctl.HostInventory {
	h := ctl.HostInventory{HostID: id, Labels: map[string]string{}}
	for _, l := range labels {
		k, v, _ := strings.Cut(l, "=")
		h.Labels[k] = v
	}
	return h
}

func owner(app, component, spread string) map[string]string {
	m := map[string]string{AnnotationManagedBy: ManagedBy, AnnotationAppSpec: app, AnnotationComponent: component}
	if spread != "" {
		m[AnnotationSpread] = spread
	}
	return m
}

// keyOf derives a test public key from an image reference: "reg/echo:v2" → "<prefix>ECHO".
func keyOf(prefix, ref string) string {
	name := ref
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	name, _, _ = strings.Cut(name, ":")
	return prefix + strings.ToUpper(name)
}

func contractOf(ref string) string { return "wasmcloud:" + strings.ToLower(keyOf("", ref)) }

// sim is a lattice that applies commands the way hosts do, strictly: a command a host would
// refuse is an error.
type sim struct {
	obs  Observed
	next int
	// app is the application whose commands apply applies.
	app string
	// refusedUpdates counts updates to another actor, refused by the host.
	refusedUpdates int
}

func (s *sim) host(id string) *ctl.HostInventory {
	for i := range s.obs.Hosts {
		if s.obs.Hosts[i].HostID == id {
			return &s.obs.Hosts[i]
		}
	}
	return nil
}

// run adds n instances of the actor at ref on host with annotations.
func (s *sim) run(hostID, ref string, n int, ann map[string]string) {
	h := s.host(hostID)
	key := keyOf("M", ref)
	i := slices.IndexFunc(h.Actors, func(a ctl.ActorDescription) bool { return a.ID == key })
	if i < 0 {
		h.Actors = append(h.Actors, ctl.ActorDescription{ID: key, ImageRef: ref, Name: key})
		i = len(h.Actors) - 1
	}
	for range n {
		s.next++
		h.Actors[i].Instances = append(h.Actors[i].Instances,
			ctl.ActorInstance{InstanceID: fmt.Sprintf("i%d", s.next), Annotations: maps.Clone(ann)})
	}
}

func (s *sim) runProvider(hostID, ref, link string, ann map[string]string) error {
	h := s.host(hostID)
	key := keyOf("V", ref)
	for _, p := range h.Providers {
		if p.ID == key && p.LinkName == link {
			return fmt.Errorf("host %s already runs %s under %s", hostID, key, link)
		}
	}
	s.next++
	h.Providers = append(h.Providers, ctl.ProviderDescription{ID: key, ImageRef: ref, LinkName: link,
		ContractID: contractOf(ref), InstanceID: fmt.Sprintf("p%d", s.next), Annotations: maps.Clone(ann)})
	return nil
}

func (s *sim) apply(cmds []Command) error {
	for _, c := range cmds {
		if err := s.apply1(c); err != nil {
			return fmt.Errorf("%s: %w", c, err)
		}
	}
	return nil
}

func (s *sim) apply1(c Command) error {
	hostOf := func(id string) (*ctl.HostInventory, error) {
		if h := s.host(id); h != nil {
			return h, nil
		}
		return nil, fmt.Errorf("no host %s", id)
	}
	switch c.Kind {
	case KindStartActor:
		if _, err := hostOf(c.StartActor.HostID); err != nil {
			return err
		}
		if c.StartActor.Count < 1 {
			return fmt.Errorf("count %d", c.StartActor.Count)
		}
		s.run(c.StartActor.HostID, c.StartActor.Ref, c.StartActor.Count, c.StartActor.Annotations)
	case KindStopActor:
		h, err := hostOf(c.StopActor.HostID)
		if err != nil {
			return err
		}
		return stopInstances(h, c.StopActor)
	case KindUpdateActor:
		h, err := hostOf(c.UpdateActor.HostID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(h.Actors, func(a ctl.ActorDescription) bool { return a.ID == c.UpdateActor.ActorID })
		if i < 0 {
			return fmt.Errorf("not running")
		}
		if keyOf("M", c.UpdateActor.NewRef) != c.UpdateActor.ActorID {
			// The host refuses an update to another actor; the reconciler then stops the
			// component's instances of it on that host.
			s.refusedUpdates++
			n := 0
			for _, in := range h.Actors[i].Instances {
				if comp, ok := owned(s.app, in.Annotations); ok && comp == c.Component {
					n++
				}
			}
			return stopInstances(h, &StopActor{ActorID: c.UpdateActor.ActorID, Count: n,
				Annotations: map[string]string{AnnotationAppSpec: s.app, AnnotationComponent: c.Component}})
		}
		h.Actors[i].ImageRef = c.UpdateActor.NewRef
	case KindStartProvider:
		if _, err := hostOf(c.StartProvider.HostID); err != nil {
			return err
		}
		return s.runProvider(c.StartProvider.HostID, c.StartProvider.Ref, c.StartProvider.LinkName, c.StartProvider.Annotations)
	case KindStopProvider:
		h, err := hostOf(c.StopProvider.HostID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(h.Providers, func(p ctl.ProviderDescription) bool {
			return p.ID == c.StopProvider.ProviderID && p.LinkName == c.StopProvider.LinkName
		})
		if i < 0 {
			return fmt.Errorf("not running")
		}
		h.Providers = slices.Delete(h.Providers, i, i+1)
	case KindPutLink:
		l := c.PutLink.Link
		s.obs.Links = slices.DeleteFunc(s.obs.Links, func(o ctl.LinkDefinition) bool {
			return o.ActorID == l.ActorID && o.ContractID == l.ContractID && o.LinkName == l.LinkName
		})
		s.obs.Links = append(s.obs.Links, l)
	case KindDeleteLink:
		d := c.DeleteLink
		n := len(s.obs.Links)
		s.obs.Links = slices.DeleteFunc(s.obs.Links, func(o ctl.LinkDefinition) bool {
			return o.ActorID == d.ActorID && o.ContractID == d.Contract && o.LinkName == d.LinkName
		})
		if len(s.obs.Links) == n {
			return fmt.Errorf("no such link")
		}
	default:
		return fmt.Errorf("unknown kind")
	}
	return nil
}

func stopInstances(h *ctl.HostInventory, c *StopActor) error {
	i := slices.IndexFunc(h.Actors, func(a ctl.ActorDescription) bool { return a.ID == c.ActorID })
	if i < 0 {
		return fmt.Errorf("not running")
	}
	stopped := 0
	h.Actors[i].Instances = slices.DeleteFunc(h.Actors[i].Instances, func(in ctl.ActorInstance) bool {
		for k, v := range c.Annotations {
			if in.Annotations[k] != v {
				return false
			}
		}
		if c.Count > 0 && stopped >= c.Count {
			return false
		}
		stopped++
		return true
	})
	if stopped != c.Count {
		return fmt.Errorf("stopped %d of %d", stopped, c.Count)
	}
	if len(h.Actors[i].Instances) == 0 {
		h.Actors = slices.Delete(h.Actors, i, i+1)
	}
	return nil
}

// strs renders commands one per line.
func strs(cmds []Command) []string {
	out := make([]string, len(cmds))
	for i, c := range cmds {
		out[i] = c.String()
	}
	return out
}

// counts returns, per host, the number of instances of app's component (all spreads).
func counts(obs Observed, app, component string) map[string]int {
	out := map[string]int{}
	for _, h := range obs.Hosts {
		for _, a := range h.Actors {
			for _, in := range a.Instances {
				if c, ok := owned(app, in.Annotations); ok && c == component {
					out[h.HostID]++
				}
			}
		}
	}
	return out
}
