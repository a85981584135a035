package main

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/trellis-lattice/trellis/ctl"
)

func newGetCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "get",
		Short: "Show hosts, inventories, links and claims of a lattice",
		Example: `  trellis get hosts
  trellis get inventory quiet-river-12
  trellis get links -o json`,
	}
	cmd.AddCommand(newGetHostsCmd(c), newGetInventoryCmd(c), newGetLinksCmd(c, "links"), newGetClaimsCmd(c))
	return cmd
}

// latticeCmd builds a lattice command: run gets an open session.
func latticeCmd(cmd *cobra.Command, run func(ctx context.Context, s *session, args []string) error) *cobra.Command {
	f := addLatticeFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		s, err := f.open()
		if err != nil {
			return err
		}
		defer s.close()
		return run(cmd.Context(), s, args)
	}
	return cmd
}

func newGetHostsCmd(c *cli) *cobra.Command {
	return latticeCmd(&cobra.Command{
		Use:   "hosts",
		Short: "List the hosts of the lattice",
		Long: `Ping every host of the lattice and list those that answer. With Trellis hosts the answer comes
as soon as every host has replied; hosts that keep no membership record (wasmCloud 0.x) are
waited for until --timeout.`,
		Example: `  trellis get hosts
  trellis get hosts --lattice prod -o json`,
		Args: exactArgs(0, "no arguments"),
	}, func(ctx context.Context, s *session, _ []string) error {
		hosts, err := s.Hosts(ctx)
		if err != nil {
			return err
		}
		slices.SortFunc(hosts, func(a, b ctl.Host) int { return strings.Compare(a.ID, b.ID) })
		if s.json() {
			return writeJSON(c.out, orEmpty(hosts))
		}
		g := newGrid(c.out, "HOST ID", "NAME", "UPTIME", "VERSION", "LABELS")
		for _, h := range hosts {
			g.row(h.ID, orDash(h.FriendlyName), orDash(h.UptimeHuman), orDash(h.Version), formatPairs(h.Labels))
		}
		return g.flush()
	})
}

func newGetInventoryCmd(c *cli) *cobra.Command {
	return latticeCmd(&cobra.Command{
		Use:   "inventory [HOST]",
		Short: "Show what hosts run",
		Long: `Show the actors and providers one host runs, or every host when HOST is omitted. HOST is a
host id, a unique prefix of one, or a friendly name.`,
		Example: `  trellis get inventory
  trellis get inventory NABK
  trellis get inventory quiet-river-12 -o json`,
		Args: cobra.MaximumNArgs(1),
	}, func(ctx context.Context, s *session, args []string) error {
		var invs []*ctl.HostInventory
		if len(args) == 0 {
			var err error
			if invs, err = s.inventories(ctx); err != nil {
				return err
			}
		} else {
			host, err := s.resolveHost(ctx, args[0])
			if err != nil {
				return err
			}
			inv, err := s.Inventory(ctx, host.key)
			if err != nil {
				return err
			}
			invs = append(invs, inv)
		}
		if s.json() {
			return writeJSON(c.out, orEmpty(invs))
		}
		return printInventories(c, invs)
	})
}

func printInventories(c *cli, invs []*ctl.HostInventory) error {
	for i, inv := range invs {
		if i > 0 {
			fmt.Fprintln(c.out)
		}
		fmt.Fprintf(c.out, "Host %s (%s)\nLabels: %s\n\n", inv.HostID, orDash(inv.FriendlyName), formatPairs(inv.Labels))
		if len(inv.Actors) == 0 {
			fmt.Fprintln(c.out, "No actors.")
		} else {
			g := newGrid(c.out, "ACTOR ID", "NAME", "INSTANCES", "IMAGE REF")
			for _, a := range sortedBy(inv.Actors, func(a ctl.ActorDescription) string { return a.ID }) {
				g.row(a.ID, orDash(a.Name), strconv.Itoa(len(a.Instances)), orDash(a.ImageRef))
			}
			if err := g.flush(); err != nil {
				return err
			}
		}
		fmt.Fprintln(c.out)
		if len(inv.Providers) == 0 {
			fmt.Fprintln(c.out, "No providers.")
			continue
		}
		g := newGrid(c.out, "PROVIDER ID", "NAME", "CONTRACT", "LINK NAME", "IMAGE REF")
		for _, p := range sortedBy(inv.Providers, func(p ctl.ProviderDescription) string { return p.ID + " " + p.LinkName }) {
			g.row(p.ID, orDash(p.Name), orDash(p.ContractID), p.LinkName, orDash(p.ImageRef))
		}
		if err := g.flush(); err != nil {
			return err
		}
	}
	return nil
}

func newGetLinksCmd(c *cli, use string) *cobra.Command {
	return latticeCmd(&cobra.Command{
		Use:   use,
		Short: "List the link definitions of the lattice",
		Long: `List the link definitions of the lattice: which provider serves each actor's contract under each
link name, with the link's configuration values.`,
		Example: `  trellis get links
  trellis link get -o json`,
		Args: exactArgs(0, "no arguments"),
	}, func(ctx context.Context, s *session, _ []string) error {
		links, err := s.Links(ctx)
		if err != nil {
			return err
		}
		links = sortedBy(links, func(l ctl.LinkDefinition) string { return l.ActorID + " " + l.ContractID + " " + l.LinkName })
		if s.json() {
			return writeJSON(c.out, orEmpty(links))
		}
		if len(links) == 0 {
			fmt.Fprintf(c.out, "No links in lattice %s.\n", s.lattice)
			return nil
		}
		g := newGrid(c.out, "ACTOR", "CONTRACT", "LINK NAME", "PROVIDER", "VALUES")
		for _, l := range links {
			g.row(l.ActorID, l.ContractID, l.LinkName, l.ProviderID, formatPairs(l.Values))
		}
		return g.flush()
	})
}

func newGetClaimsCmd(c *cli) *cobra.Command {
	return latticeCmd(&cobra.Command{
		Use:   "claims",
		Short: "List the claims of the actors and providers known to the lattice",
		Long: `List the claims hosts recorded for every actor and provider started in the lattice: name, call
alias, capabilities (actors) or contract (providers), revision and issuer.`,
		Example: `  trellis get claims
  trellis get claims -o json`,
		Args: exactArgs(0, "no arguments"),
	}, func(ctx context.Context, s *session, _ []string) error {
		claims, err := s.Claims(ctx)
		if err != nil {
			return err
		}
		claims = sortedBy(claims, func(c ctl.Claims) string { return c.Subject })
		if s.json() {
			return writeJSON(c.out, orEmpty(claims))
		}
		if len(claims) == 0 {
			fmt.Fprintf(c.out, "No claims in lattice %s.\n", s.lattice)
			return nil
		}
		g := newGrid(c.out, "PUBLIC KEY", "NAME", "CALL ALIAS", "CAPABILITIES / CONTRACT", "REV", "ISSUER")
		for _, cl := range claims {
			caps := cl.Caps
			if cl.ContractID != "" {
				caps = cl.ContractID
			}
			g.row(cl.Subject, orDash(cl.Name), orDash(cl.CallAlias), orDash(strings.ReplaceAll(caps, ",", ", ")), orDash(cl.Revision), cl.Issuer)
		}
		return g.flush()
	})
}

// sortedBy returns s sorted by key.
func sortedBy[T any](s []T, key func(T) string) []T {
	s = slices.Clone(s)
	slices.SortStableFunc(s, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
	return s
}

// orEmpty makes a nil slice print as [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
