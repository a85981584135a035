package keyvalue

import (
	"context"

	"github.com/trellis-lattice/trellis/actor/internal/rpc"
	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
)

// ListAdd appends value to the list and returns the list's new length.
func (c Client) ListAdd(ctx context.Context, list, value string) (uint32, error) {
	req := keyvalue.ListAddRequest{ListName: list, Value: value}
	return rpc.Call(ctx, c.target(), keyvalue.OpListAdd, req.AppendMsg(nil), codec.DecodeU32)
}

// ListDel removes the first occurrence of value from the list and reports
// whether there was one.
func (c Client) ListDel(ctx context.Context, list, value string) (bool, error) {
	req := keyvalue.ListDelRequest{ListName: list, Value: value}
	return rpc.Call(ctx, c.target(), keyvalue.OpListDel, req.AppendMsg(nil), codec.DecodeBool)
}

// ListClear deletes the list and reports whether it existed.
func (c Client) ListClear(ctx context.Context, list string) (bool, error) {
	return rpc.Call(ctx, c.target(), keyvalue.OpListClear, codec.EncodeString(list), codec.DecodeBool)
}

// ListRange returns the list's values from index start to index stop, both
// inclusive and 0-based.
func (c Client) ListRange(ctx context.Context, list string, start, stop int32) ([]string, error) {
	req := keyvalue.ListRangeRequest{ListName: list, Start: start, Stop: stop}
	return rpc.Call(ctx, c.target(), keyvalue.OpListRange, req.AppendMsg(nil), codec.DecodeStrings)
}
