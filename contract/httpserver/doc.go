// Package httpserver is the wasmCloud 0.x contract wasmcloud:httpserver
// (ACTORS.md §3.3.2): an HTTP server provider turns each incoming request
// into an HttpServer.HandleRequest call on the linked actor, and the actor's
// reply into the HTTP response.
//
//	operation                  input                 output
//	HttpServer.HandleRequest   Request (HttpRequest)  Response (HttpResponse)
//
// Both types encode with AppendMsg and decode a whole payload with
// UnmarshalMsg, following the msgpack rules of package codec: members in
// declaration order, blobs as bin, every member always written (an empty
// header is {}), and decoding by key with unknown keys ignored.
//
// Go actors use the package through the actor SDK to read requests and build
// responses (NewResponse, Header.Set); the httpserver provider and the host
// use it on the other side. It does not parse URLs or query strings, route
// requests or serve HTTP.
package httpserver
