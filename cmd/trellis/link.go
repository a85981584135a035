package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/trellis-lattice/trellis/ctl"
)

func newLinkCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "link",
		Short: "Create, remove and list link definitions",
		Long: `A link definition wires an actor's use of a contract (wasmcloud:httpserver, …) under a link name
to a provider, with configuration values such as a port. Links are lattice-wide and may exist
before the actor or provider runs.`,
		Example: `  trellis link put echo httpserver wasmcloud:httpserver port=8080
  trellis link del echo wasmcloud:httpserver
  trellis link get`,
	}
	cmd.AddCommand(newLinkPutCmd(c), newLinkDelCmd(c), newGetLinksCmd(c, "get"))
	return cmd
}

func newLinkPutCmd(c *cli) *cobra.Command {
	var linkName string
	cmd := latticeCmd(&cobra.Command{
		Use:   "put ACTOR PROVIDER CONTRACT [KEY=VALUE...] [--link-name NAME]",
		Short: "Link an actor to a provider for a contract",
		Long: `Create or replace the link of ACTOR for CONTRACT under --link-name, pointing at PROVIDER, with the
given configuration values. ACTOR and PROVIDER are public keys, unique prefixes of them, or
claims names (actors also by call alias). PROVIDER may also be the name of a built-in provider
(httpserver, keyvalue-nats, …): built-in providers have the same key on every host, so the link
can be made before any host runs them.`,
		Example: `  trellis link put echo httpserver wasmcloud:httpserver PORT=8080
  trellis link put MD3W VB46 wasmcloud:keyvalue URL=redis://127.0.0.1:6379 --link-name cache`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 3 {
				return exactArgs(3, "an actor, a provider, a contract and optional KEY=VALUE pairs")(cmd, args)
			}
			return nil
		},
	}, func(ctx context.Context, s *session, args []string) error {
		values, err := parsePairs(args[3:], "value")
		if err != nil {
			return err
		}
		actor, err := s.resolveActor(ctx, args[0], nil)
		if err != nil {
			return err
		}
		provider, err := s.resolveProvider(ctx, args[1])
		if err != nil {
			return err
		}
		ld := ctl.LinkDefinition{ActorID: actor.key, ProviderID: provider.key, ContractID: args[2], LinkName: linkName, Values: values}
		ack, err := s.PutLink(ctx, ctl.PutLinkCommand{LinkDefinition: ld})
		if err != nil {
			return fmt.Errorf("link %s to %s: %w", actor.label(), provider.label(), err)
		}
		if s.json() {
			return writeJSON(c.out, newAckResult("", ack, nil))
		}
		fmt.Fprintf(c.out, "Linked %s to %s for %s (link name %s)\n", actor.label(), provider.label(), args[2], linkName)
		return nil
	})
	cmd.Flags().StringVar(&linkName, "link-name", ctl.DefaultLinkName, "link name")
	return cmd
}

func newLinkDelCmd(c *cli) *cobra.Command {
	var linkName string
	cmd := latticeCmd(&cobra.Command{
		Use:   "del ACTOR CONTRACT [--link-name NAME]",
		Short: "Remove the link of an actor for a contract",
		Example: `  trellis link del echo wasmcloud:httpserver
  trellis link del MD3W wasmcloud:keyvalue --link-name cache`,
		Args: exactArgs(2, "an actor and a contract"),
	}, func(ctx context.Context, s *session, args []string) error {
		actor, err := s.resolveActor(ctx, args[0], nil)
		if err != nil {
			return err
		}
		ack, err := s.DeleteLink(ctx, ctl.DeleteLinkCommand{ActorID: actor.key, ContractID: args[1], LinkName: linkName})
		if err != nil {
			return fmt.Errorf("remove link of %s for %s: %w", actor.label(), args[1], err)
		}
		if s.json() {
			return writeJSON(c.out, newAckResult("", ack, nil))
		}
		fmt.Fprintf(c.out, "Removed the link of %s for %s (link name %s)\n", actor.label(), args[1], linkName)
		return nil
	})
	cmd.Flags().StringVar(&linkName, "link-name", ctl.DefaultLinkName, "link name")
	return cmd
}
