package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/trellis-lattice/trellis/internal/actorbuild"
)

func newBuildCmd(c *cli) *cobra.Command {
	var f signFlags
	var out string
	cmd := &cobra.Command{
		Use:   "build [DIR]",
		Short: "Compile a Go actor to WebAssembly and sign it",
		Long: `Compile the Go actor package in DIR (default: the current directory) with
GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -trimpath, export its _initialize function
a second time as wapc_init (so wasmCloud 0.x hosts initialise it), and sign it like
'trellis claims sign'. The name defaults to the directory's name and the output to
DIR/build/<name>_s.wasm. The go command is taken from PATH.`,
		Example: `  trellis build
  trellis build ./echo --cap wasmcloud:httpserver --ver 0.1.0
  trellis build ./kvcounter --name KVCounter --cap wasmcloud:httpserver --cap wasmcloud:keyvalue -o dist/kvcounter.wasm`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			return build(cmd.Context(), c, &f, dir, out)
		},
	}
	f.register(cmd.Flags())
	cmd.Flags().StringVarP(&out, "output", "o", "", "where to write the signed module (default: DIR/build/<name>_s.wasm)")
	return cmd
}

func build(ctx context.Context, c *cli, f *signFlags, dir, out string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("build %s: %w", dir, err)
	}
	if f.name == "" {
		f.name = filepath.Base(abs)
	}
	if out == "" {
		out = filepath.Join(abs, "build", fileName(f.name)+"_s.wasm")
	}
	mod, err := actorbuild.Compile(ctx, abs)
	if err != nil {
		return fmt.Errorf("build %s: %w", dir, err)
	}
	s, err := f.sign(c, mod, f.name, time.Now())
	if err != nil {
		return fmt.Errorf("build %s: %w", dir, err)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return fmt.Errorf("build %s: %w", dir, err)
	}
	if err := os.WriteFile(out, s.module, 0o644); err != nil {
		return fmt.Errorf("build %s: %w", dir, err)
	}
	fmt.Fprintf(c.out, "Built %s (%d bytes, module %s, issuer %s)\n", out, len(s.module), s.subject, s.issuer)
	return nil
}
