package manifest

import (
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"
)

// This file turns the YAML node tree into an Application. It reports problems of shape only
// (a value of the wrong kind, an unknown or repeated key); validate.go checks the meaning.

// Allowed fields of each mapping, in the order messages list them.
var (
	rootFields       = []string{"apiVersion", "kind", "metadata", "spec"}
	metadataFields   = []string{"name", "annotations", "labels"}
	specFields       = []string{"components"}
	componentFields  = []string{"name", "type", "properties", "traits"}
	propertiesFields = []string{"image", "contract", "link_name", "config"}
	traitFields      = []string{"type", "properties"}
	scalerFields     = []string{"replicas", "spread"}
	spreadFields     = []string{"name", "requirements", "anti_requirements", "weight"}
	linkDefFields    = []string{"target", "values"}
)

// resolve follows aliases to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// absent reports whether n stands for no value: not written, or null.
func absent(n *yaml.Node) bool {
	n = resolve(n)
	return n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names the kind and value of n for a message: "a mapping", "integer 8080".
func describe(n *yaml.Node) string {
	n = resolve(n)
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a sequence"
	case yaml.DocumentNode:
		return "a document"
	}
	v := n.Value
	if len(v) > 40 {
		v = v[:37] + "..."
	}
	switch tag := n.ShortTag(); tag {
	case "!!null":
		return "null"
	case "!!str":
		return fmt.Sprintf("string %q", v)
	case "!!int":
		return "integer " + v
	case "!!float":
		return "number " + v
	case "!!bool":
		return "boolean " + v
	default:
		return fmt.Sprintf("%s %q", tag, v)
	}
}

// mapping visits the fields of the mapping n at path, reporting a value that is not a
// mapping, keys that are not strings, repeated keys and keys not in allowed (all keys are
// allowed when it is nil). An absent n has no fields. visit gets each field's value unresolved.
func (c *checker) mapping(n *yaml.Node, path string, allowed []string, visit func(key string, v *yaml.Node)) bool {
	if absent(n) {
		return false
	}
	if m := resolve(n); m.Kind != yaml.MappingNode {
		c.report(path, "got %s: want a mapping", describe(n))
		return false
	}
	m := resolve(n)
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		rk := resolve(k)
		if rk.Kind != yaml.ScalarNode || rk.ShortTag() != "!!str" {
			what := "a string"
			if rk.ShortTag() == "!!merge" {
				what += " (merge keys << are not supported)"
			}
			c.reportAt(k, field(path, rk.Value), "key is %s: want %s", describe(k), what)
			continue
		}
		key := rk.Value
		p := field(path, key)
		if first := seen[key]; first != nil {
			c.reportAt(k, p, "duplicate key %q (first at line %d): want each key once", key, first.Line)
			continue
		}
		seen[key] = k
		if allowed != nil && !slices.Contains(allowed, key) {
			c.reportAt(k, p, "unknown field %q: want %s", key, oneOf(allowed))
			continue
		}
		c.at[p] = v
		visit(key, v)
	}
	return true
}

// sequence visits the elements of the sequence n at path.
func (c *checker) sequence(n *yaml.Node, path string, visit func(i int, v *yaml.Node)) {
	if absent(n) {
		return
	}
	s := resolve(n)
	if s.Kind != yaml.SequenceNode {
		c.report(path, "got %s: want a sequence", describe(n))
		return
	}
	for i, v := range s.Content {
		c.at[index(path, i)] = v
		visit(i, v)
	}
}

// str decodes a string; null is "".
func (c *checker) str(n *yaml.Node, path string) string {
	if absent(n) {
		return ""
	}
	s := resolve(n)
	if s.Kind != yaml.ScalarNode || s.ShortTag() != "!!str" {
		hint := ""
		if s.Kind == yaml.ScalarNode {
			hint = fmt.Sprintf(" (quote it: %q)", s.Value)
		}
		c.report(path, "got %s: want a string%s", describe(n), hint)
		return ""
	}
	return s.Value
}

// integer decodes an int.
func (c *checker) integer(n *yaml.Node, path string) int {
	s := resolve(n)
	var i int
	if s.Kind != yaml.ScalarNode || s.ShortTag() != "!!int" || s.Decode(&i) != nil {
		c.report(path, "got %s: want an integer", describe(n))
		return 0
	}
	return i
}

// stringMap decodes a mapping of strings to strings.
func (c *checker) stringMap(n *yaml.Node, path string) map[string]string {
	var m map[string]string
	c.mapping(n, path, nil, func(key string, v *yaml.Node) {
		if m == nil {
			m = map[string]string{}
		}
		m[key] = c.str(v, field(path, key))
	})
	return m
}

