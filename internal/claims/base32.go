package claims

import "fmt"

// base32Alphabet is the RFC 4648 base32 alphabet used by nkeys.
const base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// base32Encode encodes src in RFC 4648 base32 without padding.
func base32Encode(src []byte) string {
	out := make([]byte, 0, (len(src)*8+4)/5)
	var acc, bits uint
	for _, b := range src {
		acc = acc<<8 | uint(b)
		bits += 8
		for bits >= 5 {
			bits -= 5
			out = append(out, base32Alphabet[acc>>bits&31])
		}
	}
	if bits > 0 {
		out = append(out, base32Alphabet[acc<<(5-bits)&31])
	}
	return string(out)
}

// base32Decode decodes unpadded RFC 4648 base32 text. It accepts only canonical encodings:
// upper-case letters, and unused trailing bits set to zero.
func base32Decode(s string) ([]byte, error) {
	out := make([]byte, 0, len(s)*5/8)
	var acc, bits uint
	for i := range len(s) {
		v, ok := base32Value(s[i])
		if !ok {
			return nil, fmt.Errorf("invalid base32 character %q at position %d", s[i], i)
		}
		acc = acc<<5 | uint(v)
		bits += 5
		if bits >= 8 {
			bits -= 8
			out = append(out, byte(acc>>bits))
		}
	}
	if bits >= 5 || acc&(1<<bits-1) != 0 {
		return nil, fmt.Errorf("invalid base32 length or trailing bits (%d characters)", len(s))
	}
	return out, nil
}

func base32Value(c byte) (byte, bool) {
	switch {
	case c >= 'A' && c <= 'Z':
		return c - 'A', true
	case c >= '2' && c <= '7':
		return c - '2' + 26, true
	}
	return 0, false
}
