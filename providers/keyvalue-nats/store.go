package keyvaluenats

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/trellis-lattice/trellis/providers/internal/kvstore"
)

// markerTTL is the LimitMarkerTTL of the buckets the provider creates: it enables per-key TTLs.
const markerTTL = time.Second

// store is a kvstore.Store on one JetStream key-value bucket.
type store struct {
	nc     *nats.Conn
	own    *nats.Conn // nc when the link has its own connection, else nil
	js     jetstream.JetStream
	server string
	name   string

	mu     sync.Mutex
	kv     jetstream.KeyValue // nil until opened
	ttlOK  bool               // the bucket allows per-message TTLs
	closed bool
}

var _ kvstore.Store = (*store)(nil)

func newStore(nc, own *nats.Conn, server, bucket string) (*store, error) {
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("jetstream on %s: %w", server, err)
	}
	return &store{nc: nc, own: own, js: js, server: server, name: bucket}, nil
}

func (s *store) close() {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	if s.own != nil {
		s.own.Close()
	}
}

// wrap names the server and bucket in an error.
func (s *store) wrap(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("nats %s bucket %s: %w", s.server, s.name, err)
}

// bucket returns the open bucket, opening or creating it first if needed.
func (s *store) bucket(ctx context.Context) (jetstream.KeyValue, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, s.wrap(errors.New("link deleted"))
	}
	if st := s.nc.Status(); st != nats.CONNECTED {
		return nil, s.wrap(fmt.Errorf("not connected (%s)", strings.ToLower(st.String())))
	}
	if s.kv != nil {
		return s.kv, nil
	}
	kv, err := s.js.KeyValue(ctx, s.name)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		cfg := jetstream.KeyValueConfig{
			Bucket:         s.name,
			Description:    "Trellis wasmcloud:keyvalue (keyvalue-nats)",
			History:        1,
			LimitMarkerTTL: markerTTL,
		}
		kv, err = s.js.CreateKeyValue(ctx, cfg)
		if errors.Is(err, jetstream.ErrLimitMarkerTTLNotSupported) {
			// A NATS server before 2.11: everything works but per-key expiry (Set with expires
			// then fails, saying why).
			cfg.LimitMarkerTTL = 0
			kv, err = s.js.CreateKeyValue(ctx, cfg)
		}
		if errors.Is(err, jetstream.ErrBucketExists) {
			kv, err = s.js.KeyValue(ctx, s.name)
		}
	}
	if err != nil {
		return nil, s.wrap(fmt.Errorf("open: %w", err))
	}
	status, err := kv.Status(ctx)
	if err != nil {
		return nil, s.wrap(err)
	}
	if bs, ok := status.(*jetstream.KeyValueBucketStatus); ok {
		s.ttlOK = bs.StreamInfo().Config.AllowMsgTTL
	}
	s.kv = kv
	return kv, nil
}

func (s *store) health(ctx context.Context) error {
	kv, err := s.bucket(ctx)
	if err != nil {
		return err
	}
	_, err = kv.Status(ctx)
	return s.wrap(err)
}

// encodeKey maps an actor's key to a valid NATS KV key, reversibly: letters, digits, '-', '_'
// and '/' stay, every other byte becomes "=XX" (upper-case hex), and the empty key is "=".
func encodeKey(key string) string {
	if key == "" {
		return "="
	}
	var b strings.Builder
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '/' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "=%02X", c)
		}
	}
	return b.String()
}

// entry returns the current entry of key, nil if it has none.
func (s *store) entry(ctx context.Context, kv jetstream.KeyValue, key string) (jetstream.KeyValueEntry, error) {
	e, err := kv.Get(ctx, encodeKey(key))
	if errors.Is(err, jetstream.ErrKeyNotFound) || errors.Is(err, jetstream.ErrKeyDeleted) {
		return nil, nil
	}
	if err != nil {
		return nil, s.wrap(fmt.Errorf("get %q: %w", key, err))
	}
	return e, nil
}

// conflict reports whether err is a lost compare-and-set race.
func conflict(err error) bool {
	return errors.Is(err, jetstream.ErrKeyRevisionMismatch) || errors.Is(err, jetstream.ErrKeyExists)
}

