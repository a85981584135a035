// Package rpc is the shared plumbing of the typed helper packages
// (actor/keyvalue, actor/messaging, actor/httpclient, actor/numbergen): one
// host call through actor.HostCall followed by decoding of the response, with
// the error wrapped to name the operation.
//
// It does not encode requests or know any contract; callers pass the encoded
// payload and a decode function from the contract package.
package rpc
