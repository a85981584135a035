// Package httpclient is the first-party wasmcloud:httpclient capability provider (ACTORS.md
// §3.3.6, contract/httpclient), built on the provider SDK: it makes the outgoing HTTP requests
// of linked actors with net/http.
//
// # Link values
//
// Keys are matched without regard to case. Each link gets its own http.Client; all share one
// connection pool.
//
//	timeout            bound on a whole request, body included: a Go duration ("10s") or whole
//	                   milliseconds ("1500"). Default 30s (DefaultTimeout). The invocation's own
//	                   deadline (the provider SDK's handler timeout) also applies.
//	max_response_body  largest response body returned, in bytes. Default 16 MiB
//	                   (DefaultMaxResponseBody); a larger body fails the request.
//	follow_redirects   true or false. Default true: up to MaxRedirects (10) redirects are
//	                   followed. With false the redirect response itself is returned.
//
// # Requests
//
// The method must be a non-empty HTTP token and is sent as given; the URL must be absolute,
// http or https, with a host. Request headers are sent as given (a host header sets the Host);
// Content-Length is computed from the body. The response's status, headers (under lowercase
// names, every value kept) and body are returned; a compressed body the transport asked for is
// returned decompressed.
//
// Failures are the invocation's error, naming the method and URL (without password) and the
// cause: an invalid method or URL, a connection failure, the link's timeout, too many
// redirects, or a body over max_response_body. An HTTP error status is not a failure: the
// actor gets the response.
//
// Health is always healthy. The provider calls no actors. The child-process entry point is
// cmd/httpclient.
package httpclient
