package linkvalues

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/ctl"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		name   string
		values map[string]string
		key    string
		want   string
		ok     bool
	}{
		{name: "nil values", values: nil, key: "port"},
		{name: "absent", values: map[string]string{"host": "h"}, key: "port"},
		{name: "exact", values: map[string]string{"PORT": "1"}, key: "PORT", want: "1", ok: true},
		{name: "other case", values: map[string]string{"port": "1"}, key: "PORT", want: "1", ok: true},
		{name: "mixed case", values: map[string]string{"Max_Body": "9"}, key: "max_body", want: "9", ok: true},
		{name: "exact wins", values: map[string]string{"port": "1", "PORT": "2", "Port": "3"}, key: "PORT", want: "2", ok: true},
		{name: "smallest key wins", values: map[string]string{"port": "1", "Port": "3", "pORT": "4"}, key: "PORT", want: "3", ok: true},
		{name: "empty value is present", values: map[string]string{"port": ""}, key: "PORT", ok: true},
	}
	for _, tt := range tests {
		for range 20 { // map order varies between runs
			if got, ok := Lookup(tt.values, tt.key); got != tt.want || ok != tt.ok {
				t.Fatalf("%s: Lookup(%v, %q) = %q, %v; want %q, %v", tt.name, tt.values, tt.key, got, ok, tt.want, tt.ok)
			}
		}
	}
}

func TestListen(t *testing.T) {
	tests := []struct {
		name    string
		values  map[string]string
		want    ListenAddress
		wantErr string
	}{
		{name: "PORT", values: map[string]string{"PORT": "8080"}, want: ListenAddress{"127.0.0.1:8080", `PORT="8080"`}},
		{name: "port lower case, spaces", values: map[string]string{"port": " 8080 "}, want: ListenAddress{"127.0.0.1:8080", `PORT=" 8080 "`}},
		{name: "PORT leading zero", values: map[string]string{"PORT": "08080"}, want: ListenAddress{"127.0.0.1:8080", `PORT="08080"`}},
		{name: "address", values: map[string]string{"address": "0.0.0.0:2323"}, want: ListenAddress{"0.0.0.0:2323", `address="0.0.0.0:2323"`}},
		{name: "address all interfaces", values: map[string]string{"ADDRESS": ":2323"}, want: ListenAddress{":2323", `address=":2323"`}},
		{name: "address IPv6", values: map[string]string{"address": "[::1]:80"}, want: ListenAddress{"[::1]:80", `address="[::1]:80"`}},
		{name: "address wins over PORT", values: map[string]string{"address": "h:1", "PORT": "2"}, want: ListenAddress{"h:1", `address="h:1"`}},
		{name: "neither", values: map[string]string{"timeout": "1s"}, wantErr: "link values set neither PORT nor address"},
		{name: "PORT too large", values: map[string]string{"PORT": "99999"}, wantErr: `invalid PORT "99999": port "99999" is not a number from 1 to 65535`},
		{name: "PORT zero", values: map[string]string{"PORT": "0"}, wantErr: `invalid PORT "0": port "0" is not a number from 1 to 65535`},
		{name: "PORT empty", values: map[string]string{"PORT": ""}, wantErr: `invalid PORT "": port "" is not a number from 1 to 65535`},
		{name: "PORT name", values: map[string]string{"PORT": "http"}, wantErr: `invalid PORT "http"`},
		{name: "address without port", values: map[string]string{"address": "localhost"}, wantErr: `invalid address "localhost": want HOST:PORT`},
		{name: "address bad port", values: map[string]string{"address": "h:70000"}, wantErr: `invalid address "h:70000": port "70000" is not a number from 1 to 65535`},
		{name: "address empty, PORT set", values: map[string]string{"address": "", "PORT": "1"}, wantErr: `invalid address "": want HOST:PORT`},
	}
	for _, tt := range tests {
		r := NewReader(tt.values)
		got, err := r.Listen("127.0.0.1"), r.Err()
		if tt.wantErr != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("%s: Listen(%v) = %+v, %v; want error %q", tt.name, tt.values, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s: Listen(%v) = %+v, %v; want %+v", tt.name, tt.values, got, err, tt.want)
		}
	}
	r := NewReader(nil)
	if r.Listen("h") != (ListenAddress{}) || !errors.Is(r.Err(), ErrNoListenAddress) {
		t.Errorf("Listen(nil) error = %v, want ErrNoListenAddress", r.Err())
	}
}

