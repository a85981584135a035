package provider

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/nats-io/nats.go"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/lattice"
)

// Conn is a running provider's handle on the lattice, passed to Initializer.Init: it calls
// actors and reports the provider's active links. It is safe for concurrent use and valid until
// Run returns.
type Conn struct {
	nc       *nats.Conn
	hd       *HostData
	contract string
	signer   *lattice.Signer
	client   *lattice.Client
	links    *linkSet
	log      *slog.Logger
	local    LocalActors // nil unless the host runs the provider in-process
}

// NATS returns the provider's NATS connection.
func (c *Conn) NATS() *nats.Conn { return c.nc }

// HostData returns the HostData the provider runs with; do not modify it.
func (c *Conn) HostData() *HostData { return c.hd }

// Logger returns the provider's logger.
func (c *Conn) Logger() *slog.Logger { return c.log }

// Link returns the active link of actorID.
func (c *Conn) Link(actorID string) (ctl.LinkDefinition, bool) { return c.links.forActor(actorID) }

// Links returns every active link, ordered by id. Values maps are shared: do not modify them.
func (c *Conn) Links() []ctl.LinkDefinition { return c.links.all() }

// CallActor invokes operation op of actorID with payload and returns the result payload. The
// invocation comes from this provider under link's contract and link name (the provider's when
// empty) and is signed with HostData.InvocationSeed. Without a deadline in ctx the call is
// bounded by HostData.DefaultRPCTimeoutMS. A failure the actor reports is a *lattice.RemoteError.
func (c *Conn) CallActor(ctx context.Context, actorID string, link ctl.LinkDefinition, op string, payload []byte) ([]byte, error) {
	contract, name := link.ContractID, link.LinkName
	if contract == "" {
		contract = c.contract
	}
	if name == "" {
		name = c.hd.LinkName
	}
	origin := lattice.ProviderEntity(c.hd.ProviderKey, contract, name)
	if c.local != nil {
		if out, handled, err := c.local.CallLocal(ctx, origin, actorID, op, payload); handled {
			return out, err
		}
	}
	inv, err := c.signer.NewInvocation(origin, lattice.ActorEntity(actorID), op, payload)
	if err != nil {
		return nil, fmt.Errorf("call %s on actor %s: %w", op, actorID, err)
	}
	_, out, err := c.client.Invoke(ctx, inv, lattice.ActorSubject(c.hd.LatticeRPCPrefix, actorID))
	return out, err
}
