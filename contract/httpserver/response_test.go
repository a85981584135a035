package httpserver_test

import (
	"reflect"
	"testing"

	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/contract/internal/codectest"
)

func TestResponseEncoding(t *testing.T) {
	tests := []struct {
		name string
		resp *httpserver.Response
		want string
	}{
		{
			name: "empty header is written as {}",
			resp: httpserver.NewResponse(200, nil),
			want: `83 aa "statusCode" cc c8 a6 "header" 80 a4 "body" c4 00`,
		},
		{
			name: "nil header is written as {}",
			resp: &httpserver.Response{StatusCode: 404, Body: []byte("no")},
			want: `83 aa "statusCode" cd 01 94 a6 "header" 80 a4 "body" c4 02 "no"`,
		},
		{
			name: "headers sorted by name",
			resp: &httpserver.Response{StatusCode: 100, Header: httpserver.Header{"x-b": {"2"}, "x-a": {"1"}}},
			want: `83 aa "statusCode" 64 a6 "header" 82 a3 "x-a" 91 a1 "1" a3 "x-b" 91 a1 "2" a4 "body" c4 00`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := tt.resp.AppendMsg(nil), codectest.Hex(t, tt.want); string(got) != string(want) {
				t.Fatalf("AppendMsg = %x\nwant %x", got, want)
			}
		})
	}
	codectest.Golden(t, "response_json", codectest.RoundTrip(t, &httpserver.Response{
		StatusCode: 201,
		Header:     httpserver.Header{"content-type": {"application/json"}},
		Body:       []byte(`{"counter":3}`),
	}))
}

func TestResponseDecode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want httpserver.Response
	}{
		{
			name: "old kvcounter order: body, header, statusCode",
			in:   `83 a4 "body" c4 0d "{" 22 "counter" 22 ":3}" a6 "header" 80 aa "statusCode" cc c8`,
			want: httpserver.Response{StatusCode: 200, Header: httpserver.Header{}, Body: []byte(`{"counter":3}`)},
		},
		{
			name: "status as uint16",
			in:   `81 aa "statusCode" cd 00 c8`,
			want: httpserver.Response{StatusCode: 200, Header: httpserver.Header{}},
		},
		{
			name: "status as int32",
			in:   `81 aa "statusCode" d2 00 00 00 c8`,
			want: httpserver.Response{StatusCode: 200, Header: httpserver.Header{}},
		},
		{
			name: "waPC-era response: status string and single-valued header",
			in:   `84 aa "statusCode" cc c8 a6 "status" a2 "OK" a6 "header" 81 ac "content-type" aa "text/plain" a4 "body" c4 02 "ok"`,
			want: httpserver.Response{StatusCode: 200, Header: httpserver.Header{"content-type": {"text/plain"}}, Body: []byte("ok")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got httpserver.Response
			if err := got.UnmarshalMsg(codectest.Hex(t, tt.in)); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestResponseDecodeErrors(t *testing.T) {
	tests := []struct{ name, in, wantErr string }{
		{name: "status float", in: `81 aa "statusCode" cb 40 69 00 00 00 00 00 00`, wantErr: `decode httpserver.Response field "statusCode": found float64, want u16`},
		{name: "status overflow", in: `81 aa "statusCode" ce 00 01 11 70`, wantErr: `decode httpserver.Response field "statusCode": integer 70000 out of range for u16`},
		{name: "status negative", in: `81 aa "statusCode" d0 9c`, wantErr: `decode httpserver.Response field "statusCode": integer -100 out of range for u16`},
		{name: "status truncated", in: `81 aa "statusCode" cd 00`, wantErr: `decode httpserver.Response field "statusCode": msgpack data truncated`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r httpserver.Response
			if err := r.UnmarshalMsg(codectest.Hex(t, tt.in)); err == nil || err.Error() != tt.wantErr {
				t.Fatalf("err = %v\nwant %s", err, tt.wantErr)
			}
		})
	}
}

func TestResponseRoundTrip(t *testing.T) {
	for _, r := range []*httpserver.Response{
		httpserver.NewResponse(200, []byte("Ping pong")),
		{StatusCode: 65535, Header: httpserver.Header{"set-cookie": {"a=1", "b=2"}}, Body: make([]byte, 256)},
	} {
		codectest.RoundTrip(t, r)
	}
}

func FuzzResponse(f *testing.F) {
	codectest.Fuzz[httpserver.Response](f,
		httpserver.NewResponse(200, []byte("ok")).AppendMsg(nil),
		codectest.Hex(f, `83 a4 "body" c4 02 "ok" a6 "header" 80 aa "statusCode" cc c8`),
	)
}
