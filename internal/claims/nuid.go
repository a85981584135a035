package claims

import (
	"crypto/rand"
	"fmt"
)

const (
	idAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	idLen      = 22
)

// newID returns a random 22-character base62 token id, the shape of the nuids wascap uses for jti.
func newID() (string, error) {
	out := make([]byte, 0, idLen)
	buf := make([]byte, 2*idLen)
	for len(out) < idLen {
		if _, err := rand.Read(buf); err != nil {
			return "", fmt.Errorf("new token id: %w", err)
		}
		for _, b := range buf {
			// Reject bytes ≥ 248 so every character is equally likely (248 = 4·62).
			if b < 248 && len(out) < idLen {
				out = append(out, idAlphabet[b%62])
			}
		}
	}
	return string(out), nil
}
