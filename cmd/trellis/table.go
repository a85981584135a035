package main

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// table prints aligned "label  value" rows.
type table struct{ tw *tabwriter.Writer }

func newTable(w io.Writer) *table { return &table{tw: tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)} }

func (t *table) row(label, value string) { fmt.Fprintf(t.tw, "%s\t%s\n", label, value) }

func (t *table) flush() error { return t.tw.Flush() }

// grid prints aligned columns under a header row.
type grid struct{ tw *tabwriter.Writer }

func newGrid(w io.Writer, header ...string) *grid {
	g := &grid{tw: tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)}
	g.row(header...)
	return g
}

func (g *grid) row(cells ...string) {
	for i, c := range cells {
		if i > 0 {
			fmt.Fprint(g.tw, "\t")
		}
		fmt.Fprint(g.tw, c)
	}
	fmt.Fprintln(g.tw)
}

func (g *grid) flush() error { return g.tw.Flush() }
