package actor

// writeLogPayload encodes the Logging.WriteLog request {level, text} as a
// MessagePack map, the bytes Rust and TinyGo actors send:
// 82 a5 "level" <str> a4 "text" <str>.
func writeLogPayload(level Level, text string) []byte {
	b := make([]byte, 0, 16+len(level)+len(text))
	b = append(b, 0x82)
	b = appendStr(b, "level")
	b = appendStr(b, string(level))
	b = appendStr(b, "text")
	return appendStr(b, text)
}

// appendStr appends s as a MessagePack str in its smallest form.
func appendStr(b []byte, s string) []byte {
	n := len(s)
	switch {
	case n < 32:
		b = append(b, 0xa0|byte(n))
	case n < 1<<8:
		b = append(b, 0xd9, byte(n))
	case n < 1<<16:
		b = append(b, 0xda, byte(n>>8), byte(n))
	default:
		b = append(b, 0xdb, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	return append(b, s...)
}