// backoff waits a little before retry attempt n of a lost compare-and-set race.
func backoff(ctx context.Context, n int) error {
	d := time.Duration(rand.IntN(min(n, 20))+1) * time.Millisecond
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

func (s *store) Get(ctx context.Context, key string) (string, bool, error) {
	kv, err := s.bucket(ctx)
	if err != nil {
		return "", false, err
	}
	e, err := s.entry(ctx, kv, key)
	if err != nil || e == nil {
		return "", false, err
	}
	return string(e.Value()), true, nil
}

func (s *store) Set(ctx context.Context, key, value string, expires uint32) error {
	kv, err := s.bucket(ctx)
	if err != nil {
		return err
	}
	if expires == 0 {
		_, err = kv.Put(ctx, encodeKey(key), []byte(value))
		return s.wrap(err)
	}
	if !s.ttlOK {
		return s.wrap(fmt.Errorf("set %q with expiry: the bucket does not allow per-key TTLs (it was created without LimitMarkerTTL, or the NATS server is older than 2.11)", key))
	}
	// A put with the Nats-TTL header: the server removes the value after the TTL.
	subject := "$KV." + s.name + "." + encodeKey(key)
	_, err = s.js.Publish(ctx, subject, []byte(value), jetstream.WithMsgTTL(time.Duration(expires)*time.Second))
	return s.wrap(err)
}

func (s *store) Del(ctx context.Context, key string) (bool, error) {
	kv, err := s.bucket(ctx)
	if err != nil {
		return false, err
	}
	for n := 1; ; n++ {
		e, err := s.entry(ctx, kv, key)
		if err != nil || e == nil {
			return false, err
		}
		err = kv.Delete(ctx, encodeKey(key), jetstream.LastRevision(e.Revision()))
		if err == nil {
			return true, nil
		}
		if !conflict(err) {
			return false, s.wrap(fmt.Errorf("delete %q: %w", key, err))
		}
		if err := backoff(ctx, n); err != nil {
			return false, s.wrap(err)
		}
	}
}

func (s *store) Contains(ctx context.Context, key string) (bool, error) {
	kv, err := s.bucket(ctx)
	if err != nil {
		return false, err
	}
	e, err := s.entry(ctx, kv, key)
	return e != nil, err
}

// write stores value under key as the next revision after e (nil: the key is absent).
func (s *store) write(ctx context.Context, kv jetstream.KeyValue, key string, e jetstream.KeyValueEntry, value []byte) error {
	var err error
	if e == nil {
		_, err = kv.Create(ctx, encodeKey(key), value)
	} else {
		_, err = kv.Update(ctx, encodeKey(key), value, e.Revision())
	}
	return err
}

func (s *store) Increment(ctx context.Context, key string, by int32) (int32, error) {
	kv, err := s.bucket(ctx)
	if err != nil {
		return 0, err
	}
	for n := 1; ; n++ {
		e, err := s.entry(ctx, kv, key)
		if err != nil {
			return 0, err
		}
		var cur int64
		if e != nil {
			cur, err = strconv.ParseInt(string(e.Value()), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("value of %q is not an integer", key)
			}
		}
		next := cur + int64(by)
		if next < math.MinInt32 || next > math.MaxInt32 {
			return 0, fmt.Errorf("value of %q would be %d, out of the i32 range", key, next)
		}
		err = s.write(ctx, kv, key, e, strconv.AppendInt(nil, next, 10))
		if err == nil {
			return int32(next), nil
		}
		if !conflict(err) {
			return 0, s.wrap(fmt.Errorf("increment %q: %w", key, err))
		}
		if err := backoff(ctx, n); err != nil {
			return 0, s.wrap(err)
		}
	}
}

// members decodes the JSON array of strings of a list or set entry.
func members(key string, e jetstream.KeyValueEntry) ([]string, error) {
	if e == nil {
		return nil, nil
	}
	var vs []string
	if err := json.Unmarshal(e.Value(), &vs); err != nil {
		return nil, fmt.Errorf("value of %q is not a list or set (a JSON array of strings)", key)
	}
	return vs, nil
}

// modify applies f to the members of list or set key and stores the result with a
// compare-and-set, retried on conflicts. f reports whether it changed anything; a result with no
// members deletes the key.
func (s *store) modify(ctx context.Context, key string, f func([]string) ([]string, bool)) ([]string, bool, error) {
	kv, err := s.bucket(ctx)
	if err != nil {
		return nil, false, err
	}
	for n := 1; ; n++ {
		e, err := s.entry(ctx, kv, key)
		if err != nil {
			return nil, false, err
		}
		cur, err := members(key, e)
		if err != nil {
			return nil, false, err
		}
		next, changed := f(cur)
		if !changed {
			return next, false, nil
		}
		switch {
		case len(next) > 0:
			b, _ := json.Marshal(next)
			err = s.write(ctx, kv, key, e, b)
		case e != nil:
			err = kv.Delete(ctx, encodeKey(key), jetstream.LastRevision(e.Revision()))
		}
		if err == nil {
			return next, true, nil
		}
		if !conflict(err) {
			return nil, false, s.wrap(fmt.Errorf("update %q: %w", key, err))
		}
		if err := backoff(ctx, n); err != nil {
			return nil, false, s.wrap(err)
		}
	}
}

// read returns the members of list or set key.
func (s *store) read(ctx context.Context, key string) ([]string, error) {
	kv, err := s.bucket(ctx)
	if err != nil {
		return nil, err
	}
	e, err := s.entry(ctx, kv, key)
	if err != nil {
		return nil, err
	}
	return members(key, e)
}

func (s *store) ListAdd(ctx context.Context, list, value string) (uint32, error) {
	next, _, err := s.modify(ctx, list, func(vs []string) ([]string, bool) { return append(vs, value), true })
	return uint32(len(next)), err
}

func (s *store) ListDel(ctx context.Context, list, value string) (bool, error) {
	_, changed, err := s.modify(ctx, list, func(vs []string) ([]string, bool) {
		i := slices.Index(vs, value)
		if i < 0 {
			return vs, false
		}
		return slices.Delete(vs, i, i+1), true
	})
	return changed, err
}

func (s *store) ListClear(ctx context.Context, list string) (bool, error) { return s.Del(ctx, list) }

func (s *store) ListRange(ctx context.Context, list string, start, stop int32) ([]string, error) {
	vs, err := s.read(ctx, list)
	if err != nil {
		return nil, err
	}
	return kvstore.Range(vs, start, stop), nil
}

func (s *store) SetAdd(ctx context.Context, set, value string) (uint32, error) {
	_, changed, err := s.modify(ctx, set, func(vs []string) ([]string, bool) {
		i, found := slices.BinarySearch(vs, value)
		if found {
			return vs, false
		}
		return slices.Insert(vs, i, value), true
	})
	if changed {
		return 1, err
	}
	return 0, err
}

func (s *store) SetDel(ctx context.Context, set, value string) (uint32, error) {
	_, changed, err := s.modify(ctx, set, func(vs []string) ([]string, bool) {
		i, found := slices.BinarySearch(vs, value)
		if !found {
			return vs, false
		}
		return slices.Delete(vs, i, i+1), true
	})
	if changed {
		return 1, err
	}
	return 0, err
}

func (s *store) SetQuery(ctx context.Context, set string) ([]string, error) { return s.read(ctx, set) }

func (s *store) SetUnion(ctx context.Context, sets []string) ([]string, error) {
	seen := map[string]bool{}
	out := []string{}
	for _, name := range sets {
		vs, err := s.read(ctx, name)
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	return out, nil
}

func (s *store) SetIntersection(ctx context.Context, sets []string) ([]string, error) {
	var out []string
	for i, name := range sets {
		vs, err := s.read(ctx, name)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			out = vs
			continue
		}
		out = slices.DeleteFunc(out, func(v string) bool { return !slices.Contains(vs, v) })
	}
	return out, nil
}

func (s *store) SetClear(ctx context.Context, set string) (bool, error) { return s.Del(ctx, set) }
