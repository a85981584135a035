package manifest

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// This file checks the meaning of a decoded Application: the rules of the package
// documentation that are not about the shape of the file.

// DefaultLinkName is the link name of a capability that does not give one.
const DefaultLinkName = "default"

var (
	nameRule     = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$`)
	contractRule = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]*:[a-z0-9][a-z0-9_.-]*$`)
)

const (
	maxNameLength = 63
	totalWeight   = 100
	nameWant      = "want lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters"
)

// Validate checks an Application built in code against the rules Parse applies, except those
// that depend on how the file was written (unknown fields, a required number that is absent).
// Its problems have no file positions. It does not fill in defaults.
func (a *Application) Validate() error {
	c := &checker{reported: map[string]bool{}}
	c.validate(a)
	return c.err()
}

// fillDefaults sets what a manifest may leave out.
func (a *Application) fillDefaults() {
	for i := range a.Spec.Components {
		p := &a.Spec.Components[i].Properties
		if a.Spec.Components[i].Type == TypeCapability && p.LinkName == "" {
			p.LinkName = DefaultLinkName
		}
	}
}

func (c *checker) validate(a *Application) {
	switch a.APIVersion {
	case APIVersion:
	case "":
		c.report("apiVersion", "missing: want %s", APIVersion)
	default:
		c.report("apiVersion", "unsupported apiVersion %s: want %s", quote(a.APIVersion), APIVersion)
	}
	switch a.Kind {
	case Kind:
	case "":
		c.report("kind", "missing: want %s", Kind)
	default:
		c.report("kind", "unsupported kind %s: want %s", quote(a.Kind), Kind)
	}
	c.validateName(a.Metadata.Name, "metadata.name", "application")
	if a.Version() == "" {
		c.report("metadata.annotations.version", "missing: want the application's version, any non-empty string such as v0.1.0")
	}
	c.nonEmptyKeys(a.Metadata.Annotations, "metadata.annotations")
	c.nonEmptyKeys(a.Metadata.Labels, "metadata.labels")
	if len(a.Spec.Components) == 0 {
		c.report("spec.components", "no components: want at least one actor or capability")
	}
	idx := indexComponents(a)
	first := map[string]int{}
	for i, comp := range a.Spec.Components {
		p := index("spec.components", i)
		if j, dup := first[comp.Name]; dup && comp.Name != "" {
			c.report(p+".name", "duplicate component name %s (first at %s): want unique names",
				quote(comp.Name), c.where(index("spec.components", j)+".name"))
		} else {
			first[comp.Name] = i
		}
		c.validateComponent(idx, comp, p)
	}
}

func (c *checker) validateName(name, path, what string) {
	switch {
	case name == "":
		c.report(path, "missing: want a name for the %s: %s", what, strings.TrimPrefix(nameWant, "want "))
	case len(name) > maxNameLength || !nameRule.MatchString(name):
		c.report(path, "invalid name %s: %s", quote(name), nameWant)
	}
}

func (c *checker) validateComponent(idx *componentIndex, comp Component, path string) {
	c.validateName(comp.Name, path+".name", "component")
	switch comp.Type {
	case TypeActor, TypeCapability:
	case "":
		c.report(path+".type", "missing: want %s or %s", TypeActor, TypeCapability)
		return
	default:
		c.report(path+".type", "unknown component type %s: want %s or %s", quote(comp.Type), TypeActor, TypeCapability)
		return
	}
	c.validateProperties(comp, path+".properties")
	scaler := -1
	links := map[link]int{} // the first linkdef of each contract and link name
	for i, t := range comp.Traits {
		p := index(path+".traits", i)
		switch t.Type {
		case TraitSpreadScaler, TraitDaemonScaler:
			if scaler >= 0 {
				c.report(p+".type", "a second scaler (traits[%d] is a %s): want at most one %s or %s per component",
					scaler, comp.Traits[scaler].Type, TraitSpreadScaler, TraitDaemonScaler)
				continue
			}
			scaler = i
			c.validateScaler(comp, t, p)
		case TraitLinkDef:
			if comp.Type != TypeActor {
				c.report(p+".type", "a linkdef on a capability: want linkdefs on actors only, naming the capability as target")
				continue
			}
			c.validateLinkDef(idx, links, comp.Traits[i], i, path+".traits")
		case "":
			c.report(p+".type", "missing: want %s, %s or %s", TraitSpreadScaler, TraitDaemonScaler, TraitLinkDef)
		default:
			c.report(p+".type", "unknown trait type %s: want %s, %s or %s", quote(t.Type), TraitSpreadScaler, TraitDaemonScaler, TraitLinkDef)
		}
	}
}

