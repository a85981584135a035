package logging

import "github.com/trellis-lattice/trellis/contract/codec"

var _ codec.Message = (*LogEntry)(nil)

// LogEntry is the input of Logging.WriteLog.
type LogEntry struct {
	// Level is the severity: LevelDebug, LevelInfo, LevelWarn or LevelError.
	Level string
	// Text is the message to log.
	Text string
}

// AppendMsg appends the msgpack encoding of e to b: {level, text}.
func (e *LogEntry) AppendMsg(b []byte) []byte {
	b = codec.AppendMapHeader(b, 2)
	b = codec.AppendString(b, "level")
	b = codec.AppendString(b, e.Level)
	b = codec.AppendString(b, "text")
	return codec.AppendString(b, e.Text)
}

// UnmarshalMsg decodes a whole payload into e.
func (e *LogEntry) UnmarshalMsg(b []byte) error {
	*e = LogEntry{}
	return codec.DecodeMap(b, "logging.LogEntry", func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case "level":
			e.Level, rest, err = codec.ReadString(v)
		case "text":
			e.Text, rest, err = codec.ReadString(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
}
