// Command channel-http is the HTTP channel of the chat example: a small JSON API to read rooms
// and their messages and to post messages, which reach every room member on every channel.
//
// Routes (every reply is application/json; errors are {"error":"…"}):
//
//	GET  /health                         200 {"ok":true}
//	GET  /rooms                          200 [{"name":…,"members":N}, …]        (Rooms.List)
//	GET  /rooms/{room}/messages?limit=N  200 [message, …] oldest first; 404 for an unknown room
//	                                     (Messages.History; limit 1–200, default all kept)
//	POST /rooms/{room}/messages          {"nick":…,"text":…} → 201 the stored message (Messages.Post)
//
// A bad room, nick, text, limit or JSON body is 400, a known path with another method 405 with
// an Allow header, any other path 404. When a backend actor cannot be reached the reply is 503;
// when it fails on a read, 500; when it refuses a post, 400 with its message (chatapi errors
// are written for users).
//
// The actor keeps no state: it only translates HTTP to the calls of package chatapi.
//
// Capability claims: wasmcloud:httpserver. Call alias: chat/channel-http.
package main

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/trellis-lattice/trellis/actor/httpserver"
)

func init() {
	httpserver.Handle(handle)
}

func main() {}

// A handler answers a request whose path matched a route; room is the path's room, if any.
type handler func(ctx context.Context, req *httpserver.Request, room string) *httpserver.Response

// A route matches a path and answers each of its methods.
type route struct {
	// match reports whether segs (the path split at "/") is this route's, and its room.
	match   func(segs []string) (room string, ok bool)
	methods map[string]handler
}

// routes are the API's paths.
var routes = []route{
	{match: exact("health"), methods: map[string]handler{"GET": health}},
	{match: exact("rooms"), methods: map[string]handler{"GET": listRooms}},
	{match: roomMessages, methods: map[string]handler{"GET": history, "POST": post}},
}

// handle routes a request.
func handle(ctx context.Context, req *httpserver.Request) (*httpserver.Response, error) {
	segs := strings.Split(strings.Trim(req.Path, "/"), "/")
	for _, r := range routes {
		room, ok := r.match(segs)
		if !ok {
			continue
		}
		h, ok := r.methods[req.Method]
		if !ok {
			resp := errorReply(405, "method "+req.Method+" is not allowed on "+req.Path)
			resp.Header.Set("Allow", allowed(r.methods))
			return resp, nil
		}
		return h(ctx, req, room), nil
	}
	return errorReply(404, "no such path "+req.Path+": try GET /rooms"), nil
}

// exact matches the one-segment path /name.
func exact(name string) func([]string) (string, bool) {
	return func(segs []string) (string, bool) { return "", len(segs) == 1 && segs[0] == name }
}

// roomMessages matches /rooms/{room}/messages.
func roomMessages(segs []string) (string, bool) {
	if len(segs) != 3 || segs[0] != "rooms" || segs[2] != "messages" {
		return "", false
	}
	return segs[1], true
}

// allowed is the Allow header for methods.
func allowed(methods map[string]handler) string {
	names := make([]string, 0, len(methods))
	for m := range methods {
		names = append(names, m)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// health answers that the actor runs.
func health(context.Context, *httpserver.Request, string) *httpserver.Response {
	return jsonReply(200, map[string]bool{"ok": true})
}

// jsonReply answers with status and v as JSON.
func jsonReply(status uint16, v any) *httpserver.Response {
	body, err := json.Marshal(v)
	if err != nil {
		status, body = 500, []byte(`{"error":"encode reply: `+strings.ReplaceAll(err.Error(), `"`, `'`)+`"}`)
	}
	resp := httpserver.NewResponse(status, body)
	resp.Header.Set("Content-Type", "application/json")
	return resp
}

// errorReply answers with status and {"error": msg}.
func errorReply(status uint16, msg string) *httpserver.Response {
	return jsonReply(status, struct {
		Error string `json:"error"`
	}{msg})
}
