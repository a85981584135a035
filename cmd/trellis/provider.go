package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/spf13/cobra"

	"github.com/trellis-lattice/trellis/ctl"
)

func newStartProviderCmd(c *cli) *cobra.Command {
	var host, linkName, config string
	var constraints []string
	cmd := latticeCmd(&cobra.Command{
		Use:   "provider REF [--link-name L] [--config JSON] [--host HOST | --constraint KEY=VALUE...]",
		Short: "Start a capability provider",
		Long: `Start the capability provider REF under a link name (default "default") on one host. REF is
either the name of a built-in provider, which the host runs in-process (httpserver, keyvalue-redis,
keyvalue-nats, messaging-nats, sqldb-postgres, sqldb-mysql, blobstore-fs, httpclient, telnet), or
file://PATH to a signed provider archive (.par, .par.gz; see 'trellis par create'), which the
host verifies and runs as a child process, restarting it with back-off if it dies. A bare
executable also works when the reference names its contract: file://PATH?contract=wasmcloud:keyvalue.
--config is passed to the provider as its configuration (HostData config_json).

Without --host, the hosts whose labels match every --constraint and that do not already run REF
under that link name bid in an auction and one of them is picked at random.`,
		Example: `  trellis start provider httpserver
  trellis start provider keyvalue-redis --link-name cache --host quiet-river-12
  trellis start provider keyvalue-nats --constraint zone=a
  trellis start provider file:///opt/providers/acme_kv.par.gz --config '{"pool": 4}'`,
		Args: exactArgs(1, "one provider reference"),
	}, func(ctx context.Context, s *session, args []string) error {
		ref := args[0]
		if host != "" && len(constraints) > 0 {
			return errors.New("--host and --constraint exclude each other")
		}
		want, err := parsePairs(constraints, "--constraint")
		if err != nil {
			return err
		}
		var target entity
		if host != "" {
			if target, err = s.resolveHost(ctx, host); err != nil {
				return err
			}
		} else {
			bids, err := s.ProviderAuction(ctx, ctl.ProviderAuctionRequest{ProviderRef: ref, LinkName: linkName, Constraints: want})
			if err != nil {
				return err
			}
			if len(bids) == 0 {
				return fmt.Errorf("no host in lattice %s offered to run %s (link %s): none has matching labels, knows the provider, or is free of it", s.lattice, ref, linkName)
			}
			target = entity{key: bids[rand.N(len(bids))].HostID}
		}
		ack, err := s.StartProvider(ctx, target.key, ctl.StartProviderCommand{ProviderRef: ref, LinkName: linkName, Configuration: config})
		if err != nil {
			return fmt.Errorf("start provider %s on host %s: %w", ref, target.label(), err)
		}
		if s.json() {
			return writeJSON(c.out, newAckResult(target.key, ack, nil))
		}
		fmt.Fprintf(c.out, "Host %s is starting provider %s (link %s)\n", target.label(), ref, linkName)
		return nil
	})
	cmd.Flags().StringVar(&host, "host", "", "host to start on: id, id prefix or friendly name (default: chosen by auction)")
	cmd.Flags().StringVar(&linkName, "link-name", ctl.DefaultLinkName, "link name the provider serves")
	cmd.Flags().StringVar(&config, "config", "", "configuration string handed to the provider (usually JSON)")
	cmd.Flags().StringArrayVar(&constraints, "constraint", nil, "only hosts with this label, KEY=VALUE (repeatable)")
	return cmd
}

func newStopProviderCmd(c *cli) *cobra.Command {
	var host, linkName string
	cmd := latticeCmd(&cobra.Command{
		Use:   "provider PROVIDER --host HOST [--link-name L]",
		Short: "Stop a capability provider on a host",
		Long:  `Stop the provider PROVIDER (its public key, V…, or a built-in name) serving --link-name on --host.`,
		Example: `  trellis stop provider httpserver --host quiet-river-12
  trellis stop provider VAHNM37G4ARHZ3CYHB3L34M6TYQWQR6IZ4QVYC4NYZWTJCJ2LWP7S6Z2 --link-name cache --host NB3T…`,
		Args: exactArgs(1, "one provider key or name"),
	}, func(ctx context.Context, s *session, args []string) error {
		if host == "" {
			return errors.New("--host is required (see 'trellis get inventory')")
		}
		target, err := s.resolveHost(ctx, host)
		if err != nil {
			return err
		}
		ack, err := s.StopProvider(ctx, target.key, ctl.StopProviderCommand{ProviderRef: args[0], LinkName: linkName})
		if err != nil {
			return fmt.Errorf("stop provider %s on host %s: %w", args[0], target.label(), err)
		}
		if s.json() {
			return writeJSON(c.out, newAckResult(target.key, ack, nil))
		}
		fmt.Fprintf(c.out, "Stopped provider %s (link %s) on host %s\n", args[0], linkName, target.label())
		return nil
	})
	cmd.Flags().StringVar(&host, "host", "", "host running the provider: id, id prefix or friendly name")
	cmd.Flags().StringVar(&linkName, "link-name", ctl.DefaultLinkName, "link name the provider serves")
	return cmd
}