func (c *checker) validateProperties(comp Component, path string) {
	props := comp.Properties
	capability := comp.Type == TypeCapability
	want := "file:///absolute/path or an OCI reference registry/repository[:tag][@sha256:<64 hex digits>]"
	if capability {
		want = "file:///absolute/path, an OCI reference registry/repository[:tag][@sha256:<64 hex digits>] or a built-in provider name such as httpserver"
	}
	switch {
	case props.Image == "":
		c.report(path+".image", "missing: want %s", want)
	case imageProblem(props.Image, capability) != "":
		c.report(path+".image", "invalid image %s: %s; want %s", quote(props.Image), imageProblem(props.Image, capability), want)
	}
	if !capability {
		for _, f := range []struct {
			name, why string
			set       bool
		}{
			{"contract", "an actor's claims list the contracts it uses", props.Contract != ""},
			{"link_name", "an actor's link takes the link name of its target", props.LinkName != ""},
			{"config", "an actor gets settings from its linkdefs' values", props.Config != nil},
		} {
			if f.set {
				c.report(path+"."+f.name, "not allowed on an actor: want %s on capabilities only (%s)", f.name, f.why)
			}
		}
		return
	}
	switch {
	case props.Contract == "":
		c.report(path+".contract", "missing: want the contract the capability implements, namespace:name such as wasmcloud:keyvalue")
	case !contractRule.MatchString(props.Contract):
		c.report(path+".contract", "invalid contract %s: want namespace:name in lowercase, such as wasmcloud:keyvalue", quote(props.Contract))
	}
}

func (c *checker) validateScaler(comp Component, t Trait, path string) {
	p := path + ".properties"
	var replicas int
	var spreads []Spread
	least := 0
	switch {
	case t.Spread != nil && t.Daemon == nil && t.Link == nil && t.Type == TraitSpreadScaler:
		replicas, spreads = t.Spread.Replicas, t.Spread.Spread
	case t.Daemon != nil && t.Spread == nil && t.Link == nil && t.Type == TraitDaemonScaler:
		replicas, spreads = t.Daemon.Replicas, t.Daemon.Spread
		if comp.Type == TypeActor {
			least = 1
		}
	default:
		c.report(p, "properties do not match the trait type: want only the %s properties set", t.Type)
		return
	}
	switch {
	case !c.given(p + ".replicas"):
		c.report(p+".replicas", "missing: want the number of instances, an integer ≥ %d", least)
	case replicas < least:
		c.report(p+".replicas", "replicas %d: want an integer ≥ %d", replicas, least)
	}
	c.validateSpreads(spreads, p+".spread")
}

