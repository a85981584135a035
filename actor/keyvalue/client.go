package keyvalue

import (
	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/internal/rpc"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
)

// ContractID is the contract id the calls go to: wasmcloud:keyvalue.
const ContractID = keyvalue.ContractID

// Client calls the key-value provider linked to the actor under one link
// name. The zero value uses the link name "default", like the package-level
// functions.
type Client struct {
	link string
}

// Link returns a client for the provider linked under name, for example
// Link("cache") next to the default store. An empty name means "default".
func Link(name string) Client {
	return Client{link: name}
}

// defaultClient serves the package-level functions.
var defaultClient Client

// target returns the link name and contract the client's calls go to.
func (c Client) target() rpc.Target {
	if c.link == "" {
		return rpc.Target{Link: actor.DefaultLink, Contract: ContractID}
	}
	return rpc.Target{Link: c.link, Contract: ContractID}
}
