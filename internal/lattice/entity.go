package lattice

import (
	"strings"

	"github.com/trellis-lattice/trellis/contract/codec"
)

// Entity is the origin or target of an invocation, the WasmCloudEntity of PROTOCOL.md §2.2: an
// actor (M… key, empty contract and link name) or a provider (V… key with the contract id and
// link name it serves).
type Entity struct {
	PublicKey  string
	ContractID string
	LinkName   string
}

// ActorEntity returns the entity of actor pk.
func ActorEntity(pk string) Entity { return Entity{PublicKey: pk} }

// ProviderEntity returns the entity of provider pk serving contract under link name link.
func ProviderEntity(pk, contract, link string) Entity {
	return Entity{PublicKey: pk, ContractID: contract, LinkName: link}
}

// IsActor reports whether e is an actor: its public key starts with M (in any case), the rule
// wasmCloud uses to build entity URLs.
func (e Entity) IsActor() bool {
	return e.PublicKey != "" && (e.PublicKey[0] == 'M' || e.PublicKey[0] == 'm')
}

// URL returns e's URL (§2.2): wasmbus://{pk} for actors, otherwise
// wasmbus://{contract}/{link}/{pk} with the contract's ':' as '/', spaces as '_', lower-cased.
func (e Entity) URL() string {
	if e.IsActor() {
		return "wasmbus://" + e.PublicKey
	}
	contract := strings.ToLower(strings.NewReplacer(":", "/", " ", "_").Replace(e.ContractID))
	link := strings.ToLower(strings.ReplaceAll(e.LinkName, " ", "_"))
	return "wasmbus://" + contract + "/" + link + "/" + e.PublicKey
}

// Subject returns the RPC subject e is served on in lattice.
func (e Entity) Subject(lattice string) string {
	if e.IsActor() {
		return ActorSubject(lattice, e.PublicKey)
	}
	return ProviderSubject(lattice, e.PublicKey, e.LinkName)
}

// describe names e for error messages: "actor M…" or "provider V… (link default)".
func (e Entity) describe() string {
	if e.IsActor() {
		return "actor " + e.PublicKey
	}
	return "provider " + e.PublicKey + " (link " + e.LinkName + ")"
}

// appendMsgpack appends e as a map of all three keys.
func (e Entity) appendMsgpack(b []byte) []byte {
	b = codec.AppendMapHeader(b, 3)
	b = codec.AppendString(codec.AppendString(b, "public_key"), e.PublicKey)
	b = codec.AppendString(codec.AppendString(b, "contract_id"), e.ContractID)
	return codec.AppendString(codec.AppendString(b, "link_name"), e.LinkName)
}

// readEntity reads an entity map. No key is required and nil stands for an empty entity or field.
func readEntity(b []byte) (Entity, []byte, error) {
	var e Entity
	if isNil(b) {
		return e, b[1:], nil
	}
	rest, err := codec.ReadMap(b, "lattice.Entity", func(key, val []byte) ([]byte, error) {
		switch string(key) {
		case "public_key":
			return readOptString(val, &e.PublicKey)
		case "contract_id":
			return readOptString(val, &e.ContractID)
		case "link_name":
			return readOptString(val, &e.LinkName)
		}
		return codec.Skip(val)
	})
	return e, rest, err
}

// msgpackNil is the msgpack nil byte.
const msgpackNil = 0xc0

func isNil(b []byte) bool { return len(b) > 0 && b[0] == msgpackNil }

// readOptString reads a str (or nil, leaving *dst empty) into *dst.
func readOptString(b []byte, dst *string) ([]byte, error) {
	s, rest, err := codec.ReadOptionalString(b)
	if err == nil && s != nil {
		*dst = *s
	}
	return rest, err
}
