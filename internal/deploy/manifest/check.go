package manifest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// checker collects the problems of one manifest. Parse fills at with the node each field path
// was read from, so that problems have positions; Validate of a built Application leaves it nil.
type checker struct {
	file     string
	at       map[string]*yaml.Node
	reported map[string]bool // field paths that already have a problem
	problems []Problem
}

func newChecker(file string) *checker {
	return &checker{file: file, at: map[string]*yaml.Node{}, reported: map[string]bool{}}
}

// report records a problem with the value at path, placed at that value or, when it is
// missing, at its nearest present ancestor. A path gets at most one problem, the first, and
// none when a value holding it has one already (a missing field of a mapping that is a string
// is no news).
func (c *checker) report(path, format string, args ...any) {
	for q := path; ; q = parent(q) {
		if c.reported[q] {
			return
		}
		if q == "" {
			break
		}
	}
	c.reported[path] = true
	p := Problem{File: c.file, Field: path, Message: fmt.Sprintf(format, args...)}
	for q := path; c.at != nil; q = parent(q) {
		if n := c.at[q]; n != nil {
			p.Line, p.Column = n.Line, n.Column
			break
		}
		if q == "" {
			break
		}
	}
	c.problems = append(c.problems, p)
}

// reportAt records a problem at node n, which need not be the value at path (a mapping key,
// an alias).
func (c *checker) reportAt(n *yaml.Node, path, format string, args ...any) {
	c.reported[path] = true
	c.problems = append(c.problems, Problem{
		File: c.file, Line: n.Line, Column: n.Column, Field: path, Message: fmt.Sprintf(format, args...),
	})
}

// given reports whether the field at path was written in the file; always true without one.
func (c *checker) given(path string) bool { return c.at == nil || c.at[path] != nil }

// line is the line of the value at path, or 0.
func (c *checker) line(path string) int {
	if n := c.at[path]; n != nil {
		return n.Line
	}
	return 0
}

// where describes the value at path for a message: "line N" when known, else the path.
func (c *checker) where(path string) string {
	if l := c.line(path); l > 0 {
		return "line " + strconv.Itoa(l)
	}
	return path
}

// err is the error for the collected problems, or nil.
func (c *checker) err() error {
	if len(c.problems) == 0 {
		return nil
	}
	sortProblems(c.problems)
	return &ValidationError{Problems: c.problems}
}

var plainKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// field is the path of the field key of the value at path.
func field(path, key string) string {
	if !plainKey.MatchString(key) {
		return path + "[" + strconv.Quote(key) + "]"
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

// index is the path of element i of the sequence at path.
func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// parent is the path of the value holding the value at path; "" for a top-level field.
func parent(path string) string {
	if strings.HasSuffix(path, `"]`) {
		if i := strings.LastIndex(path, `["`); i >= 0 {
			return path[:i]
		}
	}
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

// oneOf lists choices for a message: "a", "a or b", "a, b or c".
func oneOf(choices []string) string {
	switch len(choices) {
	case 0:
		return "none"
	case 1:
		return choices[0]
	}
	return strings.Join(choices[:len(choices)-1], ", ") + " or " + choices[len(choices)-1]
}
