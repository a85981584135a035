// Package httpclient lets an actor make outgoing HTTP requests through a
// wasmcloud:httpclient provider with Go values instead of MessagePack.
//
// [Request] sends a request through the provider linked under "default";
// [Link] returns a [Client] for another link name. [HTTPRequest],
// [HTTPResponse] and [Header] are the types of package contract/httpclient
// (type aliases). [Get] is a shorthand for a GET without headers or body.
//
// A response with any status, 4xx and 5xx included, is a successful call;
// only a failure to get a response (the provider or host refused, the
// connection failed) is an error, returned as an *actor.HostError. The actor
// needs the capability claim wasmcloud:httpclient and a link. The package
// does not follow redirects, retry or cache: the provider decides those.
package httpclient