func TestDuration(t *testing.T) {
	const def = 7 * time.Second
	tests := []struct {
		raw          string // "-" for absent
		want, orZero time.Duration
		bad, badZero bool
	}{
		{raw: "-", want: def, orZero: def},
		{raw: "1500", want: 1500 * time.Millisecond, orZero: 1500 * time.Millisecond},
		{raw: " 2s ", want: 2 * time.Second, orZero: 2 * time.Second},
		{raw: "1m30s", want: 90 * time.Second, orZero: 90 * time.Second},
		{raw: "250ms", want: 250 * time.Millisecond, orZero: 250 * time.Millisecond},
		{raw: "0", bad: true},
		{raw: "0s", bad: true},
		{raw: "-1", bad: true, badZero: true},
		{raw: "-1s", bad: true, badZero: true},
		{raw: "soon", bad: true, badZero: true},
		{raw: "", bad: true, badZero: true},
		{raw: "1.5", bad: true, badZero: true},
		{raw: "9223372036854775807", bad: true, badZero: true}, // milliseconds beyond time.Duration
	}
	for _, tt := range tests {
		values := map[string]string{"Timeout": tt.raw}
		if tt.raw == "-" {
			values = nil
		}
		check := func(fn string, got time.Duration, err error, want time.Duration, bad bool) {
			t.Helper()
			var e *Error
			switch {
			case bad && (!errors.As(err, &e) || e.Key != "timeout" || e.Value != tt.raw):
				t.Errorf("%s(%q) = %v, %v; want an *Error naming timeout and the value", fn, tt.raw, got, err)
			case !bad && (err != nil || got != want):
				t.Errorf("%s(%q) = %v, %v; want %v", fn, tt.raw, got, err, want)
			}
		}
		r := NewReader(values)
		check("Duration", r.Duration("timeout", def), r.Err(), tt.want, tt.bad)
		r = NewReader(values)
		check("DurationOrZero", r.DurationOrZero("timeout", def), r.Err(), tt.orZero, tt.badZero)
	}
	for _, tt := range []struct {
		raw  string
		want time.Duration // 0: rejected
	}{
		{"5m", 5 * time.Minute},
		{" 1h30m ", 90 * time.Minute},
		{"300", 0}, // no unit
		{"0s", 0},
		{"-1m", 0},
		{"soon", 0},
	} {
		r := NewReader(map[string]string{"IDLE_TIMEOUT": tt.raw})
		got, err := r.GoDuration("idle_timeout", 0), r.Err()
		if tt.want == 0 {
			if want := `invalid idle_timeout "` + tt.raw + `": want a positive duration with a unit, such as 5m`; err == nil || err.Error() != want {
				t.Errorf("GoDuration(%q) = %v, %v; want error %q", tt.raw, got, err, want)
			}
		} else if err != nil || got != tt.want {
			t.Errorf("GoDuration(%q) = %v, %v; want %v", tt.raw, got, err, tt.want)
		}
	}
	if r := NewReader(nil); r.GoDuration("idle_timeout", time.Hour) != time.Hour || r.Err() != nil {
		t.Errorf("GoDuration(absent): want the default and no error")
	}
	r := NewReader(map[string]string{"timeout": "soon"})
	r.Duration("timeout", 0)
	err := r.Err()
	if want := `invalid timeout "soon": want a positive duration such as 10s or 500ms, or whole milliseconds`; err == nil || err.Error() != want {
		t.Errorf("Duration error = %v, want %q", err, want)
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		raw     string // "-" for absent
		want    int64
		wantErr string
	}{
		{raw: "-", want: 42},
		{raw: "1", want: 1},
		{raw: " 4096 ", want: 4096},
		{raw: "0", wantErr: `invalid size "0": want `},
		{raw: "-5", wantErr: `invalid size "-5": want `},
		{raw: "1e6", wantErr: `invalid size "1e6": want `},
		{raw: "16MiB", wantErr: `invalid size "16MiB": want `},
		{raw: "", wantErr: `invalid size "": want `},
	}
	for _, tt := range tests {
		values := map[string]string{"SIZE": tt.raw}
		if tt.raw == "-" {
			values = nil
		}
		r := NewReader(values)
		n, err := r.PositiveInt("size", 42), r.Err()
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr+"a positive whole number" {
				t.Errorf("PositiveInt(%q) = %d, %v; want error %q", tt.raw, n, err, tt.wantErr+"a positive whole number")
			}
		} else if err != nil || int64(n) != tt.want {
			t.Errorf("PositiveInt(%q) = %d, %v; want %d", tt.raw, n, err, tt.want)
		}
		r = NewReader(values)
		b, err := r.ByteSize("size", 42), r.Err()
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr+"a positive number of bytes" {
				t.Errorf("ByteSize(%q) = %d, %v; want error %q", tt.raw, b, err, tt.wantErr+"a positive number of bytes")
			}
		} else if err != nil || b != tt.want {
			t.Errorf("ByteSize(%q) = %d, %v; want %d", tt.raw, b, err, tt.want)
		}
	}
	if r := NewReader(map[string]string{"size": "8589934592"}); r.ByteSize("size", 1) != 8<<30 || r.Err() != nil {
		t.Errorf("ByteSize(8 GiB): %v", r.Err())
	}
}

