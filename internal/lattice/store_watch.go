package lattice

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/trellis-lattice/trellis/ctl"
)

// Watch keeps the Store's tables current until ctx ends: it replays every key of the bucket, marks
// the Store synced (Ready, WaitSynced), then applies live changes as they come. It returns nil
// when ctx ends and an error if the watch cannot start or stops by itself. Call it once.
//
// DEL and PURGE operations both delete. So does a put with an empty value: no record is empty,
// and that is how a delete whose KV-Operation header is spelled in another case arrives.
func (s *Store) Watch(ctx context.Context) error {
	s.mu.Lock()
	if s.watching {
		s.mu.Unlock()
		return errors.New("watch metadata: already watching")
	}
	s.watching = true
	s.mu.Unlock()

	err := s.watch(ctx)
	if ctx.Err() != nil {
		err = nil
	}
	s.watchErr = err
	close(s.done)
	return err
}

func (s *Store) watch(ctx context.Context) error {
	w, err := s.kv.WatchAll(ctx)
	if err != nil {
		return fmt.Errorf("watch %s: %w", ctl.MetadataBucket(s.lattice), err)
	}
	defer func() { _ = w.Stop() }()
	live := false
	for {
		select {
		case <-ctx.Done():
			return nil
		case e, ok := <-w.Updates():
			if !ok {
				return fmt.Errorf("watch %s: watcher stopped", ctl.MetadataBucket(s.lattice))
			}
			if e == nil { // end of the initial replay
				if !live {
					live = true
					close(s.synced)
				}
				continue
			}
			s.apply(e, live)
		}
	}
}

// Ready returns a channel closed once the initial replay is done.
func (s *Store) Ready() <-chan struct{} { return s.synced }

// WaitSynced returns once the initial replay is done, or the error that stopped Watch before it,
// or ctx's error.
func (s *Store) WaitSynced(ctx context.Context) error {
	select {
	case <-s.synced:
		return nil
	case <-s.done:
		select {
		case <-s.synced:
			return nil
		default:
		}
		if s.watchErr != nil {
			return s.watchErr
		}
		return errors.New("metadata watch ended before the initial replay")
	case <-ctx.Done():
		return fmt.Errorf("wait for metadata of lattice %s: %w", s.lattice, ctx.Err())
	}
}

// OnLinkChange registers fn to be called after each live change of a link: (nil, new) when
// added, (old, new) when changed, (old, nil) when deleted. Links of the initial replay are not
// reported (read them with Links after WaitSynced), nor are puts that change nothing. fn runs on
// the watch goroutine, one change at a time in bucket order, and must not block.
func (s *Store) OnLinkChange(fn func(old, new *ctl.LinkDefinition)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onLink = append(s.onLink, fn)
}

// apply updates the tables for one bucket entry; live entries notify link watchers.
func (s *Store) apply(e jetstream.KeyValueEntry, live bool) {
	key, value := e.Key(), e.Value()
	del := e.Operation() != jetstream.KeyValuePut || len(value) == 0
	var err error
	switch {
	case strings.HasPrefix(key, linkKeyPrefix):
		err = s.applyLink(strings.TrimPrefix(key, linkKeyPrefix), value, del, live)
	case strings.HasPrefix(key, claimsKeyPrefix):
		err = s.applyClaims(strings.TrimPrefix(key, claimsKeyPrefix), value, del, e.Revision())
	case strings.HasPrefix(key, refMapKeyPrefix):
		err = s.applyRefMap(strings.TrimPrefix(key, refMapKeyPrefix), value, del)
	}
	if err != nil {
		s.log.Warn("ignoring metadata record", "key", key, "revision", e.Revision(), "err", err)
	}
}

func (s *Store) applyLink(id string, value []byte, del, live bool) error {
	var ld ctl.LinkDefinition
	if !del {
		if err := json.Unmarshal(value, &ld); err != nil {
			return fmt.Errorf("decode link: %w", err)
		}
		if ld.ID = ld.ComputeID(); !strings.EqualFold(ld.ID, id) {
			return fmt.Errorf("link (%s, %s, %s) has id %s, stored under %s", ld.ActorID, ld.ContractID, ld.LinkName, ld.ID, id)
		}
		id = ld.ID
	}
	id = strings.ToUpper(id)
	s.mu.Lock()
	old, had := s.links[id]
	if del {
		delete(s.links, id)
	} else {
		s.links[id] = ld
	}
	callbacks := s.onLink
	s.mu.Unlock()

	if !live || del && !had || !del && had && linkEqual(old, ld) {
		return nil
	}
	var oldp, newp *ctl.LinkDefinition
	if had {
		oldp = &old
	}
	if !del {
		newp = &ld
	}
	for _, fn := range callbacks {
		fn(oldp, newp)
	}
	return nil
}

func linkEqual(a, b ctl.LinkDefinition) bool {
	return a.ID == b.ID && a.ActorID == b.ActorID && a.ProviderID == b.ProviderID && a.LinkName == b.LinkName &&
		a.ContractID == b.ContractID && maps.Equal(a.Values, b.Values)
}

func (s *Store) applyClaims(pk string, value []byte, del bool, rev uint64) error {
	var c ctl.Claims
	if !del {
		if err := json.Unmarshal(value, &c); err != nil {
			return fmt.Errorf("decode claims: %w", err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.claims[pk]; ok {
		s.dropAlias(old.CallAlias, pk)
	}
	if del {
		delete(s.claims, pk)
		return nil
	}
	s.claims[pk] = claimsRecord{Claims: c, rev: rev}
	s.addAlias(c.CallAlias, pk, rev)
	return nil
}

func (s *Store) applyRefMap(encoded string, value []byte, del bool) error {
	raw, err := base64.RawURLEncoding.DecodeString(encoded)
	if err != nil {
		return fmt.Errorf("decode reference in key: %w", err)
	}
	ref := string(raw)
	var m ctl.Refmap
	if !del {
		if err := json.Unmarshal(value, &m); err != nil {
			return fmt.Errorf("decode reference map: %w", err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if del {
		delete(s.refs, ref)
	} else {
		s.refs[ref] = m.PublicKey
	}
	return nil
}

// Link returns the link of actor for contract under linkName, if any. Its Values map is shared:
// do not modify it.
func (s *Store) Link(actor, contract, linkName string) (ctl.LinkDefinition, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ld, ok := s.links[ctl.LinkID(actor, contract, linkName)]
	return ld, ok
}

// Links returns every link, ordered by id. Values maps are shared: do not modify them.
func (s *Store) Links() []ctl.LinkDefinition {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]ctl.LinkDefinition, 0, len(s.links))
	for _, id := range sortedKeys(s.links) {
		out = append(out, s.links[id])
	}
	return out
}

// Claims returns the claims record of public key pk, if any.
func (s *Store) Claims(pk string) (ctl.Claims, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.claims[pk]
	return c.Claims, ok
}

// AllClaims returns every claims record, ordered by public key.
func (s *Store) AllClaims() []ctl.Claims {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]ctl.Claims, 0, len(s.claims))
	for _, pk := range sortedKeys(s.claims) {
		out = append(out, s.claims[pk].Claims)
	}
	return out
}

// RefMap returns the public key image reference ref resolves to, if known.
func (s *Store) RefMap(ref string) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	pk, ok := s.refs[ref]
	return pk, ok
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
