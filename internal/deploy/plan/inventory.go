package plan

import (
	"cmp"
	"slices"

	"github.com/trellis-lattice/trellis/ctl"
)

// Ownership annotations. The planner puts all of them on what it starts and touches only what
// carries AnnotationManagedBy = ManagedBy and AnnotationAppSpec = the application's name.
const (
	AnnotationManagedBy = "wasmcloud.dev/managed-by"
	AnnotationAppSpec   = "wasmcloud.dev/appspec"
	AnnotationComponent = "trellis.dev/component"
	AnnotationSpread    = "trellis.dev/spread"
	// ManagedBy is the value of AnnotationManagedBy.
	ManagedBy = "trellis"
	// DefaultSpread is the name of the implicit spread of a scaler without spreads.
	DefaultSpread = "default"
)

// Lattice is an Observed lattice indexed once, so that planning many applications against
// the same snapshot costs one pass over it. It is read-only: safe for concurrent Plan calls.
type Lattice struct {
	hosts []*ctl.HostInventory // sorted by ID, no duplicates
	byID  map[string]*ctl.HostInventory
	links []ctl.LinkDefinition
	// linkIndex is links by identity, the first of each.
	linkIndex map[linkKey]ctl.LinkDefinition
	// apps is what each application owns.
	apps map[string]*appInventory
	// owners counts, per (host, actor key), instances per owner (the zero owner for
	// instances no application owns).
	owners map[hostActor]map[ownerKey]int
	// actorImageKeys maps each image reference an actor runs from to the actor's key (the
	// least when several); providerImageKeys the same for providers.
	actorImageKeys, providerImageKeys map[string]string
	// only, when set, restricts apps to that one application.
	only string
}

// appInventory is what one application owns in the lattice.
type appInventory struct {
	// actors are the app's actor instances, by component.
	actors map[string][]actorGroup
	// providers are the app's providers, by component.
	providers map[string][]providerCopy
	// actorKeys are the keys of the app's actors.
	actorKeys map[string]bool
	// providerLinks are the (key, link name) pairs of the app's providers.
	providerLinks map[providerLink]bool
}

var emptyApp = &appInventory{}

type hostActor struct{ host, actor string }

type ownerKey struct{ app, component string }

type providerLink struct{ id, link string }

// actorGroup is the app's instances of one actor key on one host with the same component and
// spread annotations.
type actorGroup struct {
	host, actorID, imageRef string
	spread                  string
	hasSpread               bool
	count                   int
}

// providerCopy is one of the app's providers on one host.
type providerCopy struct {
	host      string
	desc      ctl.ProviderDescription
	spread    string
	hasSpread bool
}

// ownerOf returns the application and component that own a resource with annotations ann;
// ok is false for a resource the planner does not manage.
func ownerOf(ann map[string]string) (o ownerKey, ok bool) {
	if ann[AnnotationManagedBy] != ManagedBy {
		return ownerKey{}, false
	}
	app, ok := ann[AnnotationAppSpec]
	if !ok {
		return ownerKey{}, false
	}
	return ownerKey{app, ann[AnnotationComponent]}, true
}

// owned returns the component of app that owns a resource with annotations ann.
func owned(app string, ann map[string]string) (component string, ok bool) {
	o, ok := ownerOf(ann)
	if !ok || o.app != app {
		return "", false
	}
	return o.component, true
}

// NewLattice indexes obs. obs must not change while the Lattice is in use.
func NewLattice(obs Observed) *Lattice { return newLattice(obs, "") }

