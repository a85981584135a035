package telnet

import "github.com/trellis-lattice/trellis/contract/codec"

var (
	_ codec.Message = (*SessionStarted)(nil)
	_ codec.Message = (*TextMessage)(nil)
	_ codec.Message = (*SessionEnded)(nil)
)

// SessionStarted is the input of Telnet.SessionStarted: a client connected.
type SessionStarted struct {
	// Session is the new session's id.
	Session string
	// RemoteAddr is the client's address, e.g. "127.0.0.1:50412".
	RemoteAddr string
}

// AppendMsg appends the msgpack encoding of m to b: {session, remoteAddr}.
func (m *SessionStarted) AppendMsg(b []byte) []byte {
	return appendPair(b, "remoteAddr", m.Session, m.RemoteAddr)
}

// UnmarshalMsg decodes a whole payload into m.
func (m *SessionStarted) UnmarshalMsg(b []byte) error {
	*m = SessionStarted{}
	return decodePair(b, "telnet.SessionStarted", "remoteAddr", &m.Session, &m.RemoteAddr)
}

// TextMessage is the input of Telnet.ReceiveText (a line a client sent,
// without its line ending) and of Telnet.SendText (text to write to a
// session).
type TextMessage struct {
	// Session is the id of the session the text comes from or goes to.
	Session string
	// Text is the text.
	Text string
}

// AppendMsg appends the msgpack encoding of m to b: {session, text}.
func (m *TextMessage) AppendMsg(b []byte) []byte {
	return appendPair(b, "text", m.Session, m.Text)
}

// UnmarshalMsg decodes a whole payload into m.
func (m *TextMessage) UnmarshalMsg(b []byte) error {
	*m = TextMessage{}
	return decodePair(b, "telnet.TextMessage", "text", &m.Session, &m.Text)
}

// SessionEnded is the input of Telnet.SessionEnded: a session's connection
// ended.
type SessionEnded struct {
	// Session is the id of the session that ended.
	Session string
	// Reason says why, e.g. "client disconnected" or "idle timeout".
	Reason string
}

// AppendMsg appends the msgpack encoding of m to b: {session, reason}.
func (m *SessionEnded) AppendMsg(b []byte) []byte {
	return appendPair(b, "reason", m.Session, m.Reason)
}

// UnmarshalMsg decodes a whole payload into m.
func (m *SessionEnded) UnmarshalMsg(b []byte) error {
	*m = SessionEnded{}
	return decodePair(b, "telnet.SessionEnded", "reason", &m.Session, &m.Reason)
}

// appendPair appends the map {session, <key>} that every telnet structure is.
func appendPair(b []byte, key, session, value string) []byte {
	b = codec.AppendMapHeader(b, 2)
	b = codec.AppendString(b, "session")
	b = codec.AppendString(b, session)
	b = codec.AppendString(b, key)
	return codec.AppendString(b, value)
}

// decodePair decodes a whole {session, <key>} payload; other keys are skipped.
func decodePair(b []byte, typeName, key string, session, value *string) error {
	return codec.DecodeMap(b, typeName, func(k, v []byte) (rest []byte, err error) {
		switch string(k) {
		case "session":
			*session, rest, err = codec.ReadString(v)
		case key:
			*value, rest, err = codec.ReadString(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
}
