package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/trellis-lattice/trellis/ctl"
)

func newStopHostCmd(c *cli) *cobra.Command {
	return latticeCmd(&cobra.Command{
		Use:   "host HOST",
		Short: "Stop a host with everything it runs",
		Long: `Ask a host to stop its actors and providers and exit. HOST is a host id, a unique prefix of one,
or a friendly name.`,
		Example: `  trellis stop host quiet-river-12
  trellis stop host NABK`,
		Args: exactArgs(1, "one host"),
	}, func(ctx context.Context, s *session, args []string) error {
		host, err := s.resolveHost(ctx, args[0])
		if err != nil {
			return err
		}
		ack, err := s.StopHost(ctx, host.key, ctl.StopHostCommand{})
		if err != nil {
			return fmt.Errorf("stop host %s: %w", host.label(), err)
		}
		if s.json() {
			return writeJSON(c.out, newAckResult(host.key, ack, nil))
		}
		fmt.Fprintf(c.out, "Host %s is stopping\n", host.label())
		return nil
	})
}