// newLattice indexes obs, keeping what applications own only for application only ("" for
// all of them).
func newLattice(obs Observed, only string) *Lattice {
	l := &Lattice{
		only:              only,
		byID:              map[string]*ctl.HostInventory{},
		links:             obs.Links,
		linkIndex:         make(map[linkKey]ctl.LinkDefinition, len(obs.Links)),
		apps:              map[string]*appInventory{},
		owners:            map[hostActor]map[ownerKey]int{},
		actorImageKeys:    map[string]string{},
		providerImageKeys: map[string]string{},
	}
	for i := range obs.Hosts {
		if l.byID[obs.Hosts[i].HostID] == nil {
			l.byID[obs.Hosts[i].HostID] = &obs.Hosts[i]
			l.hosts = append(l.hosts, &obs.Hosts[i])
		}
	}
	slices.SortFunc(l.hosts, func(a, b *ctl.HostInventory) int { return cmp.Compare(a.HostID, b.HostID) })
	for _, h := range l.hosts {
		for _, a := range h.Actors {
			l.indexActor(h.HostID, a)
		}
		for _, pd := range h.Providers {
			l.indexProvider(h.HostID, pd)
		}
	}
	for _, ai := range l.apps {
		ai.sort()
	}
	for _, link := range obs.Links {
		k := linkKey{link.ActorID, link.ContractID, link.LinkName}
		if _, dup := l.linkIndex[k]; !dup {
			l.linkIndex[k] = link
		}
	}
	return l
}

func (l *Lattice) app(name string) *appInventory {
	ai := l.apps[name]
	if ai == nil {
		ai = &appInventory{actors: map[string][]actorGroup{}, providers: map[string][]providerCopy{},
			actorKeys: map[string]bool{}, providerLinks: map[providerLink]bool{}}
		l.apps[name] = ai
	}
	return ai
}

func (l *Lattice) indexActor(host string, a ctl.ActorDescription) {
	type gk struct {
		owner     ownerKey
		spread    string
		hasSpread bool
	}
	counts := map[gk]int{}
	owners := map[ownerKey]int{}
	for _, in := range a.Instances {
		o, ok := ownerOf(in.Annotations)
		owners[o]++
		if ok && (l.only == "" || o.app == l.only) {
			spread, has := in.Annotations[AnnotationSpread]
			counts[gk{o, spread, has}]++
		}
	}
	l.owners[hostActor{host, a.ID}] = owners
	if k, ok := l.actorImageKeys[a.ImageRef]; a.ImageRef != "" && (!ok || a.ID < k) {
		l.actorImageKeys[a.ImageRef] = a.ID
	}
	for k, n := range counts {
		ai := l.app(k.owner.app)
		ai.actors[k.owner.component] = append(ai.actors[k.owner.component], actorGroup{host: host,
			actorID: a.ID, imageRef: a.ImageRef, spread: k.spread, hasSpread: k.hasSpread, count: n})
		ai.actorKeys[a.ID] = true
	}
}

func (l *Lattice) indexProvider(host string, pd ctl.ProviderDescription) {
	if k, ok := l.providerImageKeys[pd.ImageRef]; pd.ImageRef != "" && (!ok || pd.ID < k) {
		l.providerImageKeys[pd.ImageRef] = pd.ID
	}
	o, ok := ownerOf(pd.Annotations)
	if !ok || l.only != "" && o.app != l.only {
		return
	}
	ai := l.app(o.app)
	spread, has := pd.Annotations[AnnotationSpread]
	ai.providers[o.component] = append(ai.providers[o.component],
		providerCopy{host: host, desc: pd, spread: spread, hasSpread: has})
	ai.providerLinks[providerLink{pd.ID, pd.LinkName}] = true
}

// sort puts groups and copies in (host, key, spread) order.
func (ai *appInventory) sort() {
	for _, groups := range ai.actors {
		slices.SortFunc(groups, func(x, y actorGroup) int {
			return cmp.Or(cmp.Compare(x.host, y.host), cmp.Compare(x.actorID, y.actorID),
				cmp.Compare(x.spread, y.spread), cmp.Compare(b2i(x.hasSpread), b2i(y.hasSpread)))
		})
	}
	for _, copies := range ai.providers {
		slices.SortStableFunc(copies, func(x, y providerCopy) int {
			return cmp.Or(cmp.Compare(x.host, y.host), cmp.Compare(x.desc.ID, y.desc.ID),
				cmp.Compare(x.desc.LinkName, y.desc.LinkName), cmp.Compare(x.desc.InstanceID, y.desc.InstanceID))
		})
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (l *Lattice) hostIDs() []string {
	out := make([]string, len(l.hosts))
	for i, h := range l.hosts {
		out[i] = h.HostID
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func sortedStrings(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
