package deploy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// LeaseBucket names the bucket holding the reconciler lease of a lattice.
func LeaseBucket(lattice string) string { return "TRELLIS_LEASE_" + bucketSafe(lattice) }

const leaseKey = "reconciler"

// Lease elects one holder among several contenders through a JetStream key-value entry that
// expires TTL after its last renewal: the holder renews it every TTL/3 with compare-and-set;
// the others try to create it every TTL/3, which succeeds only once it has expired. So a holder
// that dies without letting go is replaced within about TTL + TTL/3.
type Lease struct {
	kv  jetstream.KeyValue
	id  string
	ttl time.Duration
}

// OpenLease opens (creating if needed) the lease bucket of lattice for contender id.
func OpenLease(ctx context.Context, js jetstream.JetStream, lattice, id string, ttl time.Duration) (*Lease, error) {
	name := LeaseBucket(lattice)
	kv, err := js.KeyValue(ctx, name)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		kv, err = js.CreateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: name, Description: "Trellis reconciler lease of lattice " + lattice,
			History: 1, TTL: ttl, Storage: jetstream.MemoryStorage})
		if errors.Is(err, jetstream.ErrBucketExists) {
			kv, err = js.KeyValue(ctx, name)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open lease bucket %s: %w", name, err)
	}
	if st, err := kv.Status(ctx); err == nil && st.TTL() > 0 {
		ttl = st.TTL() // the bucket's TTL rules; renew well within it
	}
	return &Lease{kv: kv, id: id, ttl: ttl}, nil
}

// Hold runs until ctx ends, calling lead with a context that lives exactly as long as this
// contender holds the lease. It lets go of the lease when ctx ends.
func (l *Lease) Hold(ctx context.Context, lead func(ctx context.Context)) {
	tick := time.NewTicker(l.ttl / 3)
	defer tick.Stop()
	for {
		rev, err := l.kv.Create(ctx, leaseKey, []byte(l.id))
		if err == nil {
			l.lead(ctx, tick, rev, lead)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// lead renews the lease from revision rev while running lead; it returns when a renewal fails
// or ctx ends (then the lease is released).
func (l *Lease) lead(ctx context.Context, tick *time.Ticker, rev uint64, lead func(ctx context.Context)) {
	lctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		lead(lctx)
	}()
	defer func() {
		cancel()
		<-done
	}()
	for {
		select {
		case <-ctx.Done():
			rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
			_ = l.kv.Delete(rctx, leaseKey, jetstream.LastRevision(rev)) // let a successor take over at once
			rcancel()
			return
		case <-done:
			return
		case <-tick.C:
			rctx, rcancel := context.WithTimeout(ctx, l.ttl/3)
			next, err := l.kv.Update(rctx, leaseKey, []byte(l.id), rev)
			rcancel()
			if err != nil {
				return // lost it (expired and taken, or unreachable): stop acting
			}
			rev = next
		}
	}
}
