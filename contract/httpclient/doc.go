// Package httpclient is the wasmCloud 0.x contract wasmcloud:httpclient
// (ACTORS.md §3.3.6): an actor asks an HTTP client provider to make an
// outgoing HTTP request and gets the response back.
//
//	operation            input     output
//	HttpClient.Request   Request   Response
//
// Note the spelling on the wire: the request's header map is "headers", the
// response's is "header". All members are required and always written.
// Both types encode with AppendMsg and decode a whole payload with
// UnmarshalMsg, following the msgpack rules of package codec.
//
// Header is httpserver.Header, so headers can be passed between the two
// contracts unchanged. Go actors use the package through the actor SDK; the
// httpclient provider uses it on the other side. It does not make requests.
package httpclient
