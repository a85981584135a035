package numbergen

import "github.com/trellis-lattice/trellis/contract/codec"

var _ codec.Message = (*RangeLimit)(nil)

// RangeLimit is the input of NumberGen.RandomInRange: the result lies in
// [Min, Max], both inclusive.
type RangeLimit struct {
	// Min is the smallest value that may be returned.
	Min uint32
	// Max is the largest value that may be returned.
	Max uint32
}

// AppendMsg appends the msgpack encoding of r to b: {min, max}, in the
// smallest unsigned forms.
func (r *RangeLimit) AppendMsg(b []byte) []byte {
	b = codec.AppendMapHeader(b, 2)
	b = codec.AppendString(b, "min")
	b = codec.AppendU32(b, r.Min)
	b = codec.AppendString(b, "max")
	return codec.AppendU32(b, r.Max)
}

// UnmarshalMsg decodes a whole payload into r.
func (r *RangeLimit) UnmarshalMsg(b []byte) error {
	*r = RangeLimit{}
	return codec.DecodeMap(b, "numbergen.RangeLimit", func(key, v []byte) (rest []byte, err error) {
		switch string(key) {
		case "min":
			r.Min, rest, err = codec.ReadU32(v)
		case "max":
			r.Max, rest, err = codec.ReadU32(v)
		default:
			rest, err = codec.Skip(v)
		}
		return rest, err
	})
}
