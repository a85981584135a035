package httpserver_test

import (
	"reflect"
	"testing"

	"github.com/trellis-lattice/trellis/contract/httpserver"
	"github.com/trellis-lattice/trellis/contract/internal/codectest"
)

// echoRequest is the request of the echo test vector in ACTORS.md §3.3.2.
func echoRequest() *httpserver.Request {
	return &httpserver.Request{
		Method:      "GET",
		Path:        "/foo/bar",
		QueryString: "amount=3&x=y",
		Header:      httpserver.Header{"accept": {"*/*"}, "host": {"localhost:8080"}},
		Body:        []byte("hello"),
	}
}

func TestRequestEncoding(t *testing.T) {
	enc := codectest.RoundTrip(t, echoRequest())
	codectest.Golden(t, "request_echo", enc)

	empty := codectest.RoundTrip(t, &httpserver.Request{Header: httpserver.Header{}})
	want := codectest.Hex(t, `85 a6 "method" a0 a4 "path" a0 ab "queryString" a0 a6 "header" 80 a4 "body" c4 00`)
	if string(empty) != string(want) {
		t.Errorf("empty request = %x\nwant %x", empty, want)
	}
}

func TestRequestDecode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want httpserver.Request
	}{
		{
			name: "other key order",
			in:   `85 a4 "body" c4 02 "hi" a6 "header" 80 ab "queryString" a3 "a=1" a4 "path" a1 "/" a6 "method" a4 "POST"`,
			want: httpserver.Request{Method: "POST", Path: "/", QueryString: "a=1", Header: httpserver.Header{}, Body: []byte("hi")},
		},
		{
			name: "snake_case query_string is ignored",
			in:   `85 a6 "method" a3 "GET" a4 "path" a1 "/" ac "query_string" a3 "a=1" a6 "header" 80 a4 "body" c4 00`,
			want: httpserver.Request{Method: "GET", Path: "/", Header: httpserver.Header{}},
		},
		{
			name: "body as str",
			in:   `82 a4 "body" a2 "hi" a6 "header" 81 a1 "a" 91 a1 "b"`,
			want: httpserver.Request{Header: httpserver.Header{"a": {"b"}}, Body: []byte("hi")},
		},
		{
			name: "body as int array",
			in:   `81 a4 "body" 92 68 cc 69`,
			want: httpserver.Request{Header: httpserver.Header{}, Body: []byte("hi")},
		},
		{
			name: "missing header decodes as empty",
			in:   `81 a6 "method" a3 "GET"`,
			want: httpserver.Request{Method: "GET", Header: httpserver.Header{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got httpserver.Request
			if err := got.UnmarshalMsg(codectest.Hex(t, tt.in)); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestRequestDecodeErrors(t *testing.T) {
	tests := []struct{ name, in, wantErr string }{
		{name: "method not str", in: `81 a6 "method" 01`, wantErr: `decode httpserver.Request field "method": found int, want str`},
		{name: "header not map", in: `81 a6 "header" 90`, wantErr: `decode httpserver.Request field "header": found array, want map`},
		{name: "header value not list", in: `81 a6 "header" 81 a1 "a" 01`, wantErr: `decode httpserver.Request field "header": value of "a": found int, want array`},
		{name: "body nil", in: `81 a4 "body" c0`, wantErr: `decode httpserver.Request field "body": found nil, want bin`},
		{name: "body truncated", in: `81 a4 "body" c4 09 "hi"`, wantErr: `decode httpserver.Request field "body": msgpack data truncated`},
		{name: "array", in: `95 a3 "GET" a1 "/" a0 80 c4 00`, wantErr: `decode httpserver.Request: found array, want map`},
		{name: "empty payload", in: ``, wantErr: `decode httpserver.Request: empty payload: msgpack data truncated`},
		{name: "trailing bytes", in: `80 00`, wantErr: `decode httpserver.Request: trailing bytes after msgpack value (1 bytes)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r httpserver.Request
			if err := r.UnmarshalMsg(codectest.Hex(t, tt.in)); err == nil || err.Error() != tt.wantErr {
				t.Fatalf("err = %v\nwant %s", err, tt.wantErr)
			}
		})
	}
}

func TestRequestRoundTrip(t *testing.T) {
	for _, r := range []*httpserver.Request{
		echoRequest(),
		{Method: "PUT", Path: "/x", Header: httpserver.Header{"x-many": {"1", "2", "3"}, "x-none": nil}, Body: make([]byte, 300)},
		{Method: "POST", Path: "/big", Header: httpserver.Header{}, Body: make([]byte, 70000)},
	} {
		codectest.RoundTrip(t, r)
	}
}

func FuzzRequest(f *testing.F) {
	codectest.Fuzz[httpserver.Request](f,
		echoRequest().AppendMsg(nil),
		codectest.Hex(f, `85 a4 "body" 92 68 cc 69 a6 "header" 81 a1 "a" a1 "b" ab "queryString" a0 a4 "path" a1 "/" a6 "method" a3 "GET"`),
	)
}
