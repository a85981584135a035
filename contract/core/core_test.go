package core_test

import (
	"bytes"
	"testing"

	"github.com/trellis-lattice/trellis/contract/core"
	"github.com/trellis-lattice/trellis/contract/internal/codectest"
)

func TestHealthCheckRequest(t *testing.T) {
	var req core.HealthCheckRequest
	if got, want := req.AppendMsg(nil), codectest.Hex(t, `80`); !bytes.Equal(got, want) {
		t.Errorf("AppendMsg = %x, want %x", got, want)
	}
	for _, in := range []string{
		`80`,
		`81 ab "placeholder" c3`, // OTP 2021-06 to 2022-06 (§3.3.1)
		`de 00 01 ab "placeholder" c2`,
	} {
		if err := req.UnmarshalMsg(codectest.Hex(t, in)); err != nil {
			t.Errorf("UnmarshalMsg(%s): %v", in, err)
		}
	}
	for in, wantErr := range map[string]string{
		``:          "decode core.HealthCheckRequest: empty payload: msgpack data truncated",
		`c3`:        "decode core.HealthCheckRequest: found bool, want map",
		`80 80`:     "decode core.HealthCheckRequest: trailing bytes after msgpack value (1 bytes)",
		`81 a1 "x"`: `decode core.HealthCheckRequest field "x": msgpack data truncated`,
	} {
		if err := req.UnmarshalMsg(codectest.Hex(t, in)); err == nil || err.Error() != wantErr {
			t.Errorf("UnmarshalMsg(%s) err = %v\nwant %s", in, err, wantErr)
		}
	}
}

func TestHealthCheckResponse(t *testing.T) {
	tests := []struct {
		name string
		in   string // a wire form to decode
		want core.HealthCheckResponse
		enc  string // the canonical encoding of want, if it differs from in
	}{
		{name: "observed reply", in: `81 a7 "healthy" c3`, want: core.HealthCheckResponse{Healthy: true}},
		{name: "unhealthy with message", in: `82 a7 "healthy" c2 a7 "message" a4 "down"`, want: core.HealthCheckResponse{Message: new("down")}},
		{name: "legacy empty message", in: `82 a7 "message" a0 a7 "healthy" c3`, want: core.HealthCheckResponse{Healthy: true, Message: new("")},
			enc: `82 a7 "healthy" c3 a7 "message" a0`},
		{name: "nil message is absent", in: `82 a7 "healthy" c3 a7 "message" c0`, want: core.HealthCheckResponse{Healthy: true},
			enc: `81 a7 "healthy" c3`},
		{name: "missing healthy", in: `80`, want: core.HealthCheckResponse{}, enc: `81 a7 "healthy" c2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got core.HealthCheckResponse
			if err := got.UnmarshalMsg(codectest.Hex(t, tt.in)); err != nil {
				t.Fatal(err)
			}
			if got.Healthy != tt.want.Healthy || (got.Message == nil) != (tt.want.Message == nil) ||
				(got.Message != nil && *got.Message != *tt.want.Message) {
				t.Fatalf("decoded %+v, want %+v", got, tt.want)
			}
			enc := tt.enc
			if enc == "" {
				enc = tt.in
			}
			if b := codectest.RoundTrip(t, &tt.want); !bytes.Equal(b, codectest.Hex(t, enc)) {
				t.Fatalf("AppendMsg = %x, want %s", b, enc)
			}
		})
	}
}

func TestHealthCheckResponseErrors(t *testing.T) {
	var r core.HealthCheckResponse
	for in, wantErr := range map[string]string{
		`81 a7 "healthy" 01`:          `decode core.HealthCheckResponse field "healthy": found int, want bool`,
		`81 a7 "message" 01`:          `decode core.HealthCheckResponse field "message": found int, want str`,
		`91 c3`:                       `decode core.HealthCheckResponse: found array, want map`,
		`82 a7 "healthy" c3 a7 "mes"`: `decode core.HealthCheckResponse key of entry 1: msgpack data truncated`,
	} {
		if err := r.UnmarshalMsg(codectest.Hex(t, in)); err == nil || err.Error() != wantErr {
			t.Errorf("UnmarshalMsg(%s) err = %v\nwant %s", in, err, wantErr)
		}
	}
}

func FuzzHealthCheckRequest(f *testing.F) {
	codectest.Fuzz[core.HealthCheckRequest](f, []byte{0x80}, []byte("\x81\xabplaceholder\xc3"))
}

func FuzzHealthCheckResponse(f *testing.F) {
	codectest.Fuzz[core.HealthCheckResponse](f, []byte("\x81\xa7healthy\xc3"), []byte("\x82\xa7healthy\xc2\xa7message\xa4down"))
}
