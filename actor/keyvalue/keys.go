package keyvalue

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/trellis-lattice/trellis/actor/internal/rpc"
	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
)

// Get returns the value of key and whether the key exists; a missing key is
// not an error and yields "", false.
func (c Client) Get(ctx context.Context, key string) (value string, exists bool, err error) {
	r, err := rpc.Call(ctx, c.target(), keyvalue.OpGet, codec.EncodeString(key), rpc.Decoder[keyvalue.GetResponse]())
	if err != nil {
		return "", false, err
	}
	return r.Value, r.Exists, nil
}

// Set stores value under key. A positive expires makes the key expire after
// that long, rounded up to whole seconds; 0 means it never expires.
func (c Client) Set(ctx context.Context, key, value string, expires time.Duration) error {
	secs, err := seconds(expires)
	if err != nil {
		return err
	}
	req := keyvalue.SetRequest{Key: key, Value: value, Expires: secs}
	return rpc.CallUnit(ctx, c.target(), keyvalue.OpSet, req.AppendMsg(nil))
}

// Del deletes key and reports whether it existed.
func (c Client) Del(ctx context.Context, key string) (bool, error) {
	return rpc.Call(ctx, c.target(), keyvalue.OpDel, codec.EncodeString(key), codec.DecodeBool)
}

// Contains reports whether key exists.
func (c Client) Contains(ctx context.Context, key string) (bool, error) {
	return rpc.Call(ctx, c.target(), keyvalue.OpContains, codec.EncodeString(key), codec.DecodeBool)
}

// Increment adds n (which may be negative) to the number stored under key,
// creating it at 0 first if needed, and returns the new value.
func (c Client) Increment(ctx context.Context, key string, n int32) (int32, error) {
	req := keyvalue.IncrementRequest{Key: key, Value: n}
	return rpc.Call(ctx, c.target(), keyvalue.OpIncrement, req.AppendMsg(nil), codec.DecodeI32)
}

// seconds converts an expiry to the whole seconds of SetRequest.expires,
// rounding up so that a short positive expiry does not mean "never".
func seconds(d time.Duration) (uint32, error) {
	switch {
	case d < 0:
		return 0, errors.New("keyvalue set: negative expiry " + d.String())
	case d > time.Duration(math.MaxUint32)*time.Second:
		return 0, errors.New("keyvalue set: expiry " + d.String() + " exceeds 2^32-1 seconds")
	}
	return uint32((d + time.Second - 1) / time.Second), nil
}