func TestBool(t *testing.T) {
	tests := []struct {
		raw     string // "-" for absent
		def     bool
		want    bool
		wantErr bool
	}{
		{raw: "-", def: true, want: true},
		{raw: "-", def: false, want: false},
		{raw: "true", want: true},
		{raw: " FALSE ", def: true, want: false},
		{raw: "1", want: true},
		{raw: "0", def: true, want: false},
		{raw: "maybe", wantErr: true},
		{raw: "yes", wantErr: true},
		{raw: "", wantErr: true},
	}
	for _, tt := range tests {
		values := map[string]string{"follow_redirects": tt.raw}
		if tt.raw == "-" {
			values = nil
		}
		r := NewReader(values)
		got, err := r.Bool("follow_redirects", tt.def), r.Err()
		if tt.wantErr {
			if want := `invalid follow_redirects "` + tt.raw + `": want true or false`; err == nil || err.Error() != want {
				t.Errorf("Bool(%q) = %v, %v; want error %q", tt.raw, got, err, want)
			}
		} else if err != nil || got != tt.want {
			t.Errorf("Bool(%q, def %v) = %v, %v; want %v", tt.raw, tt.def, got, err, tt.want)
		}
	}
}

// TestReaderKeepsFirstError reads several wrong values: Err is the first, and every wrong value
// reads as zero.
func TestReaderKeepsFirstError(t *testing.T) {
	r := NewReader(map[string]string{"a": "x", "b": "y", "c": "3"})
	if r.Err() != nil {
		t.Fatalf("Err before reading = %v", r.Err())
	}
	got := []int{r.PositiveInt("c", 0), r.PositiveInt("a", 1), r.PositiveInt("b", 2), r.PositiveInt("d", 4)}
	if want := []int{3, 0, 0, 4}; !slices.Equal(got, want) {
		t.Errorf("values = %v, want %v", got, want)
	}
	var e *Error
	if !errors.As(r.Err(), &e) || e.Key != "a" || e.Value != "x" {
		t.Errorf("Err = %v, want the error of a", r.Err())
	}
}

func TestParse(t *testing.T) {
	ld := ctl.LinkDefinition{ActorID: "MA", LinkName: "default", Values: map[string]string{"Limit": "0", "PORT": "80"}}
	type config struct {
		addr  string
		limit int
	}
	read := func(r *Reader) config {
		return config{addr: r.Listen("127.0.0.1").Addr, limit: r.PositiveInt("limit", 5)}
	}
	got, err := Parse("demo", ld, read)
	if want := `demo link of actor MA (link default): invalid limit "0": want a positive whole number`; err == nil || err.Error() != want || got != (config{}) {
		t.Fatalf("Parse = %+v, %v; want %q", got, err, want)
	}
	var le *LinkError
	var e *Error
	if !errors.As(err, &le) || le.ActorID != "MA" || le.LinkName != "default" || !errors.As(err, &e) || e.Key != "limit" {
		t.Errorf("Parse error %#v does not unwrap to its parts", err)
	}
	delete(ld.Values, "Limit")
	if got, err := Parse("demo", ld, read); err != nil || got != (config{addr: "127.0.0.1:80", limit: 5}) {
		t.Errorf("Parse = %+v, %v", got, err)
	}
	delete(ld.Values, "PORT")
	if _, err := Parse("demo", ld, read); !errors.Is(err, ErrNoListenAddress) || err.Error() != "demo link of actor MA (link default): link values set neither PORT nor address" {
		t.Errorf("Parse without address = %v", err)
	}
}
