package httpclient

import (
	"context"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/internal/rpc"
	"github.com/trellis-lattice/trellis/contract/httpclient"
)

// ContractID is the contract id the calls go to: wasmcloud:httpclient.
const ContractID = httpclient.ContractID

// HTTPRequest is an outgoing request: method, absolute URL, headers, body.
type HTTPRequest = httpclient.Request

// HTTPResponse is the response the provider got.
type HTTPResponse = httpclient.Response

// Header maps header names to their values.
type Header = httpclient.Header

// Client calls the HTTP client provider linked to the actor under one link
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

// Request sends req and returns the response, whatever its status.
func (c Client) Request(ctx context.Context, req *HTTPRequest) (*HTTPResponse, error) {
	return rpc.Call(ctx, c.target(), httpclient.OpRequest, req.AppendMsg(nil), rpc.Decoder[HTTPResponse]())
}

// Get sends a GET for url with no headers and no body.
func (c Client) Get(ctx context.Context, url string) (*HTTPResponse, error) {
	return c.Request(ctx, &HTTPRequest{Method: "GET", URL: url})
}

// defaultClient serves the package-level functions.
var defaultClient Client

// Request sends req through the "default" link and returns the response,
// whatever its status.
func Request(ctx context.Context, req *HTTPRequest) (*HTTPResponse, error) {
	return defaultClient.Request(ctx, req)
}

// Get sends a GET for url through the "default" link.
func Get(ctx context.Context, url string) (*HTTPResponse, error) {
	return defaultClient.Get(ctx, url)
}
