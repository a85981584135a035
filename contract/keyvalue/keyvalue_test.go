package keyvalue_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/trellis-lattice/trellis/contract/codec"
	"github.com/trellis-lattice/trellis/contract/internal/codectest"
	"github.com/trellis-lattice/trellis/contract/keyvalue"
)

// message is the method set shared by every keyvalue structure.
type message interface {
	AppendMsg(b []byte) []byte
	UnmarshalMsg(b []byte) error
}

func TestEncode(t *testing.T) {
	tests := []struct {
		name string
		msg  message
		want string
	}{
		{
			name: "observed Increment (§3.3.3)",
			msg:  &keyvalue.IncrementRequest{Key: "counter::foo:bar", Value: 3},
			want: `82 a3 "key" b0 "counter::foo:bar" a5 "value" 03`,
		},
		{name: "Increment negative", msg: &keyvalue.IncrementRequest{Key: "k", Value: -200}, want: `82 a3 "key" a1 "k" a5 "value" d1 ff 38`},
		{name: "Increment 200 signed", msg: &keyvalue.IncrementRequest{Key: "k", Value: 200}, want: `82 a3 "key" a1 "k" a5 "value" d1 00 c8`},
		{name: "GetResponse", msg: &keyvalue.GetResponse{Value: "v", Exists: true}, want: `82 a5 "value" a1 "v" a6 "exists" c3`},
		{name: "GetResponse missing", msg: &keyvalue.GetResponse{}, want: `82 a5 "value" a0 a6 "exists" c2`},
		{
			name: "Set never expires",
			msg:  &keyvalue.SetRequest{Key: "k", Value: "v"},
			want: `83 a3 "key" a1 "k" a5 "value" a1 "v" a7 "expires" 00`,
		},
		{
			name: "Set expires 300 unsigned",
			msg:  &keyvalue.SetRequest{Key: "k", Value: "v", Expires: 300},
			want: `83 a3 "key" a1 "k" a5 "value" a1 "v" a7 "expires" cd 01 2c`,
		},
		{name: "ListAdd", msg: &keyvalue.ListAddRequest{ListName: "l", Value: "v"}, want: `82 a8 "listName" a1 "l" a5 "value" a1 "v"`},
		{name: "ListDel", msg: &keyvalue.ListDelRequest{ListName: "l", Value: "v"}, want: `82 a8 "listName" a1 "l" a5 "value" a1 "v"`},
		{
			name: "ListRange",
			msg:  &keyvalue.ListRangeRequest{ListName: "l", Start: 0, Stop: -1},
			want: `83 a8 "listName" a1 "l" a5 "start" 00 a4 "stop" ff`,
		},
		{name: "SetAdd", msg: &keyvalue.SetAddRequest{SetName: "s", Value: "v"}, want: `82 a7 "setName" a1 "s" a5 "value" a1 "v"`},
		{name: "SetDel", msg: &keyvalue.SetDelRequest{SetName: "s", Value: "v"}, want: `82 a7 "setName" a1 "s" a5 "value" a1 "v"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := codectest.Hex(t, tt.want)
			if got := tt.msg.AppendMsg(nil); !bytes.Equal(got, want) {
				t.Fatalf("AppendMsg = %x\nwant %x", got, want)
			}
			back := reflect.New(reflect.TypeOf(tt.msg).Elem()).Interface().(message)
			if err := back.UnmarshalMsg(want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back, tt.msg) {
				t.Fatalf("UnmarshalMsg = %+v, want %+v", back, tt.msg)
			}
		})
	}
}

func TestDecodeTolerance(t *testing.T) {
	tests := []struct {
		name string
		in   string
		msg  message // decoded into
		want message
	}{
		{
			name: "Increment other key order, i32 as int32",
			in:   `82 a5 "value" d2 00 00 00 03 a3 "key" a1 "k"`,
			msg:  &keyvalue.IncrementRequest{}, want: &keyvalue.IncrementRequest{Key: "k", Value: 3},
		},
		{
			name: "Set expires as uint16 and unknown key",
			in:   `84 a7 "expires" cd 00 05 a3 "key" a1 "k" a3 "ttl" cb 00 00 00 00 00 00 00 00 a5 "value" a1 "v"`,
			msg:  &keyvalue.SetRequest{}, want: &keyvalue.SetRequest{Key: "k", Value: "v", Expires: 5},
		},
		{
			name: "Set missing expires",
			in:   `82 a3 "key" a1 "k" a5 "value" a1 "v"`,
			msg:  &keyvalue.SetRequest{}, want: &keyvalue.SetRequest{Key: "k", Value: "v"},
		},
		{
			name: "legacy list_name in ListAdd",
			in:   `82 a9 "list_name" a1 "l" a5 "value" a1 "v"`,
			msg:  &keyvalue.ListAddRequest{}, want: &keyvalue.ListAddRequest{ListName: "l", Value: "v"},
		},
		{
			name: "legacy list_name in ListRange, wide ints",
			in:   `83 a9 "list_name" a1 "l" a5 "start" cc 0a a4 "stop" d3 00 00 00 00 00 00 00 14`,
			msg:  &keyvalue.ListRangeRequest{}, want: &keyvalue.ListRangeRequest{ListName: "l", Start: 10, Stop: 20},
		},
		{
			name: "list_name is not setName",
			in:   `82 a9 "list_name" a1 "l" a5 "value" a1 "v"`,
			msg:  &keyvalue.SetAddRequest{}, want: &keyvalue.SetAddRequest{Value: "v"},
		},
		{
			name: "GetResponse value as bin",
			in:   `82 a6 "exists" c3 a5 "value" c4 01 "v"`,
			msg:  &keyvalue.GetResponse{}, want: &keyvalue.GetResponse{Value: "v", Exists: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.msg.UnmarshalMsg(codectest.Hex(t, tt.in)); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tt.msg, tt.want) {
				t.Fatalf("got %+v, want %+v", tt.msg, tt.want)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
		msg               message
	}{
		{
			name: "Increment float", msg: &keyvalue.IncrementRequest{},
			in:      `82 a3 "key" a1 "k" a5 "value" cb 40 08 00 00 00 00 00 00`,
			wantErr: `decode keyvalue.IncrementRequest field "value": found float64, want i32`,
		},
		{
			name: "Increment overflow", msg: &keyvalue.IncrementRequest{},
			in:      `81 a5 "value" cf 00 00 00 00 80 00 00 00`,
			wantErr: `decode keyvalue.IncrementRequest field "value": integer 2147483648 out of range for i32`,
		},
		{
			name: "Set negative expires", msg: &keyvalue.SetRequest{},
			in:      `81 a7 "expires" ff`,
			wantErr: `decode keyvalue.SetRequest field "expires": integer -1 out of range for u32`,
		},
		{
			name: "Set truncated", msg: &keyvalue.SetRequest{},
			in:      `83 a3 "key" a1 "k" a5 "value" a4 "v"`,
			wantErr: `decode keyvalue.SetRequest field "value": msgpack data truncated`,
		},
		{
			name: "ListRange stop str", msg: &keyvalue.ListRangeRequest{},
			in:      `81 a4 "stop" a1 "1"`,
			wantErr: `decode keyvalue.ListRangeRequest field "stop": found str, want i32`,
		},
		{
			name: "SetDel value nil", msg: &keyvalue.SetDelRequest{},
			in:      `81 a5 "value" c0`,
			wantErr: `decode keyvalue.SetDelRequest field "value": found nil, want str`,
		},
		{
			name: "ListDel as array", msg: &keyvalue.ListDelRequest{},
			in:      `92 a1 "l" a1 "v"`,
			wantErr: `decode keyvalue.ListDelRequest: found array, want map`,
		},
		{
			name: "GetResponse trailing", msg: &keyvalue.GetResponse{},
			in:      `80 c3`,
			wantErr: `decode keyvalue.GetResponse: trailing bytes after msgpack value (1 bytes)`,
		},
		{
			name: "ListAdd empty payload", msg: &keyvalue.ListAddRequest{},
			in:      ``,
			wantErr: `decode keyvalue.ListAddRequest: empty payload: msgpack data truncated`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.msg.UnmarshalMsg(codectest.Hex(t, tt.in)); err == nil || err.Error() != tt.wantErr {
				t.Fatalf("err = %v\nwant %s", err, tt.wantErr)
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	codectest.RoundTrip(t, &keyvalue.GetResponse{Value: "ü\x00", Exists: true})
	codectest.RoundTrip(t, &keyvalue.SetRequest{Key: "k", Value: string(make([]byte, 300)), Expires: 1<<32 - 1})
	codectest.RoundTrip(t, &keyvalue.IncrementRequest{Key: "k", Value: -1 << 31})
	codectest.RoundTrip(t, &keyvalue.ListAddRequest{ListName: "l", Value: "v"})
	codectest.RoundTrip(t, &keyvalue.ListDelRequest{ListName: "l"})
	codectest.RoundTrip(t, &keyvalue.ListRangeRequest{ListName: "l", Start: 1<<31 - 1, Stop: -1 << 31})
	codectest.RoundTrip(t, &keyvalue.SetAddRequest{SetName: "s", Value: "v"})
	codectest.RoundTrip(t, &keyvalue.SetDelRequest{SetName: "s", Value: ""})
}

// TestPrimitivePayloads checks the bare payloads of the operations whose
// input or output is not a structure, as the package documentation lists.
func TestPrimitivePayloads(t *testing.T) {
	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{name: "Get input", got: codec.EncodeString("counter"), want: `a7 "counter"`},
		{name: "Increment output", got: codec.EncodeI32(4), want: `04`},
		{name: "ListAdd output", got: codec.EncodeU32(1), want: `01`},
		{name: "Del output", got: codec.EncodeBool(true), want: `c3`},
		{name: "SetUnion input", got: codec.EncodeStrings([]string{"a", "b"}), want: `92 a1 "a" a1 "b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if want := codectest.Hex(t, tt.want); !bytes.Equal(tt.got, want) {
				t.Fatalf("got %x, want %x", tt.got, want)
			}
		})
	}
	if v, err := codec.DecodeI32(codectest.Hex(t, `d2 00 00 00 03`)); err != nil || v != 3 {
		t.Fatalf("Increment output as int32 = %d, %v", v, err)
	}
}
