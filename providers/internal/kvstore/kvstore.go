// Package kvstore is the backend-independent half of the Trellis wasmcloud:keyvalue providers:
// it decodes each KeyValue operation's payload (ACTORS.md §3.3.3, package contract/keyvalue),
// calls the matching Store method and encodes the result.
//
// A Store is one backend connection (a Redis client, a NATS JetStream KV bucket). Dispatch sorts
// the members that SetQuery, SetUnion and SetIntersection return, so both backends answer with
// the same bytes.
package kvstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
)

// Store is a key-value backend with the semantics of ACTORS.md §3.3.3. Keys, lists and sets
// share one key space. A list or set with no members does not exist.
type Store interface {
	// Get returns the value of key and whether it exists.
	Get(ctx context.Context, key string) (value string, exists bool, err error)
	// Set sets key to value; expires > 0 makes the key expire after that many seconds.
	Set(ctx context.Context, key, value string, expires uint32) error
	// Del deletes key and reports whether it existed.
	Del(ctx context.Context, key string) (bool, error)
	// Contains reports whether key exists.
	Contains(ctx context.Context, key string) (bool, error)
	// Increment adds by to the integer value of key (0 when absent) and returns the new value.
	Increment(ctx context.Context, key string, by int32) (int32, error)
	// ListAdd appends value to list and returns the new length.
	ListAdd(ctx context.Context, list, value string) (uint32, error)
	// ListDel removes the first occurrence of value from list and reports whether it was there.
	ListDel(ctx context.Context, list, value string) (bool, error)
	// ListClear deletes list and reports whether it existed.
	ListClear(ctx context.Context, list string) (bool, error)
	// ListRange returns the values of list from start to stop, both inclusive and 0-based;
	// negative indexes count from the end (-1 is the last value), as Redis LRANGE.
	ListRange(ctx context.Context, list string, start, stop int32) ([]string, error)
	// SetAdd adds value to set and returns 1 if it was added, 0 if it was a member already.
	SetAdd(ctx context.Context, set, value string) (uint32, error)
	// SetDel removes value from set and returns 1 if it was removed, 0 if it was not a member.
	SetDel(ctx context.Context, set, value string) (uint32, error)
	// SetQuery returns the members of set, in any order.
	SetQuery(ctx context.Context, set string) ([]string, error)
	// SetUnion returns the members of any of sets, in any order.
	SetUnion(ctx context.Context, sets []string) ([]string, error)
	// SetIntersection returns the members of all of sets, in any order.
	SetIntersection(ctx context.Context, sets []string) ([]string, error)
	// SetClear deletes set and reports whether it existed.
	SetClear(ctx context.Context, set string) (bool, error)
}

