package manifest

import (
	"math"

	"go.yaml.in/yaml/v3"
)

// config decodes a capability's configuration: a mapping of JSON-compatible values, kept as
// map[string]any with values of type string, bool, int64, uint64 (integers above the int64
// range), float64, nil, []any and map[string]any.
func (c *checker) config(n *yaml.Node, path string) map[string]any {
	if absent(n) {
		return nil
	}
	if resolve(n).Kind != yaml.MappingNode {
		c.report(path, "got %s: want a mapping", describe(n))
		return nil
	}
	m, _ := c.value(n, path).(map[string]any)
	return m
}

// value decodes any JSON-compatible value.
func (c *checker) value(n *yaml.Node, path string) any {
	r := resolve(n)
	switch r.Kind {
	case yaml.MappingNode:
		m := map[string]any{}
		c.mapping(n, path, nil, func(key string, v *yaml.Node) {
			m[key] = c.value(v, field(path, key))
		})
		return m
	case yaml.SequenceNode:
		s := make([]any, 0, len(r.Content))
		c.sequence(n, path, func(i int, v *yaml.Node) {
			s = append(s, c.value(v, index(path, i)))
		})
		return s
	case yaml.ScalarNode:
		return c.scalar(r, path)
	}
	c.report(path, "got %s: want a JSON-compatible value", describe(n))
	return nil
}

func (c *checker) scalar(n *yaml.Node, path string) any {
	switch n.ShortTag() {
	case "!!str", "!!timestamp":
		return n.Value
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var i int64
		if n.Decode(&i) == nil {
			return i
		}
		var u uint64
		if n.Decode(&u) == nil {
			return u
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
		c.report(path, "got %s: want a JSON-compatible value (a finite number)", describe(n))
		return nil
	}
	c.report(path, "got %s: want a JSON-compatible value (string, number, boolean, null, sequence or mapping)", describe(n))
	return nil
}
