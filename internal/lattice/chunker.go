package lattice

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// ChunkThreshold is the payload size above which invocations and responses travel through the
// object store (700 KiB, PROTOCOL.md §2.9).
const ChunkThreshold = 700 * 1024

// DefaultChunkTTL is the max age of objects in an object store Trellis creates, so chunks of
// calls that failed half-way are not kept forever.
const DefaultChunkTTL = 10 * time.Minute

// Chunker stores and fetches large payloads in the lattice's JetStream object store, named
// exactly like the lattice. The store is opened, or created with DefaultChunkTTL, on first use.
// Objects are named by invocation id ({id} for requests, {id}-r for responses).
type Chunker struct {
	js      jetstream.JetStream
	lattice string

	mu    sync.Mutex
	store jetstream.ObjectStore
}

// NewChunker returns a Chunker for lattice.
func NewChunker(js jetstream.JetStream, lattice string) (*Chunker, error) {
	if err := ValidateLatticeName(lattice); err != nil {
		return nil, err
	}
	return &Chunker{js: js, lattice: lattice}, nil
}

// NeedsChunking reports whether a payload of n bytes must be chunked.
func NeedsChunking(n int) bool { return n > ChunkThreshold }

// responseObject names the object holding the response to invocation id.
func responseObject(id string) string { return id + "-r" }

func (c *Chunker) objectStore(ctx context.Context) (jetstream.ObjectStore, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.store != nil {
		return c.store, nil
	}
	store, err := c.js.ObjectStore(ctx, c.lattice)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		store, err = c.js.CreateObjectStore(ctx, jetstream.ObjectStoreConfig{
			Bucket:      c.lattice,
			Description: "Trellis chunked invocation payloads of lattice " + c.lattice,
			TTL:         DefaultChunkTTL,
			Storage:     jetstream.FileStorage,
		})
		if errors.Is(err, jetstream.ErrBucketExists) { // another host created it meanwhile
			store, err = c.js.ObjectStore(ctx, c.lattice)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open object store %s: %w", c.lattice, err)
	}
	c.store = store
	return store, nil
}

// Put stores data as object name.
func (c *Chunker) Put(ctx context.Context, name string, data []byte) error {
	store, err := c.objectStore(ctx)
	if err != nil {
		return err
	}
	if _, err := store.PutBytes(ctx, name, data); err != nil {
		return fmt.Errorf("store chunked payload %s (%d bytes): %w", name, len(data), err)
	}
	return nil
}

// Take fetches object name, which must hold size bytes, and deletes it. A failed delete is not
// reported: the store's max age removes the object later.
func (c *Chunker) Take(ctx context.Context, name string, size uint64) ([]byte, error) {
	store, err := c.objectStore(ctx)
	if err != nil {
		return nil, err
	}
	data, err := store.GetBytes(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("fetch chunked payload %s: %w", name, err)
	}
	_ = store.Delete(ctx, name)
	if uint64(len(data)) != size {
		return nil, fmt.Errorf("fetch chunked payload %s: %d bytes, content_length says %d", name, len(data), size)
	}
	return data, nil
}

// Delete removes object name; a missing object is not an error.
func (c *Chunker) Delete(ctx context.Context, name string) error {
	store, err := c.objectStore(ctx)
	if err != nil {
		return err
	}
	if err := store.Delete(ctx, name); err != nil && !errors.Is(err, jetstream.ErrObjectNotFound) {
		return fmt.Errorf("delete chunked payload %s: %w", name, err)
	}
	return nil
}

// cleanupTimeout bounds deleting an orphaned object after a failed call.
const cleanupTimeout = 5 * time.Second

// discard deletes object name after a failed call, even when ctx has ended.
func (c *Chunker) discard(ctx context.Context, name string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	return c.Delete(ctx, name)
}
