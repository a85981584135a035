package messaging

import "github.com/trellis-lattice/trellis/contract/codec"

var _ codec.Message = (*SubMessage)(nil)

// SubMessage is the input of MessageSubscriber.HandleMessage: a message the
// provider received on a subscription of the actor.
type SubMessage struct {
	// Subject is the subject the message arrived on.
	Subject string
	// ReplyTo optionally names the subject the sender expects a reply on.
	ReplyTo *string
	// Body is the message payload.
	Body []byte
}

// AppendMsg appends the msgpack encoding of m to b: {subject, replyTo?, body}.
func (m *SubMessage) AppendMsg(b []byte) []byte {
	return appendMessage(b, m.Subject, m.ReplyTo, m.Body)
}

// UnmarshalMsg decodes a whole payload into m.
func (m *SubMessage) UnmarshalMsg(b []byte) error {
	return decodeMessage(b, "messaging.SubMessage", &m.Subject, &m.ReplyTo, &m.Body)
}
