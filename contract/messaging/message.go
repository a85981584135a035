package messaging

import "github.com/trellis-lattice/trellis/contract/codec"

// appendMessage appends the map {subject, replyTo?, body} shared by
// PubMessage, ReplyMessage and SubMessage.
func appendMessage(b []byte, subject string, replyTo *string, body []byte) []byte {
	n := uint32(2)
	if replyTo != nil {
		n++
	}
	b = codec.AppendMapHeader(b, n)
	b = codec.AppendString(b, "subject")
	b = codec.AppendString(b, subject)
	if replyTo != nil {
		b = codec.AppendString(b, "replyTo")
		b = codec.AppendString(b, *replyTo)
	}
	b = codec.AppendString(b, "body")
	return codec.AppendBlob(b, body)
}

// decodeMessage decodes a whole {subject, replyTo?, body} payload.
func decodeMessage(b []byte, typeName string, subject *string, replyTo **string, body *[]byte) error {
	*subject, *replyTo, *body = "", nil, nil
	return codec.DecodeMap(b, typeName, func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case "subject":
			*subject, rest, err = codec.ReadString(v)
		case "replyTo":
			*replyTo, rest, err = codec.ReadOptionalString(v)
		case "body":
			*body, rest, err = codec.ReadBlob(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
}
