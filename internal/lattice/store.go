package lattice

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/trellis-lattice/trellis/ctl"
)

// Key prefixes in the metadata bucket (PROTOCOL.md §4.2).
const (
	linkKeyPrefix   = "LINKDEF_"
	claimsKeyPrefix = "CLAIMS_"
	refMapKeyPrefix = "REFMAP_"
)

// claimsRecord is a cached claims record with the KV revision it was written at.
type claimsRecord struct {
	ctl.Claims
	rev uint64
}

// Store reads and writes links, claims and reference maps in the lattice's metadata bucket and,
// once Watch runs, keeps an in-memory copy of them current.
type Store struct {
	lattice string
	kv      jetstream.KeyValue
	log     *slog.Logger

	mu      sync.RWMutex
	links   map[string]ctl.LinkDefinition // by id
	claims  map[string]claimsRecord       // by public key
	aliases map[string][]aliasHolder      // call alias → every claims record naming it
	refs    map[string]string             // image reference → public key
	onLink  []func(old, new *ctl.LinkDefinition)

	watching bool
	synced   chan struct{} // closed after the initial replay
	done     chan struct{} // closed when Watch returns
	watchErr error
}

// OpenStore opens lattice's metadata bucket LATTICEDATA_{lattice}, creating it (history 1, file
// storage) if it does not exist. logger receives records the Store cannot read; nil discards.
func OpenStore(ctx context.Context, js jetstream.JetStream, lattice string, logger *slog.Logger) (*Store, error) {
	if err := ValidateLatticeName(lattice); err != nil {
		return nil, err
	}
	bucket := ctl.MetadataBucket(lattice)
	kv, err := js.KeyValue(ctx, bucket)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		kv, err = js.CreateKeyValue(ctx, jetstream.KeyValueConfig{
			Bucket:      bucket,
			Description: "Trellis lattice metadata: links, claims and reference maps of lattice " + lattice,
			History:     1,
			Storage:     jetstream.FileStorage,
		})
		if errors.Is(err, jetstream.ErrBucketExists) { // another host created it meanwhile
			kv, err = js.KeyValue(ctx, bucket)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open metadata bucket %s: %w", bucket, err)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Store{
		lattice: lattice, kv: kv, log: logger.With("bucket", bucket),
		links: map[string]ctl.LinkDefinition{}, claims: map[string]claimsRecord{},
		aliases: map[string][]aliasHolder{}, refs: map[string]string{},
		synced: make(chan struct{}), done: make(chan struct{}),
	}, nil
}

// PutLink writes ld under LINKDEF_{id}, with its id computed from its identity triple.
func (s *Store) PutLink(ctx context.Context, ld ctl.LinkDefinition) error {
	if ld.ActorID == "" || ld.ProviderID == "" || ld.ContractID == "" || ld.LinkName == "" {
		return fmt.Errorf("put link %+v: actor_id, provider_id, contract_id and link_name are all required", ld)
	}
	ld.ID = ld.ComputeID()
	return s.put(ctx, linkKeyPrefix+ld.ID, ld)
}

// DeleteLink deletes the link (actor, contract, link name) from the bucket.
func (s *Store) DeleteLink(ctx context.Context, actor, contract, linkName string) error {
	key := linkKeyPrefix + ctl.LinkID(actor, contract, linkName)
	if err := s.kv.Delete(ctx, key); err != nil {
		return fmt.Errorf("delete link %s %s %s (%s): %w", actor, contract, linkName, key, err)
	}
	return nil
}

// PutClaims writes the claims record c under CLAIMS_{c.Subject}.
func (s *Store) PutClaims(ctx context.Context, c ctl.Claims) error {
	if c.Subject == "" {
		return errors.New("put claims: no subject (sub)")
	}
	return s.put(ctx, claimsKeyPrefix+c.Subject, c)
}

// PutRefMap records that image reference ref resolves to public key pk, under
// REFMAP_{base64url(ref)}.
func (s *Store) PutRefMap(ctx context.Context, ref, pk string) error {
	if ref == "" || pk == "" {
		return fmt.Errorf("put reference map %q → %q: reference and public key are required", ref, pk)
	}
	return s.put(ctx, ctl.RefmapKey(ref), ctl.Refmap{OCIURL: ref, PublicKey: pk})
}

func (s *Store) put(ctx context.Context, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	if _, err := s.kv.Put(ctx, key, data); err != nil {
		return fmt.Errorf("put %s in %s: %w", key, ctl.MetadataBucket(s.lattice), err)
	}
	return nil
}
