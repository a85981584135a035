package httpserver

import (
	"context"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/internal/wrap"
	"github.com/trellis-lattice/trellis/contract/httpserver"
)

// Request is the HTTP request the provider sends (HttpRequest).
type Request = httpserver.Request

// Response is the HTTP response the actor returns (HttpResponse).
type Response = httpserver.Response

// Header maps lowercase header names to their values (HeaderMap).
type Header = httpserver.Header

// Operation is the operation the provider invokes for each request.
const Operation = httpserver.OpHandleRequest

// HandlerFunc answers one HTTP request.
type HandlerFunc func(ctx context.Context, req *Request) (*Response, error)

// Handle registers h as the actor's HttpServer.HandleRequest handler. Like
// actor.Handle, call it once, from init.
//
// A nil response means 200 with no header and an empty body, and a response
// whose StatusCode is 0 is sent as 200, as net/http does when no status is
// written. An error from h fails the invocation; the provider then answers
// the HTTP client with an error status, so return a *Response with a 4xx or
// 5xx status instead when the client should see a specific one.
func Handle(h HandlerFunc) {
	actor.Handle(Operation, func(ctx context.Context, payload []byte) ([]byte, error) {
		var req Request
		if err := req.UnmarshalMsg(payload); err != nil {
			return nil, wrap.Err(Operation, err)
		}
		resp, err := h(ctx, &req)
		if err != nil {
			return nil, err
		}
		return encodeResponse(resp), nil
	})
}

// NewResponse returns a response with the given status and body and an empty
// header, ready for Header.Set.
func NewResponse(status uint16, body []byte) *Response {
	return httpserver.NewResponse(status, body)
}

// encodeResponse encodes resp, applying the defaults documented on Handle.
func encodeResponse(resp *Response) []byte {
	var r Response
	if resp != nil {
		r = *resp
	}
	if r.StatusCode == 0 {
		r.StatusCode = 200
	}
	return r.AppendMsg(nil)
}
