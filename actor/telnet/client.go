package telnet

import (
	"context"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/internal/rpc"
	"github.com/trellis-lattice/trellis/contract/telnet"
)

// ContractID is the contract id the calls go to: wasmcloud:telnet.
const ContractID = telnet.ContractID

// Client calls the telnet provider linked to the actor under one link name.
// The zero value uses the link name "default".
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

// SendText writes text to session. The provider writes line feeds as CR LF
// and adds no line ending of its own, so a prompt can stay on its line; end
// text with "\n" to end the line.
func (c Client) SendText(ctx context.Context, session, text string) error {
	msg := telnet.TextMessage{Session: session, Text: text}
	return rpc.CallUnit(ctx, c.target(), telnet.OpSendText, msg.AppendMsg(nil))
}

// defaultClient serves the package-level functions.
var defaultClient Client

// SendText writes text to session through the "default" link. See
// [Client.SendText].
func SendText(ctx context.Context, session, text string) error {
	return defaultClient.SendText(ctx, session, text)
}
