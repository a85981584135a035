package codectest

import (
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
)

// Hex parses a byte vector written as in ACTORS.md: two-digit hex bytes and
// double-quoted ASCII strings separated by white space, e.g.
// `82 a5 "level" a5 "debug"`. Text from '#' to the end of a line is a
// comment.
func Hex(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := ParseHex(s)
	if err != nil {
		tb.Fatalf("bad test vector %q: %v", s, err)
	}
	return b
}

// ParseHex is Hex returning an error instead of failing the test.
func ParseHex(s string) ([]byte, error) {
	var out []byte
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '#':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '"':
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				return nil, fmt.Errorf("unterminated string at offset %d", i)
			}
			out = append(out, s[i+1:i+1+end]...)
			i += end + 2
		default:
			if i+2 > len(s) {
				return nil, fmt.Errorf("odd hex digit at offset %d", i)
			}
			v, err := hex.DecodeString(s[i : i+2])
			if err != nil {
				return nil, fmt.Errorf("offset %d: %w", i, err)
			}
			out = append(out, v...)
			i += 2
		}
	}
	return out, nil
}

// Dump formats b as lines of 16 spaced hex bytes, each followed by a comment
// showing the printable ASCII, in the format ParseHex reads.
func Dump(b []byte) string {
	var sb strings.Builder
	for len(b) > 0 {
		line := b[:min(16, len(b))]
		b = b[len(line):]
		for i, c := range line {
			if i > 0 {
				sb.WriteByte(' ')
			}
			fmt.Fprintf(&sb, "%02x", c)
		}
		sb.WriteString(strings.Repeat("   ", 16-len(line)))
		sb.WriteString("  # ")
		for _, c := range line {
			if c < 0x20 || c > 0x7e {
				c = '.'
			}
			sb.WriteByte(c)
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}
