package ctl

import (
	"encoding/json"
	"testing"
)

// TestAppendInvocationEventMatchesMarshal compares the hand-written encoding with
// json.Marshal of the generic event, including strings that need escaping.
func TestAppendInvocationEventMatchesMarshal(t *testing.T) {
	tests := []struct {
		name string
		data InvocationEvent
	}{
		{"actor to provider", InvocationEvent{
			Source:    InvocationEntity{PublicKey: "MBCFOPM6JW2APJLXJD3Z5O4CN7CPYJ2B4FTKLJUR5YR5MITIU7HD3WD5"},
			Dest:      InvocationEntity{PublicKey: "VAG3QITQQ2ODAOWB5TTQSDJ53XK3SHBEIFNK4AYJ5RKAX2UNSCAPHA5M", ContractID: "wasmcloud:keyvalue", LinkName: "default"},
			Operation: "KeyValue.Get", Bytes: 42}},
		{"empty", InvocationEvent{}},
		{"escaping and correlation", InvocationEvent{
			Source:    InvocationEntity{PublicKey: "M\"x\\y", LinkName: "<&>"},
			Dest:      InvocationEntity{PublicKey: "é\u2028\x01", ContractID: "\xff"},
			Operation: "Op\n", Bytes: 1 << 40, CorrelationID: "c-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := NewEvent(EventInvocationFailed, "NHOST", tt.data)
			if err != nil {
				t.Fatal(err)
			}
			want, err := json.Marshal(ev)
			if err != nil {
				t.Fatal(err)
			}
			got := appendInvocationEvent(nil, EventInvocationFailed, "NHOST", ev.ID, ev.Time, tt.data)
			if string(got) != string(want) {
				t.Fatalf("got  %s\nwant %s", got, want)
			}
			b, err := AppendInvocationEvent(nil, EventInvocationSucceeded, "NHOST", tt.data)
			if err != nil {
				t.Fatal(err)
			}
			// Invalid UTF-8 comes back as U+FFFD either way: compare with what the generic
			// encoding gives back.
			var back Event
			var data, wantData InvocationEvent
			if err := json.Unmarshal(b, &back); err != nil || back.DecodeData(&data) != nil || ev.DecodeData(&wantData) != nil {
				t.Fatalf("decode %s: %v", b, err)
			}
			if data != wantData || back.ID == "" || back.ID == ev.ID || back.Time == "" || back.Type != EventInvocationSucceeded {
				t.Fatalf("round trip of %s: %+v %+v", b, back, data)
			}
		})
	}
}

func BenchmarkInvocationEvent(b *testing.B) {
	data := InvocationEvent{
		Source:    InvocationEntity{PublicKey: "MBCFOPM6JW2APJLXJD3Z5O4CN7CPYJ2B4FTKLJUR5YR5MITIU7HD3WD5"},
		Dest:      InvocationEntity{PublicKey: "VAG3QITQQ2ODAOWB5TTQSDJ53XK3SHBEIFNK4AYJ5RKAX2UNSCAPHA5M", ContractID: "wasmcloud:keyvalue", LinkName: "default"},
		Operation: "KeyValue.Get", Bytes: 42}
	b.Run("append", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			var err error
			if buf, err = AppendInvocationEvent(buf[:0], EventInvocationSucceeded, "NHOST", data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline-marshal", func(b *testing.B) {
		for b.Loop() {
			ev, err := NewEvent(EventInvocationSucceeded, "NHOST", data)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := json.Marshal(ev); err != nil {
				b.Fatal(err)
			}
		}
	})
}
