package ctl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Host membership (Trellis extension, fixing PROTOCOL.md §9.1). Every Trellis host keeps one
// record in the JetStream key-value bucket HostsBucket(lattice): the key is its host id, the
// value its current HostRecord as JSON. The host writes the record at start and on every
// heartbeat and deletes it when it stops; the bucket's TTL (HostsTTL) removes the records of
// hosts that died. Clients read the bucket to know which hosts must answer a scatter-gather
// request, and so return as soon as they all have instead of waiting for a fixed time.

// HostsTTL is how long a membership record lives without being rewritten: two and a half
// heartbeat periods of 30 s.
const HostsTTL = 75 * time.Second

// HostRecord is a host's membership record: its heartbeat data, including HostID and Lattice.
type HostRecord = HostHeartbeat

// HostsBucket returns the name of the membership bucket of a lattice: TRELLIS_HOSTS_{lattice}.
func HostsBucket(lattice string) string { return "TRELLIS_HOSTS_" + lattice }

// HostsBucketConfig returns the configuration hosts create the membership bucket with
// (jetstream.JetStream.CreateOrUpdateKeyValue): one value per key, TTL HostsTTL, in memory.
func HostsBucketConfig(lattice string) jetstream.KeyValueConfig {
	return jetstream.KeyValueConfig{
		Bucket:      HostsBucket(lattice),
		Description: "Trellis host membership of lattice " + lattice,
		History:     1,
		TTL:         HostsTTL,
		Storage:     jetstream.MemoryStorage,
	}
}

// ErrNoMembership means the lattice has no membership bucket: no Trellis host has started in it
// (or JetStream is not enabled), so the expected responders of a request are unknown.
var ErrNoMembership = errors.New("no host membership bucket")

// readMembers returns the membership records in the bucket of lattice, keyed by host id.
func readMembers(ctx context.Context, js jetstream.JetStream, lattice string) (map[string]HostRecord, error) {
	kv, err := js.KeyValue(ctx, HostsBucket(lattice))
	if err != nil {
		if errors.Is(err, jetstream.ErrBucketNotFound) || errors.Is(err, jetstream.ErrJetStreamNotEnabled) {
			return nil, fmt.Errorf("read hosts of lattice %s: %w", lattice, ErrNoMembership)
		}
		return nil, fmt.Errorf("read hosts of lattice %s: %w", lattice, err)
	}
	w, err := kv.WatchAll(ctx, jetstream.IgnoreDeletes())
	if err != nil {
		return nil, fmt.Errorf("read hosts of lattice %s: %w", lattice, err)
	}
	defer func() { _ = w.Stop() }()
	members := make(map[string]HostRecord)
	for {
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("read hosts of lattice %s: %w", lattice, ctx.Err())
		case e, ok := <-w.Updates():
			if !ok || e == nil { // nil marks the end of the current values
				return members, nil
			}
			var rec HostRecord
			if json.Unmarshal(e.Value(), &rec) != nil {
				continue // a record we cannot read cannot be waited for either
			}
			if rec.HostID == "" {
				rec.HostID = e.Key()
			}
			members[e.Key()] = rec
		}
	}
}
