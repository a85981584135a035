package lattice

import (
	"errors"
	"fmt"
	"unicode"
)

// ActorSubject returns the RPC subject of actor pk: wasmbus.rpc.{lattice}.{pk}. Hosts running
// the actor subscribe to it with the subject itself as queue group.
func ActorSubject(lattice, pk string) string { return "wasmbus.rpc." + lattice + "." + pk }

// ProviderSubject returns the RPC subject of provider pk under link name link:
// wasmbus.rpc.{lattice}.{pk}.{link}. Providers subscribe with queue group "rpc".
func ProviderSubject(lattice, pk, link string) string {
	return "wasmbus.rpc." + lattice + "." + pk + "." + link
}

// ProviderQueue is the queue group providers subscribe to their RPC subject with.
const ProviderQueue = "rpc"

// EventSubject returns the subject of lattice events: wasmbus.evt.{lattice}.
func EventSubject(lattice string) string { return "wasmbus.evt." + lattice }

// RPCEventSubject returns the subject of invocation events: wasmbus.rpcevt.{lattice}.
func RPCEventSubject(lattice string) string { return "wasmbus.rpcevt." + lattice }

// ValidateLatticeName checks that name can be used as a lattice prefix: one non-empty subject
// token, so no '.', '*', '>' or white space.
func ValidateLatticeName(name string) error {
	if name == "" {
		return errors.New("invalid lattice name: empty")
	}
	for _, r := range name {
		if r == '.' || r == '*' || r == '>' || unicode.IsSpace(r) || unicode.IsControl(r) {
			return fmt.Errorf("invalid lattice name %q: %q not allowed (one NATS subject token: no '.', '*', '>' or white space)", name, r)
		}
	}
	return nil
}
