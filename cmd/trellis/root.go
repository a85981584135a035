package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// cli holds what every command writes to and reads from.
type cli struct {
	in     io.Reader
	out    io.Writer // results
	errOut io.Writer // notes, warnings and errors
}

// errReported is returned by a command that has already printed its error message.
var errReported = errors.New("error already reported")

// newRootCmd builds the trellis command tree. Each command group lives in its own file and adds
// itself here.
func newRootCmd(c *cli) *cobra.Command {
	root := &cobra.Command{
		Use:   "trellis",
		Short: "Trellis: a distributed WebAssembly actor runtime",
		Long: `Trellis runs WebAssembly actors and capability providers on a lattice of hosts
connected by NATS. It is compatible with wasmCloud 0.x actors, providers and tools.`,
		Example: `  trellis keys gen account --save me
  trellis build ./echo --cap wasmcloud:httpserver
  trellis claims inspect echo/build/echo_s.wasm
  trellis get hosts
  trellis start actor ghcr.io/acme/echo:0.1.0 --count 2
  trellis events`,
		SilenceErrors:     true,
		SilenceUsage:      true,
		CompletionOptions: cobra.CompletionOptions{DisableDefaultCmd: true},
	}
	root.SetIn(c.in)
	root.SetOut(c.out)
	root.SetErr(c.errOut)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return fmt.Errorf("%w (see '%s --help')", err, cmd.CommandPath())
	})
	root.AddCommand(newKeysCmd(c), newClaimsCmd(c), newBuildCmd(c), newParCmd(c),
		newGetCmd(c), newStartCmd(c), newScaleCmd(c), newStopCmd(c), newUpdateCmd(c),
		newLinkCmd(c), newLabelCmd(c), newEventsCmd(c), newCallCmd(c), newUpCmd(c), newPushCmd(c), newPullCmd(c))
	root.AddCommand(newAppCmd(c))
	return root
}

// exactArgs is cobra.ExactArgs with a message that says what the arguments are.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return fmt.Errorf("%s takes %s, got %d arguments (see '%s --help')", cmd.CommandPath(), what, len(args), cmd.CommandPath())
		}
		return nil
	}
}

// rangeArgs is cobra.RangeArgs with a message that says what the arguments are.
func rangeArgs(lo, hi int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < lo || len(args) > hi {
			return fmt.Errorf("%s takes %s, got %d arguments (see '%s --help')", cmd.CommandPath(), what, len(args), cmd.CommandPath())
		}
		return nil
	}
}
