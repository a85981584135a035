package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/trellis-lattice/trellis/ctl"
)

func newStartCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "start",
		Short:   "Start actors on lattice hosts",
		Example: `  trellis start actor ghcr.io/acme/echo:0.1.0 --count 2`,
	}
	cmd.AddCommand(newStartActorCmd(c), newStartProviderCmd(c))
	return cmd
}

func newScaleCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "scale",
		Short:   "Change how many instances of an actor run on a host",
		Example: `  trellis scale actor echo ghcr.io/acme/echo:0.1.0 5`,
	}
	cmd.AddCommand(newScaleActorCmd(c))
	return cmd
}

func newStopCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "stop",
		Short: "Stop actors or hosts",
		Example: `  trellis stop actor echo
  trellis stop host quiet-river-12`,
	}
	cmd.AddCommand(newStopActorCmd(c), newStopProviderCmd(c), newStopHostCmd(c))
	return cmd
}

func newUpdateCmd(c *cli) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "update",
		Short:   "Live-update running actors to a new module",
		Example: `  trellis update actor echo ghcr.io/acme/echo:0.2.0`,
	}
	cmd.AddCommand(newUpdateActorCmd(c))
	return cmd
}

// startResult is what start actor prints as JSON.
type startResult struct {
	ackResult
	ActorRef string `json:"actor_ref"`
	Count    int    `json:"count"`
	// PublicKey is set with --wait, once the host reported the start.
	PublicKey string `json:"public_key,omitempty"`
}

func newStartActorCmd(c *cli) *cobra.Command {
	var count int
	var host string
	var constraints []string
	var wait bool
	var waitTimeout time.Duration
	cmd := latticeCmd(&cobra.Command{
		Use:   "actor REF [--count N] [--host HOST | --constraint KEY=VALUE...]",
		Short: "Start instances of an actor",
		Long: `Start instances of the actor module REF (an OCI reference or a file:// URL) on one host. Without
--host, every host whose labels match all --constraint pairs is asked (an auction) and one of
them is picked at random. The host starts the instances after it accepted the command; with
--wait the command waits until the host reports that they started or failed to.`,
		Example: `  trellis start actor ghcr.io/acme/echo:0.1.0
  trellis start actor file:///work/echo_s.wasm --count 3 --host quiet-river-12
  trellis start actor ghcr.io/acme/echo:0.1.0 --constraint zone=eu-1 --wait`,
		Args: exactArgs(1, "one actor reference"),
	}, func(ctx context.Context, s *session, args []string) error {
		ref := args[0]
		if count < 1 {
			return fmt.Errorf("--count %d: want at least 1", count)
		}
		if host != "" && len(constraints) > 0 {
			return errors.New("--host and --constraint exclude each other")
		}
		want, err := parsePairs(constraints, "--constraint")
		if err != nil {
			return err
		}
		target, err := s.pickHost(ctx, host, ref, want)
		if err != nil {
			return err
		}
		var events <-chan ctl.Event
		if wait {
			wctx, cancel := context.WithTimeout(ctx, waitTimeout)
			defer cancel()
			if events, err = s.Events(wctx); err != nil {
				return err
			}
		}
		ack, err := s.StartActor(ctx, target.key, ctl.StartActorCommand{ActorRef: ref, Count: count})
		if err != nil {
			return fmt.Errorf("start actor %s on host %s: %w", ref, target.label(), err)
		}
		res := startResult{ackResult: newAckResult(target.key, ack, nil), ActorRef: ref, Count: count}
		if wait {
			if res.PublicKey, err = awaitStart(events, ack.CorrelationID, waitTimeout); err != nil {
				return fmt.Errorf("start actor %s on host %s: %w", ref, target.label(), err)
			}
		}
		if s.json() {
			return writeJSON(c.out, res)
		}
		if wait {
			fmt.Fprintf(c.out, "Started %d instance(s) of %s (%s) on host %s\n", count, ref, res.PublicKey, target.label())
		} else {
			fmt.Fprintf(c.out, "Host %s is starting %d instance(s) of %s\n", target.label(), count, ref)
		}
		return nil
	})
	cmd.Flags().IntVar(&count, "count", 1, "how many instances to start")
	cmd.Flags().StringVar(&host, "host", "", "host to start on: id, id prefix or friendly name (default: chosen by auction)")
	cmd.Flags().StringArrayVar(&constraints, "constraint", nil, "only hosts with this label, KEY=VALUE (repeatable)")
	cmd.Flags().BoolVar(&wait, "wait", false, "wait until the host reports the outcome")
	cmd.Flags().DurationVar(&waitTimeout, "wait-timeout", time.Minute, "with --wait, how long to wait")
	return cmd
}

