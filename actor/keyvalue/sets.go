package keyvalue

import (
	"context"

	"github.com/trellis-lattice/trellis/actor/internal/rpc"
	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
)

// SetAdd adds value to the set and returns how many values were added: 1, or
// 0 if it was already a member.
func (c Client) SetAdd(ctx context.Context, set, value string) (uint32, error) {
	req := keyvalue.SetAddRequest{SetName: set, Value: value}
	return rpc.Call(ctx, c.target(), keyvalue.OpSetAdd, req.AppendMsg(nil), codec.DecodeU32)
}

// SetDel removes value from the set and returns how many values were
// removed: 1, or 0 if it was not a member.
func (c Client) SetDel(ctx context.Context, set, value string) (uint32, error) {
	req := keyvalue.SetDelRequest{SetName: set, Value: value}
	return rpc.Call(ctx, c.target(), keyvalue.OpSetDel, req.AppendMsg(nil), codec.DecodeU32)
}

// SetQuery returns the members of the set.
func (c Client) SetQuery(ctx context.Context, set string) ([]string, error) {
	return rpc.Call(ctx, c.target(), keyvalue.OpSetQuery, codec.EncodeString(set), codec.DecodeStrings)
}

// SetUnion returns the members of any of the named sets.
func (c Client) SetUnion(ctx context.Context, sets ...string) ([]string, error) {
	return rpc.Call(ctx, c.target(), keyvalue.OpSetUnion, codec.EncodeStrings(sets), codec.DecodeStrings)
}

// SetIntersection returns the values that are members of all the named sets.
func (c Client) SetIntersection(ctx context.Context, sets ...string) ([]string, error) {
	return rpc.Call(ctx, c.target(), keyvalue.OpSetIntersection, codec.EncodeStrings(sets), codec.DecodeStrings)
}

// SetClear deletes the set and reports whether it existed.
func (c Client) SetClear(ctx context.Context, set string) (bool, error) {
	return rpc.Call(ctx, c.target(), keyvalue.OpSetClear, codec.EncodeString(set), codec.DecodeBool)
}
