package claims

import (
	"fmt"
	"strings"
)

// Prefix is the type byte that starts an encoded nkey and gives it its first letter.
type Prefix byte

// Key prefixes (ACTORS.md §4.5). Names follow Trellis' vocabulary; nkeys calls PrefixHost
// "server" and PrefixProvider "service".
const (
	PrefixAccount  Prefix = 0       // A: issuers of actor and provider claims
	PrefixCluster  Prefix = 2 << 3  // C: lattice cluster keys, which sign invocations
	PrefixModule   Prefix = 12 << 3 // M: actor modules
	PrefixHost     Prefix = 13 << 3 // N: hosts (nkeys "server")
	PrefixOperator Prefix = 14 << 3 // O
	PrefixUser     Prefix = 20 << 3 // U
	PrefixProvider Prefix = 21 << 3 // V: capability providers (nkeys "service")

	prefixSeed = 18 << 3 // S: the first byte of every encoded seed
)

// String returns the prefix's name ("account", "module", ...), or "prefix 0x.." if unknown.
func (p Prefix) String() string {
	switch p {
	case PrefixAccount:
		return "account"
	case PrefixCluster:
		return "cluster"
	case PrefixModule:
		return "module"
	case PrefixHost:
		return "host"
	case PrefixOperator:
		return "operator"
	case PrefixUser:
		return "user"
	case PrefixProvider:
		return "provider"
	}
	return fmt.Sprintf("prefix %#x", byte(p))
}

// Letter returns the first character of keys with this prefix ('A' for accounts, ...).
func (p Prefix) Letter() byte { return base32Alphabet[p>>3] }

func (p Prefix) valid() bool {
	switch p {
	case PrefixAccount, PrefixCluster, PrefixModule, PrefixHost, PrefixOperator, PrefixUser, PrefixProvider:
		return true
	}
	return false
}

// describe names the key type for error messages, e.g. "module key (M…)".
func (p Prefix) describe() string {
	if !p.valid() {
		return "key with " + p.String()
	}
	return fmt.Sprintf("%s key (%c…)", p, p.Letter())
}

// ParsePrefix returns the prefix called name: one of the names String returns, or the nkeys
// names "server" (host) and "service" (provider). Case is ignored.
func ParsePrefix(name string) (Prefix, error) {
	switch strings.ToLower(name) {
	case "account":
		return PrefixAccount, nil
	case "cluster":
		return PrefixCluster, nil
	case "module", "actor":
		return PrefixModule, nil
	case "host", "server":
		return PrefixHost, nil
	case "operator":
		return PrefixOperator, nil
	case "user":
		return PrefixUser, nil
	case "provider", "service":
		return PrefixProvider, nil
	}
	return 0, fmt.Errorf("unknown key type %q (want account, cluster, module, host, operator, user or provider)", name)
}

// wantKey returns an ErrWrongKeyType error unless got is want. role names the key's use.
func wantKey(role string, got, want Prefix) error {
	if got == want {
		return nil
	}
	return fmt.Errorf("%w: %s: got %s, want %s", ErrWrongKeyType, role, got.describe(), want.describe())
}
