package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// Output formats of commands that print data.
const (
	formatText = "text"
	formatJSON = "json"
)

// addFormatFlag adds -o/--output to a command that prints data.
func addFormatFlag(cmd *cobra.Command, format *string) {
	cmd.Flags().StringVarP(format, "output", "o", formatText, "output format: text or json")
}

func checkFormat(format string) error {
	if format != formatText && format != formatJSON {
		return fmt.Errorf("unknown output format %q (want text or json)", format)
	}
	return nil
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
