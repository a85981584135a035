package host

import (
	"fmt"
	"github.com/trellis-lattice/trellis/internal/claims"
	"strings"

	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/internal/wasmrt"
)

// Built-in capability contracts served inside every host (ACTORS.md §2.4).
const (
	BuiltinLogging   = "wasmcloud:builtin:logging"
	BuiltinNumbergen = "wasmcloud:builtin:numbergen"
)

// TargetKind says where a host call goes.
type TargetKind int

// The kinds of host-call targets.
const (
	TargetBuiltin  TargetKind = iota + 1 // served in-host
	TargetProvider                       // a capability provider, through a link
	TargetActor                          // another actor, by key or call alias
)

// Target is the resolved destination of a host call.
type Target struct {
	Kind     TargetKind
	Contract string             // builtin or provider contract id
	Link     ctl.LinkDefinition // provider targets
	ActorKey string             // actor targets
}

// Directory is what routing needs to know about the lattice: links and call aliases.
type Directory interface {
	Link(actorID, contractID, linkName string) (ctl.LinkDefinition, bool)
	ResolveAlias(alias string) (string, bool)
}

// Route resolves and authorises a host call (ACTORS.md §2.2, §2.3): builtins, then a link
// for (caller, namespace, binding), then an actor public key, then a call alias. It is a pure
// function of the caller's claims and the directory, so it is tested with tables.
func Route(caller *wasmrt.Identity, binding, namespace, lattice string, dir Directory) (Target, error) {
	if namespace == BuiltinLogging || namespace == BuiltinNumbergen {
		if !caller.HasCap(namespace) {
			return Target{}, missingClaim(namespace)
		}
		return Target{Kind: TargetBuiltin, Contract: namespace}, nil
	}
	if link, ok := dir.Link(caller.PublicKey, namespace, binding); ok {
		if !caller.HasCap(namespace) {
			return Target{}, missingClaim(namespace)
		}
		return Target{Kind: TargetProvider, Contract: namespace, Link: link}, nil
	}
	if isActorKey(namespace) {
		return Target{Kind: TargetActor, ActorKey: namespace}, nil
	}
	if key, ok := dir.ResolveAlias(namespace); ok {
		return Target{Kind: TargetActor, ActorKey: key}, nil
	}
	// Claims store call aliases normalised ("chat/channel-telnet" is signed as
	// "chat/channel_telnet"); accept the form the caller wrote too.
	if norm := claims.NormalizeCallAlias(namespace); norm != namespace {
		if key, ok := dir.ResolveAlias(norm); ok {
			return Target{Kind: TargetActor, ActorKey: key}, nil
		}
	}
	if strings.Contains(namespace, ":") {
		link := binding
		if link == "" {
			link = "default"
		}
		//lint:ignore ST1005 wire text that wasmCloud 0.x peers and actors expect (PROTOCOL.md, ACTORS.md)
		return Target{}, fmt.Errorf("Invocation not authorized: missing link definition for %s on %s (actor %s, link name %q); create one with: trellis link put %s <provider> %s --link-name %s",
			namespace, lattice, caller.PublicKey, link, caller.PublicKey, namespace, link)
	}
	return Target{}, fmt.Errorf("Call alias not found: %s on %s", namespace, lattice)
}

func missingClaim(namespace string) error {
	//lint:ignore ST1005 wire text that wasmCloud 0.x peers and actors expect (PROTOCOL.md, ACTORS.md)
	return fmt.Errorf("Invocation not authorized: missing capability claim for %s", namespace)
}

// isActorKey reports whether s looks like an actor public key: `M` and 56 characters.
func isActorKey(s string) bool { return len(s) == 56 && s[0] == 'M' }
