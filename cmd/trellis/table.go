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
