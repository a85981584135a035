package lattice

import (
	"cmp"
	"slices"
)

// aliasHolder is a claims record that names a call alias, with the KV revision it was written at.
type aliasHolder struct {
	pk  string
	rev uint64
}

// ResolveAlias returns the public key of the actor that owns call alias alias.
//
// An alias belongs to the claims record with the lowest KV revision among those currently naming
// it. Every host sees the same records and revisions, so every host resolves an alias to the same
// actor (OTP hosts let the first record each host happened to read win). Aliases of one character
// or less are ignored, as in wasmCloud.
func (s *Store) ResolveAlias(alias string) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	holders := s.aliases[alias]
	if len(holders) == 0 {
		return "", false
	}
	return slices.MinFunc(holders, func(a, b aliasHolder) int { return cmp.Compare(a.rev, b.rev) }).pk, true
}

// addAlias records that pk's claims at revision rev name alias. s.mu must be held.
func (s *Store) addAlias(alias, pk string, rev uint64) {
	if len(alias) <= 1 {
		return
	}
	s.aliases[alias] = append(s.aliases[alias], aliasHolder{pk: pk, rev: rev})
}

// dropAlias forgets that pk's claims name alias. s.mu must be held.
func (s *Store) dropAlias(alias, pk string) {
	holders := slices.DeleteFunc(s.aliases[alias], func(h aliasHolder) bool { return h.pk == pk })
	if len(holders) == 0 {
		delete(s.aliases, alias)
		return
	}
	s.aliases[alias] = holders
}
