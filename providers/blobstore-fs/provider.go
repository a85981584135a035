package blobstorefs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/trellis-lattice/trellis/contract/blobstore"
	"github.com/trellis-lattice/trellis/ctl"
	"github.com/trellis-lattice/trellis/provider"
	"github.com/trellis-lattice/trellis/providers/internal/actorlinks"
	"github.com/trellis-lattice/trellis/providers/internal/linkvalues"
)

// Link values.
const (
	// LinkRoot is the link value holding the absolute directory of the link's containers.
	LinkRoot = "ROOT"
	// LinkChunkSize is the optional link value holding the download chunk size in bytes.
	LinkChunkSize = "CHUNK_SIZE"
)

// DefaultChunkSize is the chunk size of a link without a CHUNK_SIZE value: GetObject returns
// at most this many bytes in its initial chunk and sends the rest in chunks of this size.
const DefaultChunkSize = 1 << 20

// MaxChunkSize is the largest CHUNK_SIZE accepted.
const MaxChunkSize = 16 << 20

// callFunc is Conn.CallActor.
type callFunc func(ctx context.Context, actorID string, link ctl.LinkDefinition, op string, payload []byte) ([]byte, error)

// Provider is the file-system blob store provider. Create it with New.
type Provider struct {
	mu   sync.RWMutex
	log  *slog.Logger
	call callFunc // delivers download chunks to actors; nil until Init

	stores    actorlinks.Table[*store]
	downloads sync.WaitGroup // sendChunks goroutines
	closed    bool           // Shutdown started: no new downloads (under mu)
}

var (
	_ provider.Provider    = (*Provider)(nil)
	_ provider.Initializer = (*Provider)(nil)
)

// New returns a provider with no links; nil logger means slog.Default().
func New(logger *slog.Logger) *Provider {
	if logger == nil {
		logger = slog.Default()
	}
	return &Provider{log: logger}
}

// Init takes the provider's logger and actor calls from c.
func (p *Provider) Init(_ context.Context, c *provider.Conn) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.log = c.Logger()
	p.call = c.CallActor
	return nil
}

func (p *Provider) logger() *slog.Logger {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.log
}

// callActor calls an actor through the Conn of Init.
func (p *Provider) callActor(ctx context.Context, actor string, ld ctl.LinkDefinition, op string, payload []byte) ([]byte, error) {
	p.mu.RLock()
	call := p.call
	p.mu.RUnlock()
	if call == nil {
		return nil, errors.New("provider not initialized: cannot call actors")
	}
	return call(ctx, actor, ld, op, payload)
}

// Contract returns wasmcloud:blobstore.
func (p *Provider) Contract() string { return blobstore.ContractID }

// PutLink checks the link's values, creates its ROOT directory if missing, and replaces the
// actor's previous link, whose downloads stop and unfinished uploads are discarded.
func (p *Provider) PutLink(_ context.Context, link ctl.LinkDefinition) error {
	s, err := newStore(link)
	if err != nil {
		return fmt.Errorf("blobstore-fs: link of actor %s: %w", link.ActorID, err)
	}
	if old, ok := p.stores.Put(link.ActorID, s); ok {
		old.close()
	}
	p.logger().Info("blobstore-fs link", "actor", link.ActorID, "root", s.root, "chunk_size", s.chunkSize)
	return nil
}

// newStore makes the store of a link from its values.
func newStore(link ctl.LinkDefinition) (*store, error) {
	root, _ := linkvalues.Lookup(link.Values, LinkRoot)
	if root == "" {
		return nil, fmt.Errorf("missing %s value: set it to the absolute directory that holds the containers", LinkRoot)
	}
	if !filepath.IsAbs(root) {
		return nil, fmt.Errorf("%s value %q is not an absolute path", LinkRoot, root)
	}
	root = filepath.Clean(root)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("create %s directory: %w", LinkRoot, err)
	}
	size := DefaultChunkSize
	if raw, ok := linkvalues.Lookup(link.Values, LinkChunkSize); ok && raw != "" {
		n, err := strconv.Atoi(strings.TrimSpace(raw))
		if err != nil || n < 1 || n > MaxChunkSize {
			return nil, fmt.Errorf("%s value %q is not a byte count from 1 to %d", LinkChunkSize, raw, MaxChunkSize)
		}
		size = n
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &store{root: root, chunkSize: size, ld: link, ctx: ctx, cancel: cancel}, nil
}

// close stops the store's downloads and discards its unfinished uploads.
func (s *store) close() {
	s.cancel()
	s.abortUploads()
}

// DeleteLink stops the actor's downloads and discards its unfinished uploads. The files stay.
func (p *Provider) DeleteLink(_ context.Context, link ctl.LinkDefinition) error {
	if s, ok := p.stores.Delete(link.ActorID); ok {
		s.close()
	}
	return nil
}

// Health checks that every link's ROOT is a writable directory; the error lists the failures
// by actor.
func (p *Provider) Health(context.Context) error {
	var errs []error
	for _, e := range p.stores.Sorted() {
		f, err := os.CreateTemp(e.Value.root, uploadPrefix+"health-*")
		if err == nil {
			err = errors.Join(f.Close(), os.Remove(f.Name()))
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("actor %s: %s %s not writable: %w", e.Actor, LinkRoot, e.Value.root, err))
		}
	}
	return errors.Join(errs...)
}

// Shutdown stops every download, waits for them, and discards unfinished uploads.
func (p *Provider) Shutdown(ctx context.Context) error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	for _, s := range p.stores.Drain() {
		s.close()
	}
	done := make(chan struct{})
	go func() {
		p.downloads.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("blobstore-fs: downloads still running: %w", ctx.Err())
	}
}
