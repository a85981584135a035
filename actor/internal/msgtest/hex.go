package msgtest

import (
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
)

// Hex parses a byte notation of space-separated hex bytes and Go-quoted
// strings, for example `82 a3 "key" b0 "counter::foo:bar"`. Hex digits may
// also run together ("c40568656c6c6f"). It fails t on malformed input.
func Hex(t testing.TB, notation string) []byte {
	t.Helper()
	var out []byte
	rest := strings.TrimSpace(notation)
	for rest != "" {
		if rest[0] == '"' {
			end := closingQuote(rest)
			if end < 0 {
				t.Fatalf("msgtest.Hex: unterminated string in %q", notation)
			}
			s, err := strconv.Unquote(rest[:end+1])
			if err != nil {
				t.Fatalf("msgtest.Hex: %q: %v", rest[:end+1], err)
			}
			out = append(out, s...)
			rest = strings.TrimSpace(rest[end+1:])
			continue
		}
		word, after, _ := strings.Cut(rest, " ")
		b, err := hex.DecodeString(word)
		if err != nil {
			t.Fatalf("msgtest.Hex: %q: %v", word, err)
		}
		out = append(out, b...)
		rest = strings.TrimSpace(after)
	}
	if out == nil {
		out = []byte{}
	}
	return out
}

// closingQuote returns the index of the quote that ends the string starting
// at s[0], or -1.
func closingQuote(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}
