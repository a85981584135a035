package ctl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// Commands to one host. Each sends its command to the host's subject and returns the host's
// ack; a refusal is a *RejectedError, a missing host a *NoResponderError. A command without a
// correlation id gets a fresh one, returned in the ack's CorrelationID so the caller can match
// the events the command causes (Trellis hosts echo it there).

// StartActor asks a host to start cmd.Count (at least 1) instances of an actor. The ack only
// means the command was understood: the outcome arrives as actors_started or
// actors_start_failed events.
func (c *Client) StartActor(ctx context.Context, hostID string, cmd StartActorCommand) (CtlOperationAck, error) {
	if cmd.ActorRef == "" {
		return CtlOperationAck{}, errors.New("start actor: actor reference is empty")
	}
	cmd.Count = max(cmd.Count, 1)
	cmd.HostID = hostID
	cmd.CorrelationID = orNew(cmd.CorrelationID)
	return c.command(ctx, c.topics.StartActor(hostID), cmd, cmd.CorrelationID)
}

// StopActor asks a host to stop cmd.Count instances (0: all) of the actor with public key
// cmd.ActorRef.
func (c *Client) StopActor(ctx context.Context, hostID string, cmd StopActorCommand) (CtlOperationAck, error) {
	if cmd.ActorRef == "" {
		return CtlOperationAck{}, errors.New("stop actor: actor public key is empty")
	}
	cmd.HostID = hostID
	cmd.CorrelationID = orNew(cmd.CorrelationID)
	return c.command(ctx, c.topics.StopActor(hostID), cmd, cmd.CorrelationID)
}

// ScaleActor asks a host to run exactly cmd.Count instances of an actor, starting them from
// cmd.ActorRef if needed. The outcome arrives as events.
func (c *Client) ScaleActor(ctx context.Context, hostID string, cmd ScaleActorCommand) (CtlOperationAck, error) {
	if cmd.ActorID == "" {
		return CtlOperationAck{}, errors.New("scale actor: actor public key is empty")
	}
	if cmd.Count < 0 {
		return CtlOperationAck{}, fmt.Errorf("scale actor %s: negative count %d", cmd.ActorID, cmd.Count)
	}
	cmd.HostID = hostID
	cmd.CorrelationID = orNew(cmd.CorrelationID)
	return c.command(ctx, c.topics.ScaleActor(hostID), cmd, cmd.CorrelationID)
}

// UpdateActor asks a host to live-update the instances of an actor to cmd.NewActorRef.
func (c *Client) UpdateActor(ctx context.Context, hostID string, cmd UpdateActorCommand) (CtlOperationAck, error) {
	if cmd.NewActorRef == "" {
		return CtlOperationAck{}, errors.New("update actor: new actor reference is empty")
	}
	cmd.HostID = hostID
	cmd.CorrelationID = orNew(cmd.CorrelationID)
	return c.command(ctx, c.topics.UpdateActor(hostID), cmd, cmd.CorrelationID)
}

// StartProvider asks a host to start a provider under cmd.LinkName (default "default"). The
// outcome arrives as provider_started or provider_start_failed events.
func (c *Client) StartProvider(ctx context.Context, hostID string, cmd StartProviderCommand) (CtlOperationAck, error) {
	if cmd.ProviderRef == "" {
		return CtlOperationAck{}, errors.New("start provider: provider reference is empty")
	}
	if cmd.LinkName == "" {
		cmd.LinkName = DefaultLinkName
	}
	cmd.HostID = hostID
	cmd.CorrelationID = orNew(cmd.CorrelationID)
	return c.command(ctx, c.topics.StartProvider(hostID), cmd, cmd.CorrelationID)
}

// StopProvider asks a host to stop the provider with public key cmd.ProviderRef under
// cmd.LinkName (default "default").
func (c *Client) StopProvider(ctx context.Context, hostID string, cmd StopProviderCommand) (CtlOperationAck, error) {
	if cmd.ProviderRef == "" {
		return CtlOperationAck{}, errors.New("stop provider: provider public key is empty")
	}
	if cmd.LinkName == "" {
		cmd.LinkName = DefaultLinkName
	}
	cmd.HostID = hostID
	cmd.CorrelationID = orNew(cmd.CorrelationID)
	return c.command(ctx, c.topics.StopProvider(hostID), cmd, cmd.CorrelationID)
}