// pickHost returns the host named by hostArg, or a random winner of an actor auction for ref.
func (s *session) pickHost(ctx context.Context, hostArg, ref string, constraints map[string]string) (entity, error) {
	if hostArg != "" {
		return s.resolveHost(ctx, hostArg)
	}
	bids, err := s.ActorAuction(ctx, ctl.ActorAuctionRequest{ActorRef: ref, Constraints: constraints})
	if err != nil {
		return entity{}, err
	}
	if len(bids) == 0 {
		if len(constraints) == 0 {
			return entity{}, fmt.Errorf("no host in lattice %s offered to run %s within %v", s.lattice, ref, s.flags.timeout)
		}
		return entity{}, fmt.Errorf("no host in lattice %s has the labels %s (see 'trellis get hosts')", s.lattice, formatPairs(constraints))
	}
	return entity{key: bids[rand.N(len(bids))].HostID}, nil
}

// awaitStart waits for the event that reports the outcome of the start command with
// correlation id id and returns the started actor's public key.
func awaitStart(events <-chan ctl.Event, id string, timeout time.Duration) (string, error) {
	for e := range events {
		if e.CorrelationID() != id {
			continue
		}
		switch e.Type {
		case ctl.EventActorsStarted:
			var d ctl.ActorsStarted
			if err := e.DecodeData(&d); err != nil {
				return "", err
			}
			return d.PublicKey, nil
		case ctl.EventActorsStartFailed:
			var d ctl.ActorsStartFailed
			if err := e.DecodeData(&d); err != nil {
				return "", err
			}
			return "", fmt.Errorf("host reported: %s", d.Error)
		case ctl.EventActorStartFailed:
			var d ctl.ActorStartFailed
			if err := e.DecodeData(&d); err != nil {
				return "", err
			}
			return "", fmt.Errorf("host reported: %s", d.Error)
		}
	}
	return "", fmt.Errorf("no outcome reported within %v (the host accepted the command; see 'trellis get inventory')", timeout)
}

// actorHosts resolves actorArg and returns the hosts whose inventory lists the actor, or the
// host hostArg names.
func (s *session) actorHosts(ctx context.Context, actorArg, hostArg string) (entity, []entity, error) {
	invs, err := s.inventories(ctx)
	if err != nil {
		return entity{}, nil, err
	}
	actor, err := s.resolveActor(ctx, actorArg, invs)
	if err != nil {
		return entity{}, nil, err
	}
	if hostArg != "" {
		host, err := s.resolveHost(ctx, hostArg)
		return actor, []entity{host}, err
	}
	var hosts []entity
	for _, inv := range invs {
		for _, a := range inv.Actors {
			if a.ID == actor.key {
				hosts = append(hosts, entity{key: inv.HostID, name: inv.FriendlyName})
			}
		}
	}
	return actor, hosts, nil
}

func newScaleActorCmd(c *cli) *cobra.Command {
	var host string
	cmd := latticeCmd(&cobra.Command{
		Use:   "actor ACTOR REF COUNT [--host HOST]",
		Short: "Run exactly COUNT instances of an actor on a host",
		Long: `Start or stop instances of ACTOR on one host until COUNT run; REF is where to load the module from
if none runs there yet. ACTOR is a public key, a unique prefix of one, a claims name or a call
alias. Without --host the host that runs the actor is used; if several run it, choose one with
--host; if none does, one is picked by auction.`,
		Example: `  trellis scale actor echo ghcr.io/acme/echo:0.1.0 5
  trellis scale actor MD3W ghcr.io/acme/echo:0.1.0 0 --host quiet-river-12`,
		Args: exactArgs(3, "an actor, a reference and a count"),
	}, func(ctx context.Context, s *session, args []string) error {
		count, err := strconv.Atoi(args[2])
		if err != nil || count < 0 {
			return fmt.Errorf("count %q: want a whole number, 0 or more", args[2])
		}
		actor, hosts, err := s.actorHosts(ctx, args[0], host)
		if err != nil {
			return err
		}
		var target entity
		switch len(hosts) {
		case 0:
			if target, err = s.pickHost(ctx, "", args[1], nil); err != nil {
				return err
			}
		case 1:
			target = hosts[0]
		default:
			return fmt.Errorf("actor %s runs on %d hosts (%s); choose one with --host", actor.label(), len(hosts), labels(hosts))
		}
		ack, err := s.ScaleActor(ctx, target.key, ctl.ScaleActorCommand{ActorID: actor.key, ActorRef: args[1], Count: count})
		if err != nil {
			return fmt.Errorf("scale actor %s on host %s: %w", actor.label(), target.label(), err)
		}
		if s.json() {
			return writeJSON(c.out, newAckResult(target.key, ack, nil))
		}
		fmt.Fprintf(c.out, "Host %s is scaling %s to %d instance(s)\n", target.label(), actor.label(), count)
		return nil
	})
	cmd.Flags().StringVar(&host, "host", "", "host to scale on: id, id prefix or friendly name")
	return cmd
}

