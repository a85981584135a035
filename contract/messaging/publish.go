package messaging

import "github.com/trellis-lattice/trellis/contract/codec"

var _ codec.Message = (*PubMessage)(nil)

// PubMessage is the input of Messaging.Publish.
type PubMessage struct {
	// Subject is the subject (topic) to publish on.
	Subject string
	// ReplyTo optionally names the subject a reply should be sent to.
	ReplyTo *string
	// Body is the message payload.
	Body []byte
}

// AppendMsg appends the msgpack encoding of m to b: {subject, replyTo?, body}.
func (m *PubMessage) AppendMsg(b []byte) []byte {
	return appendMessage(b, m.Subject, m.ReplyTo, m.Body)
}

// UnmarshalMsg decodes a whole payload into m.
func (m *PubMessage) UnmarshalMsg(b []byte) error {
	return decodeMessage(b, "messaging.PubMessage", &m.Subject, &m.ReplyTo, &m.Body)
}
