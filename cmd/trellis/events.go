package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/trellis-lattice/trellis/ctl"
)

func newEventsCmd(c *cli) *cobra.Command {
	var rpc bool
	cmd := latticeCmd(&cobra.Command{
		Use:   "events [--rpc]",
		Short: "Follow the lattice's events",
		Long: `Print the lattice's events (CloudEvents) as they happen, until interrupted (Ctrl-C): one line per
event with its time, type, source and data, or with -o json one JSON object per line (JSON
Lines). --rpc adds the invocation events.`,
		Example: `  trellis events
  trellis events --rpc -o json | jq .type`,
		Args: exactArgs(0, "no arguments"),
	}, func(ctx context.Context, s *session, _ []string) error {
		streams := []func(context.Context) (<-chan ctl.Event, error){s.Events}
		if rpc {
			streams = append(streams, s.RPCEvents)
		}
		merged := make(chan ctl.Event)
		for _, open := range streams {
			events, err := open(ctx)
			if err != nil {
				return err
			}
			go func() {
				for e := range events {
					select {
					case merged <- e:
					case <-ctx.Done():
					}
				}
			}()
		}
		for {
			select {
			case <-ctx.Done():
				return nil
			case e := <-merged:
				if err := printEvent(c, s.json(), e); err != nil {
					return err
				}
			}
		}
	})
	cmd.Flags().BoolVar(&rpc, "rpc", false, "also show invocation events")
	return cmd
}

func printEvent(c *cli, asJSON bool, e ctl.Event) error {
	if asJSON {
		line, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("print event %s: %w", e.ID, err)
		}
		_, err = fmt.Fprintf(c.out, "%s\n", line)
		return err
	}
	var data bytes.Buffer
	if json.Compact(&data, e.Data) != nil {
		data.Reset()
		data.Write(e.Data)
	}
	_, err := fmt.Fprintf(c.out, "%s  %s  %s  %s\n", e.Time, e.Name(), e.Source, data.String())
	return err
}
