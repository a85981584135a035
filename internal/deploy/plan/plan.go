package plan

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/deploy/manifest"
)

// Observed is a snapshot of the lattice: every host's inventory and every link definition.
type Observed struct {
	Hosts []ctl.HostInventory
	Links []ctl.LinkDefinition
}

// Plan is what the reconciler must do to make the lattice match one application, and how
// each of the application's components stands.
type Plan struct {
	// Commands are to be sent in order.
	Commands []Command
	// Status has one entry per component of the manifest, in manifest order, followed by one
	// entry per removed component that still has something running, by name.
	Status []ComponentStatus
}

// Kind says which of a Command's fields is set.
type Kind uint8

// Command kinds.
const (
	KindStartActor Kind = iota + 1
	KindStopActor
	KindUpdateActor
	KindStartProvider
	KindStopProvider
	KindPutLink
	KindDeleteLink
)

var kindNames = [...]string{"", "StartActor", "StopActor", "UpdateActor", "StartProvider",
	"StopProvider", "PutLink", "DeleteLink"}

// String is the kind's name, such as "StartActor".
func (k Kind) String() string {
	if int(k) < len(kindNames) && k != 0 {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Command is one control-interface operation. Kind says which one of the pointer fields is
// set; Reason says in words why the planner wants it.
type Command struct {
	Kind   Kind
	Reason string
	// Component is the component the command serves (for a link, its actor component); ""
	// for a link whose actor no component of the application runs any more.
	Component     string
	StartActor    *StartActor
	StopActor     *StopActor
	UpdateActor   *UpdateActor
	StartProvider *StartProvider
	StopProvider  *StopProvider
	PutLink       *PutLink
	DeleteLink    *DeleteLink
}

// String is a one-line rendering of the command without its reason, for logs and tests.
func (c Command) String() string {
	switch c.Kind {
	case KindStartActor:
		a := c.StartActor
		return fmt.Sprintf("StartActor %s %s x%d %s", a.HostID, a.Ref, a.Count, annotationString(a.Annotations))
	case KindStopActor:
		a := c.StopActor
		return fmt.Sprintf("StopActor %s %s x%d %s", a.HostID, a.ActorID, a.Count, annotationString(a.Annotations))
	case KindUpdateActor:
		a := c.UpdateActor
		return fmt.Sprintf("UpdateActor %s %s -> %s", a.HostID, a.ActorID, a.NewRef)
	case KindStartProvider:
		p := c.StartProvider
		return fmt.Sprintf("StartProvider %s %s %s %s", p.HostID, p.Ref, p.LinkName, annotationString(p.Annotations))
	case KindStopProvider:
		p := c.StopProvider
		return fmt.Sprintf("StopProvider %s %s %s %s", p.HostID, p.ProviderID, p.LinkName, p.Contract)
	case KindPutLink:
		l := c.PutLink.Link
		return fmt.Sprintf("PutLink %s %s %s -> %s %s", l.ActorID, l.ContractID, l.LinkName, l.ProviderID, annotationString(l.Values))
	case KindDeleteLink:
		l := c.DeleteLink
		return fmt.Sprintf("DeleteLink %s %s %s", l.ActorID, l.Contract, l.LinkName)
	}
	return c.Kind.String()
}

func annotationString(m map[string]string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range sortedKeys(m) {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(k + "=" + m[k])
	}
	b.WriteByte('}')
	return b.String()
}

// StartActor starts Count instances of the actor at Ref on HostID (ctl.StartActorCommand).
type StartActor struct {
	HostID      string
	Ref         string
	Count       int
	Annotations map[string]string
}

// StopActor stops Count instances of actor ActorID on HostID whose annotations contain every
// pair of Annotations (ctl.StopActorCommand).
type StopActor struct {
	HostID      string
	ActorID     string
	Count       int
	Annotations map[string]string
}

// UpdateActor live-updates actor ActorID on HostID to the module at NewRef
// (ctl.UpdateActorCommand).
type UpdateActor struct {
	HostID  string
	ActorID string
	NewRef  string
}

// StartProvider starts the provider at Ref under LinkName on HostID (ctl.StartProviderCommand).
// Config is the component's properties.config as JSON, "" when it has none.
type StartProvider struct {
	HostID      string
	Ref         string
	LinkName    string
	Config      string
	Annotations map[string]string
}

// StopProvider stops provider ProviderID running under LinkName on HostID
// (ctl.StopProviderCommand).
type StopProvider struct {
	HostID     string
	ProviderID string
	LinkName   string
	Contract   string
}

// PutLink creates or replaces a link definition (ctl.PutLinkCommand).
type PutLink struct {
	Link ctl.LinkDefinition
}

// DeleteLink removes the link (ActorID, Contract, LinkName) (ctl.DeleteLinkCommand).
type DeleteLink struct {
	ActorID  string
	Contract string
	LinkName string
}

// State is how far a component is from its desired state.
type State string

// Component states.
const (
	// Deployed: what runs is what the manifest asks for; the plan has nothing for it.
	Deployed State = "Deployed"
	// Reconciling: the plan has commands for it, or one of its links waits for its ends.
	Reconciling State = "Reconciling"
	// Failed: the lattice cannot satisfy it; Message says why. What can be done still is.
	Failed State = "Failed"
)

// ComponentStatus is the state of one component of the application.
type ComponentStatus struct {
	Component string
	State     State
	Message   string
}

// Compute plans application name towards app in the observed lattice. A nil app means the
// application is undeployed: everything it runs is stopped and its links deleted. app must be
// validated, with link names filled in. Compute does no I/O and keeps no state: the same
// arguments always give the same plan.
func Compute(app *manifest.Application, name string, obs Observed) Plan {
	return newLattice(obs, name).Plan(app, name)
}

// Plan is Compute on an indexed lattice: plan application name towards app (nil to
// undeploy it).
func (l *Lattice) Plan(app *manifest.Application, name string) Plan {
	p := newPlanner(name, l)
	seen := map[string]bool{}
	if app != nil {
		for _, c := range app.Spec.Components {
			if c.Type == manifest.TypeCapability && !seen[c.Name] {
				p.capabilities[c.Name] = true
			}
			seen[c.Name] = true
		}
		clear(seen)
		for _, c := range app.Spec.Components {
			p.comp(c.Name) // commands follow manifest order
		}
		for _, c := range app.Spec.Components {
			if seen[c.Name] {
				continue
			}
			seen[c.Name] = true
			switch c.Type {
			case manifest.TypeActor:
				p.planActor(c)
			case manifest.TypeCapability:
				p.planProvider(c)
			}
		}
		for _, c := range app.Spec.Components {
			if c.Type == manifest.TypeActor {
				p.planLinks(c, app, true)
			}
		}
		for _, c := range app.Spec.Components {
			if c.Type == manifest.TypeActor {
				p.planLinks(c, app, false)
			}
		}
	}
	p.planOrphans(app)
	p.planUpdates()
	p.planStaleLinks()
	return p.result(app)
}

// planner accumulates one plan.
type planner struct {
	app string
	lat *Lattice
	inv *appInventory
	// desiredLinks are the identities (actor, contract, link name) the manifest wants.
	desiredLinks map[linkKey]bool
	deletes      []Command
	puts         []Command
	byComp       map[string]*componentPlan
	order        []string
	// capabilities are the names of the manifest's capability components.
	capabilities map[string]bool
	// started lists, per host, the providers this plan starts.
	started map[string][]started
	// stopped counts, per actor on a host, the instances this plan stops, by owner.
	stopped map[hostActor]map[ownerKey]int
	// updates are the actor components whose updates wait for every stop to be known.
	updates []pendingUpdate
}

type componentPlan struct {
	commands []Command
	failures []string
	pending  []string
}

func newPlanner(app string, lat *Lattice) *planner {
	inv := lat.apps[app]
	if inv == nil {
		inv = emptyApp
	}
	return &planner{
		app:          app,
		lat:          lat,
		inv:          inv,
		desiredLinks: map[linkKey]bool{},
		byComp:       map[string]*componentPlan{},
		capabilities: map[string]bool{},
		started:      map[string][]started{},
		stopped:      map[hostActor]map[ownerKey]int{},
	}
}

func (p *planner) comp(name string) *componentPlan {
	cp := p.byComp[name]
	if cp == nil {
		cp = &componentPlan{}
		p.byComp[name] = cp
		p.order = append(p.order, name)
	}
	return cp
}

func (p *planner) emit(component string, c Command) {
	c.Component = component
	cp := p.comp(component)
	cp.commands = append(cp.commands, c)
}

// wait records why component is not deployed yet, once.
func (p *planner) wait(component, why string) {
	cp := p.comp(component)
	if !slices.Contains(cp.pending, why) {
		cp.pending = append(cp.pending, why)
	}
}

func (p *planner) fail(component, format string, args ...any) {
	cp := p.comp(component)
	cp.failures = append(cp.failures, fmt.Sprintf(format, args...))
}

// phase orders commands by kind: link deletions first (while both ends still run), then
// stops (freeing hosts), updates, starts, and link puts last.
var phase = [...]int{KindDeleteLink: 0, KindStopActor: 1, KindStopProvider: 1, KindUpdateActor: 2,
	KindStartProvider: 3, KindStartActor: 3, KindPutLink: 4}

// result orders the commands by phase, and within a phase by component (manifest order,
// then removed components by name) and host.
func (p *planner) result(app *manifest.Application) Plan {
	var out Plan
	out.Commands = append(out.Commands, p.deletes...)
	for _, name := range p.order {
		out.Commands = append(out.Commands, p.byComp[name].commands...)
	}
	out.Commands = append(out.Commands, p.puts...)
	slices.SortStableFunc(out.Commands, func(a, b Command) int { return cmp.Compare(phase[a.Kind], phase[b.Kind]) })
	inManifest := map[string]bool{}
	if app != nil {
		for _, c := range app.Spec.Components {
			if inManifest[c.Name] {
				continue
			}
			inManifest[c.Name] = true
			out.Status = append(out.Status, p.status(c.Name))
		}
	}
	var removed []string
	for _, name := range p.order {
		if !inManifest[name] && len(p.byComp[name].commands) > 0 {
			removed = append(removed, name)
		}
	}
	for _, name := range sortedStrings(removed) {
		out.Status = append(out.Status, ComponentStatus{Component: name, State: Reconciling,
			Message: "removed from the manifest: stopping"})
	}
	return out
}

func (p *planner) status(name string) ComponentStatus {
	cp := p.byComp[name]
	switch {
	case cp == nil:
		return ComponentStatus{Component: name, State: Deployed}
	case len(cp.failures) > 0:
		return ComponentStatus{Component: name, State: Failed, Message: strings.Join(cp.failures, "; ")}
	case len(cp.commands) > 0:
		return ComponentStatus{Component: name, State: Reconciling,
			Message: fmt.Sprintf("%d command(s) pending", len(cp.commands))}
	case len(cp.pending) > 0:
		return ComponentStatus{Component: name, State: Reconciling, Message: strings.Join(cp.pending, "; ")}
	}
	return ComponentStatus{Component: name, State: Deployed}
}

// ownership returns the annotations the planner puts on what it starts for component, and
// the selector it uses to stop it.
func (p *planner) ownership(component, spread string) map[string]string {
	m := map[string]string{
		AnnotationManagedBy: ManagedBy,
		AnnotationAppSpec:   p.app,
		AnnotationComponent: component,
	}
	if spread != "" {
		m[AnnotationSpread] = spread
	}
	return m
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	return maps.Clone(m)
}