func (c *checker) application(root *yaml.Node) *Application {
	a := &Application{}
	c.at[""] = root
	c.mapping(root, "", rootFields, func(key string, v *yaml.Node) {
		switch key {
		case "apiVersion":
			a.APIVersion = c.str(v, key)
		case "kind":
			a.Kind = c.str(v, key)
		case "metadata":
			a.Metadata = c.metadata(v, key)
		case "spec":
			c.mapping(v, key, specFields, func(_ string, v *yaml.Node) {
				a.Spec.Components = c.components(v, "spec.components")
			})
		}
	})
	return a
}

func (c *checker) metadata(n *yaml.Node, path string) Metadata {
	var m Metadata
	c.mapping(n, path, metadataFields, func(key string, v *yaml.Node) {
		p := field(path, key)
		switch key {
		case "name":
			m.Name = c.str(v, p)
		case "annotations":
			m.Annotations = c.stringMap(v, p)
		case "labels":
			m.Labels = c.stringMap(v, p)
		}
	})
	return m
}

func (c *checker) components(n *yaml.Node, path string) []Component {
	var cs []Component
	c.sequence(n, path, func(i int, v *yaml.Node) {
		cs = append(cs, c.component(v, index(path, i)))
	})
	return cs
}

func (c *checker) component(n *yaml.Node, path string) Component {
	var comp Component
	ok := c.mapping(n, path, componentFields, func(key string, v *yaml.Node) {
		p := field(path, key)
		switch key {
		case "name":
			comp.Name = c.str(v, p)
		case "type":
			comp.Type = c.str(v, p)
		case "properties":
			comp.Properties = c.properties(v, p)
		case "traits":
			c.sequence(v, p, func(i int, v *yaml.Node) {
				comp.Traits = append(comp.Traits, c.trait(v, index(p, i)))
			})
		}
	})
	if !ok {
		c.report(path, "got %s: want a mapping with %s", describe(n), oneOf(componentFields))
	}
	return comp
}

func (c *checker) properties(n *yaml.Node, path string) Properties {
	var props Properties
	c.mapping(n, path, propertiesFields, func(key string, v *yaml.Node) {
		p := field(path, key)
		switch key {
		case "image":
			props.Image = c.str(v, p)
		case "contract":
			props.Contract = c.str(v, p)
		case "link_name":
			props.LinkName = c.str(v, p)
		case "config":
			props.Config = c.config(v, p)
		}
	})
	return props
}

// trait decodes a trait, its properties by its type. Properties of an unknown type are not
// looked at: validate reports the type.
func (c *checker) trait(n *yaml.Node, path string) Trait {
	var t Trait
	var props *yaml.Node
	ok := c.mapping(n, path, traitFields, func(key string, v *yaml.Node) {
		switch key {
		case "type":
			t.Type = c.str(v, field(path, key))
		case "properties":
			props = v
		}
	})
	if !ok {
		c.report(path, "got %s: want a mapping with %s", describe(n), oneOf(traitFields))
		return t
	}
	p := path + ".properties"
	switch t.Type {
	case TraitSpreadScaler:
		t.Spread = &SpreadScaler{}
		t.Spread.Replicas, t.Spread.Spread = c.scaler(props, p)
	case TraitDaemonScaler:
		t.Daemon = &DaemonScaler{}
		t.Daemon.Replicas, t.Daemon.Spread = c.scaler(props, p)
	case TraitLinkDef:
		t.Link = c.linkDef(props, p)
	}
	return t
}

func (c *checker) scaler(n *yaml.Node, path string) (replicas int, spreads []Spread) {
	c.mapping(n, path, scalerFields, func(key string, v *yaml.Node) {
		p := field(path, key)
		switch key {
		case "replicas":
			replicas = c.integer(v, p)
		case "spread":
			c.sequence(v, p, func(i int, v *yaml.Node) {
				spreads = append(spreads, c.spread(v, index(p, i)))
			})
		}
	})
	return replicas, spreads
}

func (c *checker) spread(n *yaml.Node, path string) Spread {
	var s Spread
	ok := c.mapping(n, path, spreadFields, func(key string, v *yaml.Node) {
		p := field(path, key)
		switch key {
		case "name":
			s.Name = c.str(v, p)
		case "requirements":
			s.Requirements = c.stringMap(v, p)
		case "anti_requirements":
			s.AntiRequirements = c.stringMap(v, p)
		case "weight":
			s.Weight = c.integer(v, p)
		}
	})
	if !ok {
		c.report(path, "got %s: want a mapping with %s", describe(n), oneOf(spreadFields))
	}
	return s
}

func (c *checker) linkDef(n *yaml.Node, path string) *LinkDef {
	l := &LinkDef{}
	c.mapping(n, path, linkDefFields, func(key string, v *yaml.Node) {
		p := field(path, key)
		switch key {
		case "target":
			l.Target = c.str(v, p)
		case "values":
			l.Values = c.stringMap(v, p)
		}
	})
	return l
}
