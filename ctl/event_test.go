package ctl_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/trellis-lattice/trellis/ctl"
)

func TestNewEvent(t *testing.T) {
	tests := []struct{ typ, want string }{
		{ctl.EventActorsStarted, ctl.EventActorsStarted},
		{"actors_started", ctl.EventActorsStarted},
	}
	for _, tt := range tests {
		before := time.Now().Add(-time.Second)
		e, err := ctl.NewEvent(tt.typ, "NHOST", ctl.ActorsStarted{PublicKey: "MACTOR", Count: 2, CorrelationID: "c-1"})
		if err != nil {
			t.Fatal(err)
		}
		if e.Type != tt.want || e.Name() != "actors_started" || e.SpecVersion != "1.0" || e.Source != "NHOST" ||
			e.DataContentType != "application/json" {
			t.Errorf("NewEvent(%q) = %+v", tt.typ, e)
		}
		if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(e.ID) {
			t.Errorf("id %q is not a UUIDv4", e.ID)
		}
		if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`).MatchString(e.Time) {
			t.Errorf("time %q is not RFC 3339 UTC with microseconds", e.Time)
		}
		if ts, err := e.Timestamp(); err != nil || ts.Before(before) {
			t.Errorf("Timestamp() = %v, %v", ts, err)
		}
		var d ctl.ActorsStarted
		if err := e.DecodeData(&d); err != nil || d.PublicKey != "MACTOR" || d.Count != 2 {
			t.Errorf("DecodeData = %+v, %v", d, err)
		}
		if got := e.CorrelationID(); got != "c-1" {
			t.Errorf("CorrelationID() = %q", got)
		}
	}
	if _, err := ctl.NewEvent("x", "n/a", func() {}); err == nil {
		t.Error("NewEvent with unencodable data succeeded")
	}
}