func (c *checker) validateSpreads(spreads []Spread, path string) {
	first := map[string]int{}
	weighted, sum, bad := 0, 0, false
	for i, s := range spreads {
		p := index(path, i)
		switch j, dup := first[s.Name]; {
		case s.Name == "":
			c.report(p+".name", "missing: want a name for the spread, unique within the scaler")
		case dup:
			c.report(p+".name", "duplicate spread name %s (first at %s): want unique names within a scaler",
				quote(s.Name), c.where(index(path, j)+".name"))
		default:
			first[s.Name] = i
		}
		c.nonEmptyStrings(s.Requirements, p+".requirements")
		c.nonEmptyStrings(s.AntiRequirements, p+".anti_requirements")
		for _, k := range slices.Sorted(maps.Keys(s.AntiRequirements)) {
			if v, ok := s.Requirements[k]; ok && v != "" && v == s.AntiRequirements[k] {
				c.report(field(p+".anti_requirements", k), "%s=%s is also in requirements: no host can match; want each label in one of requirements and anti_requirements",
					k, v)
			}
		}
		if s.Weight != 0 || c.at != nil && c.at[p+".weight"] != nil {
			weighted++
			sum += s.Weight
			if s.Weight < 1 {
				bad = true
				c.report(p+".weight", "weight %d: want an integer ≥ 1 (or no weights at all, for equal shares)", s.Weight)
			}
		}
	}
	if weighted == 0 || bad {
		return
	}
	if weighted < len(spreads) {
		for i, s := range spreads {
			if s.Weight == 0 {
				c.report(index(path, i), "spread %s has no weight: give a weight to every spread or to none", quote(s.Name))
				return
			}
		}
	}
	if sum != totalWeight {
		c.report(path, "spread weights add up to %d, want %d", sum, totalWeight)
	}
}

// link is what an actor may link to once: a contract and a link name.
type link struct{ contract, name string }

// validateLinkDef checks t, the linkdef traits[i] of an actor, given the actor's earlier
// links.
func (c *checker) validateLinkDef(idx *componentIndex, links map[link]int, t Trait, i int, traits string) {
	p := index(traits, i) + ".properties"
	if t.Link == nil || t.Spread != nil || t.Daemon != nil {
		c.report(p, "properties do not match the trait type: want only the %s properties set", TraitLinkDef)
		return
	}
	c.nonEmptyKeys(t.Link.Values, p+".values")
	target, ok := idx.byName[t.Link.Target]
	switch {
	case t.Link.Target == "":
		c.report(p+".target", "missing: %s", idx.wantCapability)
		return
	case !ok:
		c.report(p+".target", "unknown component %s: %s", quote(t.Link.Target), idx.wantCapability)
		return
	case target.Type != TypeCapability:
		c.report(p+".target", "component %s is an actor: %s", quote(t.Link.Target), idx.wantCapability)
		return
	}
	l := link{target.Properties.Contract, linkName(target)}
	if j, dup := links[l]; dup {
		c.report(p+".target", "a second link to %s with link name %s (first at %s): want one link per contract and link name; give the capabilities different link_names",
			l.contract, quote(l.name), c.where(index(traits, j)+".properties.target"))
		return
	}
	links[l] = i
}

func (c *checker) nonEmptyKeys(m map[string]string, path string) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if k == "" {
			c.report(field(path, k), "empty key: want a non-empty string")
		}
	}
}

func (c *checker) nonEmptyStrings(m map[string]string, path string) {
	c.nonEmptyKeys(m, path)
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if k != "" && m[k] == "" {
			c.report(field(path, k), "empty value: want a non-empty string")
		}
	}
}

// componentIndex finds a manifest's components by name.
type componentIndex struct {
	byName         map[string]*Component // the first component of each name
	wantCapability string                // what a linkdef target may be, for messages
}

func indexComponents(a *Application) *componentIndex {
	idx := &componentIndex{byName: map[string]*Component{}}
	var capabilities []string
	listed := map[string]bool{}
	for i := range a.Spec.Components {
		comp := &a.Spec.Components[i]
		if comp.Type == TypeCapability && comp.Name != "" && !listed[comp.Name] {
			listed[comp.Name] = true
			capabilities = append(capabilities, quote(comp.Name))
		}
		if _, dup := idx.byName[comp.Name]; !dup {
			idx.byName[comp.Name] = comp
		}
	}
	idx.wantCapability = "want the name of a capability component of this manifest: " + oneOf(capabilities)
	if len(capabilities) == 0 {
		idx.wantCapability = "want the name of a capability component, but this manifest has none"
	}
	return idx
}

func linkName(comp *Component) string {
	if comp.Properties.LinkName == "" {
		return DefaultLinkName
	}
	return comp.Properties.LinkName
}

func quote(s string) string { return strconv.Quote(s) }
