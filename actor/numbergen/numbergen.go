package numbergen

import (
	"context"
	"errors"
	"strconv"

	"github.com/trellis-lattice/trellis/actor"
	"github.com/trellis-lattice/trellis/actor/internal/rpc"
	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/numbergen"
)

// ContractID is the namespace of the builtin: wasmcloud:builtin:numbergen.
const ContractID = numbergen.ContractID

// target is where every call goes; the host ignores the binding.
var target = rpc.Target{Link: actor.DefaultLink, Contract: ContractID}

// GenerateGuid returns a random UUID v4 in its lowercase hyphenated form,
// e.g. "0f8fad5b-d9cb-469f-a165-70867728950e".
func GenerateGuid(ctx context.Context) (string, error) {
	return rpc.Call(ctx, target, numbergen.OpGenerateGuid, nil, codec.DecodeString)
}

// RandomInRange returns a random number in [min, max], both inclusive. It
// fails without calling the host if min > max.
func RandomInRange(ctx context.Context, min, max uint32) (uint32, error) {
	if min > max {
		return 0, errors.New("numbergen random in range: min " + strconv.FormatUint(uint64(min), 10) +
			" is greater than max " + strconv.FormatUint(uint64(max), 10))
	}
	req := numbergen.RangeLimit{Min: min, Max: max}
	return rpc.Call(ctx, target, numbergen.OpRandomInRange, req.AppendMsg(nil), codec.DecodeU32)
}

// Random32 returns a random 32-bit number.
func Random32(ctx context.Context) (uint32, error) {
	return rpc.Call(ctx, target, numbergen.OpRandom32, nil, codec.DecodeU32)
}
