// Package testhost carries the stand-in host that native (non-wasip1) builds
// of the actor SDK send host calls and console lines to.
//
// Package actortest installs a host in a context and a console sink; package
// actor reads them back. Keeping the hooks here, rather than exported from
// actor, keeps them out of the SDK's public API and out of wasm builds, which
// talk to the real host through package abi.
//
// It does not route calls or decode payloads: the installed function decides
// everything.
package testhost
