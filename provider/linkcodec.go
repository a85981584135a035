package provider

import (
	"fmt"
	"maps"
	"slices"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/ctl"
)

// msgpackNil is the msgpack encoding of nil.
const msgpackNil = 0xc0

// AppendLink appends the msgpack encoding of ld that hosts publish on a provider's linkdefs.put
// and linkdefs.del subjects: a map of actor_id, provider_id, link_name, contract_id, values (keys
// sorted) and, when ld.ID is set, id.
func AppendLink(b []byte, ld ctl.LinkDefinition) []byte {
	n := uint32(5)
	if ld.ID != "" {
		n++
		b = codec.AppendMapHeader(b, n)
		b = codec.AppendString(b, "id")
		b = codec.AppendString(b, ld.ID)
	} else {
		b = codec.AppendMapHeader(b, n)
	}
	for _, kv := range [...][2]string{
		{"actor_id", ld.ActorID}, {"provider_id", ld.ProviderID},
		{"link_name", ld.LinkName}, {"contract_id", ld.ContractID},
	} {
		b = codec.AppendString(b, kv[0])
		b = codec.AppendString(b, kv[1])
	}
	b = codec.AppendString(b, "values")
	b = codec.AppendMapHeader(b, uint32(len(ld.Values)))
	for _, k := range slices.Sorted(maps.Keys(ld.Values)) {
		b = codec.AppendString(b, k)
		b = codec.AppendString(b, ld.Values[k])
	}
	return b
}

// DecodeLink decodes a whole msgpack LinkDefinition as AppendLink writes it. Unknown keys are
// skipped; values may be nil or absent.
func DecodeLink(b []byte) (ctl.LinkDefinition, error) {
	var ld ctl.LinkDefinition
	err := codec.DecodeMap(b, "LinkDefinition", func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case "id":
			ld.ID, rest, err = readOptString(v)
		case "actor_id":
			ld.ActorID, rest, err = codec.ReadString(v)
		case "provider_id":
			ld.ProviderID, rest, err = codec.ReadString(v)
		case "link_name":
			ld.LinkName, rest, err = codec.ReadString(v)
		case "contract_id":
			ld.ContractID, rest, err = codec.ReadString(v)
		case "values":
			ld.Values, rest, err = readValues(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
	if err != nil {
		return ctl.LinkDefinition{}, err
	}
	if ld.ActorID == "" || ld.ProviderID == "" || ld.LinkName == "" || ld.ContractID == "" {
		return ctl.LinkDefinition{}, fmt.Errorf("decode LinkDefinition: actor_id, provider_id, link_name and contract_id are all required, got %q, %q, %q, %q",
			ld.ActorID, ld.ProviderID, ld.LinkName, ld.ContractID)
	}
	return ld, nil
}

func readOptString(b []byte) (string, []byte, error) {
	s, rest, err := codec.ReadOptionalString(b)
	if err != nil || s == nil {
		return "", rest, err
	}
	return *s, rest, nil
}

// readValues reads a map of strings, or nil.
func readValues(b []byte) (map[string]string, []byte, error) {
	if len(b) > 0 && b[0] == msgpackNil {
		return nil, b[1:], nil
	}
	m := map[string]string{}
	rest, err := codec.ReadMap(b, "values", func(key, v []byte) ([]byte, error) {
		s, rest, err := codec.ReadString(v)
		m[string(key)] = s
		return rest, err
	})
	return m, rest, err
}
