package messaging

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/internal/rpc"
	"github.com/trellis-lattice/trellis/contract/messaging"
)

// ContractID is the contract id the calls go to: wasmcloud:messaging.
const ContractID = messaging.ContractID

// ReplyMessage is the answer to a [Request].
type ReplyMessage = messaging.ReplyMessage

// Client calls the messaging provider linked to the actor under one link
// name. The zero value uses the link name "default".
type Client struct {
	link string
}

// Link returns a client for the provider linked under name. An empty name
// means "default".
func Link(name string) Client {
	return Client{link: name}
}

// target returns the link name and contract the client's calls go to.
func (c Client) target() rpc.Target {
	if c.link == "" {
		return rpc.Target{Link: actor.DefaultLink, Contract: ContractID}
	}
	return rpc.Target{Link: c.link, Contract: ContractID}
}

// Publish sends body on subject. A non-empty replyTo tells receivers where to
// send a reply; an empty one is left out of the message.
func (c Client) Publish(ctx context.Context, subject, replyTo string, body []byte) error {
	msg := messaging.PubMessage{Subject: subject, Body: body}
	if replyTo != "" {
		msg.ReplyTo = &replyTo
	}
	return rpc.CallUnit(ctx, c.target(), messaging.OpPublish, msg.AppendMsg(nil))
}

// Request sends body on subject and waits up to timeout (sent in whole
// milliseconds, rounded up) for one reply.
func (c Client) Request(ctx context.Context, subject string, body []byte, timeout time.Duration) (*ReplyMessage, error) {
	ms, err := millis(timeout)
	if err != nil {
		return nil, err
	}
	req := messaging.RequestMessage{Subject: subject, Body: body, TimeoutMs: ms}
	return rpc.Call(ctx, c.target(), messaging.OpRequest, req.AppendMsg(nil), rpc.Decoder[ReplyMessage]())
}

// millis converts a timeout to the whole milliseconds of timeoutMs.
func millis(d time.Duration) (uint32, error) {
	switch {
	case d < 0:
		return 0, errors.New("messaging request: negative timeout " + d.String())
	case d > time.Duration(math.MaxUint32)*time.Millisecond:
		return 0, errors.New("messaging request: timeout " + d.String() + " exceeds 2^32-1 milliseconds")
	}
	return uint32((d + time.Millisecond - 1) / time.Millisecond), nil
}

// defaultClient serves the package-level functions.
var defaultClient Client

// Publish sends body on subject through the "default" link. See
// [Client.Publish].
func Publish(ctx context.Context, subject, replyTo string, body []byte) error {
	return defaultClient.Publish(ctx, subject, replyTo, body)
}

// Request sends body on subject through the "default" link and waits up to
// timeout for the reply. See [Client.Request].
func Request(ctx context.Context, subject string, body []byte, timeout time.Duration) (*ReplyMessage, error) {
	return defaultClient.Request(ctx, subject, body, timeout)
}