// Dispatch runs KeyValue operation op with payload on s and returns the result payload. An
// unknown operation, a payload that does not decode and a backend failure are errors that name
// the operation.
func Dispatch(ctx context.Context, s Store, op string, payload []byte) ([]byte, error) {
	out, err := dispatch(ctx, s, op, payload)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

func dispatch(ctx context.Context, s Store, op string, payload []byte) ([]byte, error) {
	switch op {
	case keyvalue.OpGet:
		key, err := decodeString(payload)
		if err != nil {
			return nil, err
		}
		v, ok, err := s.Get(ctx, key)
		if err != nil {
			return nil, err
		}
		return (&keyvalue.GetResponse{Value: v, Exists: ok}).AppendMsg(nil), nil
	case keyvalue.OpSet:
		var r keyvalue.SetRequest
		if err := decodeMsg(&r, payload, "SetRequest"); err != nil {
			return nil, err
		}
		return nil, s.Set(ctx, r.Key, r.Value, r.Expires)
	case keyvalue.OpDel:
		return boolOp(ctx, payload, s.Del)
	case keyvalue.OpContains:
		return boolOp(ctx, payload, s.Contains)
	case keyvalue.OpIncrement:
		var r keyvalue.IncrementRequest
		if err := decodeMsg(&r, payload, "IncrementRequest"); err != nil {
			return nil, err
		}
		n, err := s.Increment(ctx, r.Key, r.Value)
		if err != nil {
			return nil, err
		}
		return codec.EncodeI32(n), nil
	case keyvalue.OpListAdd:
		var r keyvalue.ListAddRequest
		if err := decodeMsg(&r, payload, "ListAddRequest"); err != nil {
			return nil, err
		}
		n, err := s.ListAdd(ctx, r.ListName, r.Value)
		if err != nil {
			return nil, err
		}
		return codec.EncodeU32(n), nil
	case keyvalue.OpListDel:
		var r keyvalue.ListDelRequest
		if err := decodeMsg(&r, payload, "ListDelRequest"); err != nil {
			return nil, err
		}
		ok, err := s.ListDel(ctx, r.ListName, r.Value)
		if err != nil {
			return nil, err
		}
		return codec.EncodeBool(ok), nil
	case keyvalue.OpListClear:
		return boolOp(ctx, payload, s.ListClear)
	case keyvalue.OpListRange:
		var r keyvalue.ListRangeRequest
		if err := decodeMsg(&r, payload, "ListRangeRequest"); err != nil {
			return nil, err
		}
		vs, err := s.ListRange(ctx, r.ListName, r.Start, r.Stop)
		if err != nil {
			return nil, err
		}
		return codec.EncodeStrings(vs), nil
	case keyvalue.OpSetAdd:
		var r keyvalue.SetAddRequest
		if err := decodeMsg(&r, payload, "SetAddRequest"); err != nil {
			return nil, err
		}
		n, err := s.SetAdd(ctx, r.SetName, r.Value)
		if err != nil {
			return nil, err
		}
		return codec.EncodeU32(n), nil
	case keyvalue.OpSetDel:
		var r keyvalue.SetDelRequest
		if err := decodeMsg(&r, payload, "SetDelRequest"); err != nil {
			return nil, err
		}
		n, err := s.SetDel(ctx, r.SetName, r.Value)
		if err != nil {
			return nil, err
		}
		return codec.EncodeU32(n), nil
	case keyvalue.OpSetQuery:
		name, err := decodeString(payload)
		if err != nil {
			return nil, err
		}
		return sortedStrings(s.SetQuery(ctx, name))
	case keyvalue.OpSetUnion, keyvalue.OpSetIntersection:
		names, err := codec.DecodeStrings(payload)
		if err != nil {
			return nil, fmt.Errorf("decode list of set names: %w", err)
		}
		if len(names) == 0 {
			return codec.EncodeStrings(nil), nil
		}
		if op == keyvalue.OpSetUnion {
			return sortedStrings(s.SetUnion(ctx, names))
		}
		return sortedStrings(s.SetIntersection(ctx, names))
	case keyvalue.OpSetClear:
		return boolOp(ctx, payload, s.SetClear)
	}
	return nil, fmt.Errorf("unknown operation of %s", keyvalue.ContractID)
}

func decodeString(payload []byte) (string, error) {
	s, err := codec.DecodeString(payload)
	if err != nil {
		return "", fmt.Errorf("decode str: %w", err)
	}
	return s, nil
}

func decodeMsg(m codec.Message, payload []byte, name string) error {
	if err := m.UnmarshalMsg(payload); err != nil {
		return fmt.Errorf("decode %s: %w", name, err)
	}
	return nil
}

func boolOp(ctx context.Context, payload []byte, f func(context.Context, string) (bool, error)) ([]byte, error) {
	name, err := decodeString(payload)
	if err != nil {
		return nil, err
	}
	ok, err := f(ctx, name)
	if err != nil {
		return nil, err
	}
	return codec.EncodeBool(ok), nil
}

func sortedStrings(vs []string, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	slices.Sort(vs)
	return codec.EncodeStrings(vs), nil
}

// Range returns the values of vs from start to stop, both inclusive, with the index rules of
// Redis LRANGE: negative indexes count from the end, and out-of-range indexes are clamped.
func Range(vs []string, start, stop int32) []string {
	n := len(vs)
	lo, hi := int(start), int(stop)
	if lo < 0 {
		lo = max(n+lo, 0)
	}
	if hi < 0 {
		hi = n + hi
	}
	hi = min(hi, n-1)
	if lo > hi {
		return []string{}
	}
	return slices.Clone(vs[lo : hi+1])
}
