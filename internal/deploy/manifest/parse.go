package manifest

import (
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxValues bounds the number of values in a manifest, each use of an alias counting as a
// copy of what it names, so that no file makes Parse do unbounded work ("billion laughs").
const maxValues = 100_000

// Parse reads the manifest data, YAML or JSON, from file (used only in problems), validates
// it and fills in defaults. Its error is a *ValidationError listing every problem found.
// Parse reads back what Encode writes.
func Parse(file string, data []byte) (*Application, error) {
	c := newChecker(file)
	root := c.document(data)
	if root == nil {
		return nil, c.err()
	}
	if !c.checkAliases(root) {
		return nil, c.err()
	}
	a := c.application(root)
	resolveFiles(a, file)
	c.validate(a)
	if err := c.err(); err != nil {
		return nil, err
	}
	a.fillDefaults()
	return a, nil
}

// document parses data as exactly one YAML document and returns its root node, or nil after
// reporting why there is none.
func (c *checker) document(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	switch err := dec.Decode(&doc); {
	case errors.Is(err, io.EOF):
		c.problems = append(c.problems, Problem{File: c.file, Message: "empty manifest: want an application (apiVersion, kind, metadata, spec)"})
		return nil
	case err != nil:
		c.syntaxError(err)
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		c.syntaxError(err)
		return nil
	default:
		c.problems = append(c.problems, Problem{File: c.file, Line: next.Line, Column: next.Column,
			Message: "a second YAML document: want one application per file"})
		return nil
	}
	if len(doc.Content) != 1 {
		c.problems = append(c.problems, Problem{File: c.file, Message: "empty manifest: want an application (apiVersion, kind, metadata, spec)"})
		return nil
	}
	return doc.Content[0]
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError reports an error of the YAML parser, which gives a line but no column.
func (c *checker) syntaxError(err error) {
	p := Problem{File: c.file, Message: strings.TrimPrefix(err.Error(), "yaml: ")}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		p.Message = m[2]
	}
	p.Message = "invalid YAML or JSON: " + p.Message
	c.problems = append(c.problems, p)
}

// checkAliases reports an alias that refers to a node containing it and a document that
// expands to more than maxValues values.
func (c *checker) checkAliases(root *yaml.Node) bool {
	const (
		visiting = -1
		tooMany  = maxValues + 1
	)
	size := map[*yaml.Node]int{}
	ok := true
	var count func(n *yaml.Node) int
	count = func(n *yaml.Node) int {
		if s, done := size[n]; done && s != visiting {
			return s
		}
		if n.Kind == yaml.AliasNode && size[n.Alias] == visiting {
			ok = false
			c.problems = append(c.problems, Problem{File: c.file, Line: n.Line, Column: n.Column,
				Message: "alias *" + n.Value + " is inside the value it names: want aliases of complete values only"})
			return tooMany
		}
		size[n] = visiting
		s := 1
		if n.Kind == yaml.AliasNode {
			s = count(n.Alias)
		}
		for _, k := range n.Content {
			if s += count(k); s > maxValues || !ok {
				s = tooMany
				break
			}
		}
		size[n] = s
		return s
	}
	if count(root) > maxValues && ok {
		ok = false
		c.problems = append(c.problems, Problem{File: c.file, Line: root.Line, Column: root.Column,
			Message: "manifest has more than " + strconv.Itoa(maxValues) + " values, counting each use of an alias: want a smaller manifest"})
	}
	return ok
}

// resolveFiles makes relative file:// images absolute, relative to the directory of the
// manifest file (when it is known), so that a manifest can sit next to the artifacts it names:
// file://build/echo_s.wasm in /src/app/app.yaml is /src/app/build/echo_s.wasm.
func resolveFiles(a *Application, file string) {
	if file == "" {
		return
	}
	dir, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		return
	}
	for i := range a.Spec.Components {
		p := &a.Spec.Components[i].Properties
		if rel, ok := strings.CutPrefix(p.Image, "file://"); ok && rel != "" && !filepath.IsAbs(rel) {
			p.Image = "file://" + filepath.Join(dir, rel)
		}
	}
}
