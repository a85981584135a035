//go:build !wasip1

package chattest

import (
	"fmt"
	"slices"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
)

// kv runs one KeyValue operation on the store; h.mu is held.
func (h *Host) kv(op string, payload []byte) ([]byte, error) {
	switch op {
	case keyvalue.OpGet:
		key, err := codec.DecodeString(payload)
		if err != nil {
			return nil, err
		}
		v, ok := h.keys[key]
		return (&keyvalue.GetResponse{Value: v, Exists: ok}).AppendMsg(nil), nil
	case keyvalue.OpSet:
		var r keyvalue.SetRequest
		if err := r.UnmarshalMsg(payload); err != nil {
			return nil, err
		}
		h.keys[r.Key] = r.Value
		return nil, nil
	case keyvalue.OpDel:
		key, err := codec.DecodeString(payload)
		if err != nil {
			return nil, err
		}
		_, ok := h.keys[key]
		delete(h.keys, key)
		return codec.EncodeBool(ok), nil
	case keyvalue.OpIncrement:
		var r keyvalue.IncrementRequest
		if err := r.UnmarshalMsg(payload); err != nil {
			return nil, err
		}
		var n int32
		if v, ok := h.keys[r.Key]; ok {
			if _, err := fmt.Sscan(v, &n); err != nil {
				return nil, err
			}
		}
		n += r.Value
		h.keys[r.Key] = fmt.Sprint(n)
		return codec.EncodeI32(n), nil
	case keyvalue.OpListAdd:
		var r keyvalue.ListAddRequest
		if err := r.UnmarshalMsg(payload); err != nil {
			return nil, err
		}
		h.lists[r.ListName] = append(h.lists[r.ListName], r.Value)
		return codec.EncodeU32(uint32(len(h.lists[r.ListName]))), nil
	case keyvalue.OpListDel:
		var r keyvalue.ListDelRequest
		if err := r.UnmarshalMsg(payload); err != nil {
			return nil, err
		}
		vs := h.lists[r.ListName]
		i := slices.Index(vs, r.Value)
		if i >= 0 {
			h.lists[r.ListName] = slices.Delete(vs, i, i+1)
		}
		return codec.EncodeBool(i >= 0), nil
	case keyvalue.OpListRange:
		var r keyvalue.ListRangeRequest
		if err := r.UnmarshalMsg(payload); err != nil {
			return nil, err
		}
		return codec.EncodeStrings(listRange(h.lists[r.ListName], r.Start, r.Stop)), nil
	case keyvalue.OpSetAdd:
		var r keyvalue.SetAddRequest
		if err := r.UnmarshalMsg(payload); err != nil {
			return nil, err
		}
		vs := h.sets[r.SetName]
		i, found := slices.BinarySearch(vs, r.Value)
		if found {
			return codec.EncodeU32(0), nil
		}
		h.sets[r.SetName] = slices.Insert(vs, i, r.Value)
		return codec.EncodeU32(1), nil
	case keyvalue.OpSetDel:
		var r keyvalue.SetDelRequest
		if err := r.UnmarshalMsg(payload); err != nil {
			return nil, err
		}
		vs := h.sets[r.SetName]
		i, found := slices.BinarySearch(vs, r.Value)
		if !found {
			return codec.EncodeU32(0), nil
		}
		h.sets[r.SetName] = slices.Delete(vs, i, i+1)
		return codec.EncodeU32(1), nil
	case keyvalue.OpSetQuery:
		set, err := codec.DecodeString(payload)
		if err != nil {
			return nil, err
		}
		return codec.EncodeStrings(h.sets[set]), nil
	}
	return nil, fmt.Errorf("fake store: %s not implemented", op)
}

// listRange is LRANGE: start and stop inclusive, negative ones counted from the end.
func listRange(vs []string, start, stop int32) []string {
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
