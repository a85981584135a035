package provider

import (
	"maps"
	"slices"
	"sync"

	"github.com/trellis-lattice/trellis/ctl"
)

// linkChange is a link put (del false) or deletion reported by one of the link sources.
type linkChange struct {
	del bool
	ld  ctl.LinkDefinition
	// mark, when set, makes the change a marker: the worker closes it on reaching it.
	mark chan struct{}
}

// linkSet holds the provider's active links, by id and by actor.
type linkSet struct {
	mu      sync.RWMutex
	byID    map[string]ctl.LinkDefinition
	byActor map[string]string // actor id → link id
}

func newLinkSet() *linkSet {
	return &linkSet{byID: map[string]ctl.LinkDefinition{}, byActor: map[string]string{}}
}

// plan returns the provider call a change needs given the active link of the same id (had
// reports whether there is one): a put for a new link or new values, a delete for an active
// link, nothing otherwise.
func plan(active ctl.LinkDefinition, had bool, c linkChange) (linkChange, bool) {
	switch {
	case c.del && had:
		return linkChange{del: true, ld: active}, true
	case c.del:
		return linkChange{}, false
	case had && maps.Equal(active.Values, c.ld.Values):
		return linkChange{}, false
	}
	return c, true
}

func (s *linkSet) get(id string) (ctl.LinkDefinition, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ld, ok := s.byID[id]
	return ld, ok
}

// forActor returns the active link of actor.
func (s *linkSet) forActor(actor string) (ctl.LinkDefinition, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ld, ok := s.byID[s.byActor[actor]]
	return ld, ok
}

func (s *linkSet) add(ld ctl.LinkDefinition) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.byID[ld.ID] = ld
	s.byActor[ld.ActorID] = ld.ID
}

func (s *linkSet) remove(ld ctl.LinkDefinition) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.byID, ld.ID)
	if s.byActor[ld.ActorID] == ld.ID {
		delete(s.byActor, ld.ActorID)
		for id, other := range s.byID { // another contract's link of the same actor, if any
			if other.ActorID == ld.ActorID {
				s.byActor[ld.ActorID] = id
				break
			}
		}
	}
}

// all returns the active links ordered by id.
func (s *linkSet) all() []ctl.LinkDefinition {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]ctl.LinkDefinition, 0, len(s.byID))
	for _, id := range slices.Sorted(maps.Keys(s.byID)) {
		out = append(out, s.byID[id])
	}
	return out
}

// changeQueue is an unbounded FIFO of link changes: sources push without blocking (the metadata
// watch must not block), one worker drains it.
type changeQueue struct {
	mu      sync.Mutex
	pending []linkChange
	wake    chan struct{}
}

func newChangeQueue() *changeQueue { return &changeQueue{wake: make(chan struct{}, 1)} }

func (q *changeQueue) push(cs ...linkChange) {
	q.mu.Lock()
	q.pending = append(q.pending, cs...)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// pushWith pushes the changes snapshot returns, computed under the queue's lock so that no
// other push interleaves between reading the snapshot and queueing it.
func (q *changeQueue) pushWith(snapshot func() []linkChange) {
	q.mu.Lock()
	q.pending = append(q.pending, snapshot()...)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *changeQueue) take() []linkChange {
	q.mu.Lock()
	defer q.mu.Unlock()
	cs := q.pending
	q.pending = nil
	return cs
}