// StopHost asks a host to stop everything it runs and exit.
func (c *Client) StopHost(ctx context.Context, hostID string, cmd StopHostCommand) (CtlOperationAck, error) {
	cmd.HostID = hostID
	cmd.CorrelationID = orNew(cmd.CorrelationID)
	return c.command(ctx, c.topics.StopHost(hostID), cmd, cmd.CorrelationID)
}

// PutLabel sets label cmd.Key to cmd.Value on a host (Trellis extension; wasmCloud 0.x hosts do
// not answer, which gives a NoResponderError).
func (c *Client) PutLabel(ctx context.Context, hostID string, cmd LabelCommand) (CtlOperationAck, error) {
	if cmd.Key == "" {
		return CtlOperationAck{}, errors.New("put label: key is empty")
	}
	cmd.CorrelationID = orNew(cmd.CorrelationID)
	return c.command(ctx, c.topics.PutLabel(hostID), cmd, cmd.CorrelationID)
}

// DeleteLabel removes label cmd.Key from a host (Trellis extension).
func (c *Client) DeleteLabel(ctx context.Context, hostID string, cmd LabelCommand) (CtlOperationAck, error) {
	if cmd.Key == "" {
		return CtlOperationAck{}, errors.New("delete label: key is empty")
	}
	cmd.Value = ""
	cmd.CorrelationID = orNew(cmd.CorrelationID)
	return c.command(ctx, c.topics.DeleteLabel(hostID), cmd, cmd.CorrelationID)
}

// Inventory returns what a host runs.
func (c *Client) Inventory(ctx context.Context, hostID string) (*HostInventory, error) {
	var inv HostInventory
	if err := c.request(ctx, c.topics.Inventory(hostID), struct{}{}, &inv); err != nil {
		return nil, err
	}
	return &inv, nil
}

// Claims returns the claims of every actor and provider known to the lattice, from the cache of
// whichever host answers.
func (c *Client) Claims(ctx context.Context) ([]Claims, error) {
	var list ClaimsList
	if err := c.request(ctx, c.topics.GetClaims(), struct{}{}, &list); err != nil {
		return nil, err
	}
	return list.Claims, nil
}

// Links returns the lattice's link definitions, from the cache of whichever host answers.
func (c *Client) Links(ctx context.Context) ([]LinkDefinition, error) {
	var list LinkList
	if err := c.request(ctx, c.topics.GetLinks(), struct{}{}, &list); err != nil {
		return nil, err
	}
	return list.Links, nil
}

// PutLink creates or replaces a link definition through one host, which stores it in the
// lattice's metadata bucket. LinkName defaults to "default".
func (c *Client) PutLink(ctx context.Context, cmd PutLinkCommand) (CtlOperationAck, error) {
	if cmd.ActorID == "" || cmd.ProviderID == "" || cmd.ContractID == "" {
		return CtlOperationAck{}, errors.New("put link: actor, provider and contract are required")
	}
	if cmd.LinkName == "" {
		cmd.LinkName = DefaultLinkName
	}
	cmd.CorrelationID = orNew(cmd.CorrelationID)
	return c.command(ctx, c.topics.PutLink(), cmd, cmd.CorrelationID)
}

// DeleteLink removes a link definition through one host. Removing a link that does not exist
// succeeds.
func (c *Client) DeleteLink(ctx context.Context, cmd DeleteLinkCommand) (CtlOperationAck, error) {
	if cmd.ActorID == "" || cmd.ContractID == "" {
		return CtlOperationAck{}, errors.New("delete link: actor and contract are required")
	}
	if cmd.LinkName == "" {
		cmd.LinkName = DefaultLinkName
	}
	cmd.CorrelationID = orNew(cmd.CorrelationID)
	return c.command(ctx, c.topics.DeleteLink(), cmd, cmd.CorrelationID)
}

// PutRegistries merges registry credentials into every host of the lattice. Hosts do not
// answer (PROTOCOL.md §5.3), so success means only that the NATS server received the message.
func (c *Client) PutRegistries(ctx context.Context, creds RegistryCredentialMap) error {
	data, err := json.Marshal(creds)
	if err != nil {
		return fmt.Errorf("put registries: %w", err)
	}
	subject := c.topics.PutRegistries()
	if err := c.nc.Publish(subject, data); err != nil {
		return fmt.Errorf("put registries: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	if err := c.nc.FlushWithContext(ctx); err != nil {
		return fmt.Errorf("put registries: %w", err)
	}
	return nil
}
