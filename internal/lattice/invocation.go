package lattice

import "github.com/trellis-lattice/trellis/contract/codec"

// Invocation is an RPC request on the lattice (PROTOCOL.md §2.3).
type Invocation struct {
	Origin    Entity
	Target    Entity
	Operation string // e.g. "HttpServer.HandleRequest"
	// Msg is the payload; empty on the wire when the payload is chunked (ContentLength says how
	// long it really is).
	Msg           []byte
	ID            string // hyphenated UUIDv4 (wasmbus-rpc senders: 32 hex digits)
	EncodedClaims string // the invocation token (JWT) signed by a cluster key
	// HostID is the sender's host key (N…); OTP hosts put their cluster key (C…) here.
	HostID string
	// ContentLength is the full payload length; nil when unknown.
	ContentLength *uint64
	// TraceContext carries W3C trace headers from newer wasmbus-rpc senders; nil when absent.
	TraceContext map[string]string
}

// MarshalMsgpack encodes inv as a msgpack map in the field order of §2.3. content_length and
// traceContext are omitted when nil or empty.
func (inv *Invocation) MarshalMsgpack() []byte {
	size := 256 + len(inv.Msg) + len(inv.EncodedClaims) + len(inv.Operation) + len(inv.ID) + len(inv.HostID) +
		3*(len(inv.Origin.PublicKey)+len(inv.Origin.ContractID)+len(inv.Origin.LinkName))
	for k, v := range inv.TraceContext {
		size += len(k) + len(v) + 10
	}
	return inv.appendMsgpack(make([]byte, 0, size))
}

func (inv *Invocation) appendMsgpack(b []byte) []byte {
	n := uint32(7)
	if inv.ContentLength != nil {
		n++
	}
	if len(inv.TraceContext) > 0 {
		n++
	}
	b = codec.AppendMapHeader(b, n)
	b = inv.Origin.appendMsgpack(codec.AppendString(b, "origin"))
	b = inv.Target.appendMsgpack(codec.AppendString(b, "target"))
	b = codec.AppendString(codec.AppendString(b, "operation"), inv.Operation)
	b = codec.AppendBlob(codec.AppendString(b, "msg"), inv.Msg)
	b = codec.AppendString(codec.AppendString(b, "id"), inv.ID)
	b = codec.AppendString(codec.AppendString(b, "encoded_claims"), inv.EncodedClaims)
	b = codec.AppendString(codec.AppendString(b, "host_id"), inv.HostID)
	if inv.ContentLength != nil {
		b = codec.AppendU64(codec.AppendString(b, "content_length"), *inv.ContentLength)
	}
	if len(inv.TraceContext) > 0 {
		b = appendStringMap(codec.AppendString(b, "traceContext"), inv.TraceContext)
	}
	return b
}

// UnmarshalMsgpack decodes an invocation, resetting inv first. Keys may come in any order, unknown
// keys are skipped, nil stands for an absent value, and msg may be bin, str or an array of bytes
// (OTP sends an empty array). It checks the encoding only; Validator checks the content.
func (inv *Invocation) UnmarshalMsgpack(b []byte) error {
	*inv = Invocation{}
	return codec.DecodeMap(b, "lattice.Invocation", func(key, val []byte) ([]byte, error) {
		switch string(key) {
		case "origin":
			return readInto(val, &inv.Origin, readEntity)
		case "target":
			return readInto(val, &inv.Target, readEntity)
		case "operation":
			return readOptString(val, &inv.Operation)
		case "msg":
			return readOptBlob(val, &inv.Msg)
		case "id":
			return readOptString(val, &inv.ID)
		case "encoded_claims":
			return readOptString(val, &inv.EncodedClaims)
		case "host_id":
			return readOptString(val, &inv.HostID)
		case "content_length":
			return readOptU64(val, &inv.ContentLength)
		case "traceContext":
			return readOptStringMap(val, &inv.TraceContext)
		}
		return codec.Skip(val)
	})
}

// readInto runs read and stores its value in *dst.
func readInto[T any](b []byte, dst *T, read func([]byte) (T, []byte, error)) ([]byte, error) {
	v, rest, err := read(b)
	if err == nil {
		*dst = v
	}
	return rest, err
}

// readOptBlob reads a blob (bin, str or byte array) or nil into *dst.
func readOptBlob(b []byte, dst *[]byte) ([]byte, error) {
	if isNil(b) {
		return b[1:], nil
	}
	return readInto(b, dst, codec.ReadBlob)
}

// readOptU64 reads an unsigned integer, or nil meaning absent, into *dst.
func readOptU64(b []byte, dst **uint64) ([]byte, error) {
	if isNil(b) {
		return b[1:], nil
	}
	v, rest, err := codec.ReadU64(b)
	if err == nil {
		*dst = &v
	}
	return rest, err
}

// appendStringMap appends a map of str to str with sorted keys, so equal maps encode equally.
func appendStringMap(b []byte, m map[string]string) []byte {
	b = codec.AppendMapHeader(b, uint32(len(m)))
	for _, k := range sortedKeys(m) {
		b = codec.AppendString(codec.AppendString(b, k), m[k])
	}
	return b
}

// readOptStringMap reads a map of str to str, or nil meaning absent, into *dst. Nil values read
// as empty strings.
func readOptStringMap(b []byte, dst *map[string]string) ([]byte, error) {
	if isNil(b) {
		return b[1:], nil
	}
	m := map[string]string{}
	rest, err := codec.ReadMap(b, "string map", func(key, val []byte) ([]byte, error) {
		var v string
		rest, err := readOptString(val, &v)
		m[string(key)] = v
		return rest, err
	})
	if err == nil && len(m) > 0 {
		*dst = m
	}
	return rest, err
}