func labels(es []entity) string {
	var s []string
	for _, e := range es {
		s = append(s, e.label())
	}
	return strings.Join(s, ", ")
}

func newStopActorCmd(c *cli) *cobra.Command {
	var host string
	var count int
	cmd := latticeCmd(&cobra.Command{
		Use:   "actor ACTOR [--count N] [--host HOST]",
		Short: "Stop instances of an actor",
		Long: `Stop instances of ACTOR (a public key, a unique prefix of one, a claims name or a call alias) on
every host that runs it, or only on --host.`,
		Example: `  trellis stop actor echo
  trellis stop actor MD3W --count 1 --host quiet-river-12`,
		Args: exactArgs(1, "one actor"),
	}, func(ctx context.Context, s *session, args []string) error {
		if count < 0 {
			return fmt.Errorf("--count %d: want 0 (all) or more", count)
		}
		actor, hosts, err := s.actorHosts(ctx, args[0], host)
		if err != nil {
			return err
		}
		if len(hosts) == 0 {
			return fmt.Errorf("actor %s does not run on any host of lattice %s", actor.label(), s.lattice)
		}
		what := "all instances"
		if count > 0 {
			what = strconv.Itoa(count) + " instance(s)"
		}
		return s.eachHost(c, hosts, "stop actor "+actor.label(), func(h entity) (ctl.CtlOperationAck, error) {
			return s.StopActor(ctx, h.key, ctl.StopActorCommand{ActorRef: actor.key, Count: count})
		}, func(h entity) string {
			return fmt.Sprintf("Host %s stopped %s of %s", h.label(), what, actor.label())
		})
	})
	cmd.Flags().IntVar(&count, "count", 0, "how many instances to stop on each host (default: all)")
	cmd.Flags().StringVar(&host, "host", "", "only on this host: id, id prefix or friendly name")
	return cmd
}

func newUpdateActorCmd(c *cli) *cobra.Command {
	var host string
	cmd := latticeCmd(&cobra.Command{
		Use:   "actor ACTOR NEWREF [--host HOST]",
		Short: "Live-update an actor to a new module",
		Long: `Replace the module of every running instance of ACTOR with NEWREF, on every host that runs it or
only on --host. The new module must have the same public key and a greater revision.`,
		Example: `  trellis update actor echo ghcr.io/acme/echo:0.2.0
  trellis update actor MD3W file:///work/echo_s.wasm --host quiet-river-12`,
		Args: exactArgs(2, "an actor and a new reference"),
	}, func(ctx context.Context, s *session, args []string) error {
		actor, hosts, err := s.actorHosts(ctx, args[0], host)
		if err != nil {
			return err
		}
		if len(hosts) == 0 {
			return fmt.Errorf("actor %s does not run on any host of lattice %s", actor.label(), s.lattice)
		}
		return s.eachHost(c, hosts, "update actor "+actor.label(), func(h entity) (ctl.CtlOperationAck, error) {
			return s.UpdateActor(ctx, h.key, ctl.UpdateActorCommand{ActorID: actor.key, NewActorRef: args[1]})
		}, func(h entity) string {
			return fmt.Sprintf("Host %s updated %s to %s", h.label(), actor.label(), args[1])
		})
	})
	cmd.Flags().StringVar(&host, "host", "", "only on this host: id, id prefix or friendly name")
	return cmd
}

// eachHost sends a command to every host, prints one line (or JSON result) per host and fails
// if any host failed; the failures go to stderr.
func (s *session) eachHost(c *cli, hosts []entity, what string, send func(entity) (ctl.CtlOperationAck, error), done func(entity) string) error {
	var results []ackResult
	failed := 0
	for _, h := range hosts {
		ack, err := send(h)
		results = append(results, newAckResult(h.key, ack, err))
		switch {
		case err != nil:
			failed++
			fmt.Fprintf(c.errOut, "error: %s on host %s: %v\n", what, h.label(), err)
		case !s.json():
			fmt.Fprintln(c.out, done(h))
		}
	}
	if s.json() {
		if err := writeJSON(c.out, results); err != nil {
			return err
		}
	}
	if failed > 0 {
		return errReported
	}
	return nil
}
