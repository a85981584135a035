package messaging

import "github.com/trellis-lattice/trellis/contract/codec"

var (
	_ codec.Message = (*RequestMessage)(nil)
	_ codec.Message = (*ReplyMessage)(nil)
)

// RequestMessage is the input of Messaging.Request.
type RequestMessage struct {
	// Subject is the subject (topic) to send the request on.
	Subject string
	// Body is the request payload.
	Body []byte
	// TimeoutMs is how long to wait for the reply, in milliseconds.
	TimeoutMs uint32
}

// AppendMsg appends the msgpack encoding of m to b: {subject, body, timeoutMs}.
func (m *RequestMessage) AppendMsg(b []byte) []byte {
	b = codec.AppendMapHeader(b, 3)
	b = codec.AppendString(b, "subject")
	b = codec.AppendString(b, m.Subject)
	b = codec.AppendString(b, "body")
	b = codec.AppendBlob(b, m.Body)
	b = codec.AppendString(b, "timeoutMs")
	return codec.AppendU32(b, m.TimeoutMs)
}

// UnmarshalMsg decodes a whole payload into m.
func (m *RequestMessage) UnmarshalMsg(b []byte) error {
	*m = RequestMessage{}
	return codec.DecodeMap(b, "messaging.RequestMessage", func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case "subject":
			m.Subject, rest, err = codec.ReadString(v)
		case "body":
			m.Body, rest, err = codec.ReadBlob(v)
		case "timeoutMs":
			m.TimeoutMs, rest, err = codec.ReadU32(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
}

// ReplyMessage is the output of Messaging.Request.
type ReplyMessage struct {
	// Subject is the subject the reply arrived on.
	Subject string
	// ReplyTo optionally names a subject for a further reply.
	ReplyTo *string
	// Body is the reply payload.
	Body []byte
}

// AppendMsg appends the msgpack encoding of m to b: {subject, replyTo?, body}.
func (m *ReplyMessage) AppendMsg(b []byte) []byte {
	return appendMessage(b, m.Subject, m.ReplyTo, m.Body)
}

// UnmarshalMsg decodes a whole payload into m.
func (m *ReplyMessage) UnmarshalMsg(b []byte) error {
	return decodeMessage(b, "messaging.ReplyMessage", &m.Subject, &m.ReplyTo, &m.Body)
}
