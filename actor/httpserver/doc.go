// Package httpserver lets an actor answer HTTP requests from a
// wasmcloud:httpserver provider with typed values instead of MessagePack.
//
// [Handle] registers the actor's HttpServer.HandleRequest handler: it decodes
// the request, calls the function and encodes its response. [Request],
// [Response] and [Header] are the types of package contract/httpserver (type
// aliases, so values pass freely between the two packages), so an actor
// needs only this import.
//
// It does not route by path or method, parse query strings, or serve HTTP:
// the provider does the HTTP side, and the handler sees every request for the
// actor. Go actors use it; providers and the host use contract/httpserver
// directly.
package httpserver
