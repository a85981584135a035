package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/trellis-lattice/trellis/ctl"
)

func newLabelCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "label",
		Short: "Change the labels of a running host",
		Long: `Labels place actors and providers: auctions and manifests pick hosts by them. Trellis hosts
accept label changes at run time (a Trellis extension; wasmCloud 0.x hosts fix their labels at
start and do not answer).`,
		Example: `  trellis label put quiet-river-12 zone=eu-1
  trellis label del quiet-river-12 zone`,
	}
	cmd.AddCommand(newLabelPutCmd(c), newLabelDelCmd(c))
	return cmd
}

func newLabelPutCmd(c *cli) *cobra.Command {
	return latticeCmd(&cobra.Command{
		Use:   "put HOST KEY=VALUE",
		Short: "Set a label on a host",
		Example: `  trellis label put quiet-river-12 zone=eu-1
  trellis label put NABK gpu=yes -o json`,
		Args: exactArgs(2, "a host and KEY=VALUE"),
	}, func(ctx context.Context, s *session, args []string) error {
		key, value, ok := strings.Cut(args[1], "=")
		if !ok || key == "" {
			return fmt.Errorf("label %q: want KEY=VALUE", args[1])
		}
		host, err := s.resolveHost(ctx, args[0])
		if err != nil {
			return err
		}
		ack, err := s.PutLabel(ctx, host.key, ctl.LabelCommand{Key: key, Value: value})
		if err != nil {
			return fmt.Errorf("set label %s on host %s: %w", key, host.label(), err)
		}
		if s.json() {
			return writeJSON(c.out, newAckResult(host.key, ack, nil))
		}
		fmt.Fprintf(c.out, "Host %s: label %s=%s set\n", host.label(), key, value)
		return nil
	})
}

func newLabelDelCmd(c *cli) *cobra.Command {
	return latticeCmd(&cobra.Command{
		Use:     "del HOST KEY",
		Short:   "Remove a label from a host",
		Example: `  trellis label del quiet-river-12 zone`,
		Args:    exactArgs(2, "a host and a label key"),
	}, func(ctx context.Context, s *session, args []string) error {
		host, err := s.resolveHost(ctx, args[0])
		if err != nil {
			return err
		}
		ack, err := s.DeleteLabel(ctx, host.key, ctl.LabelCommand{Key: args[1]})
		if err != nil {
			return fmt.Errorf("remove label %s from host %s: %w", args[1], host.label(), err)
		}
		if s.json() {
			return writeJSON(c.out, newAckResult(host.key, ack, nil))
		}
		fmt.Fprintf(c.out, "Host %s: label %s removed\n", host.label(), args[1])
		return nil
	})
}
