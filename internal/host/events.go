package host

import (
	"encoding/json"

	"github.com/trellis-lattice/trellis/ctl"
)

// publishEvent sends a CloudEvent on wasmbus.evt.<lattice> with this host as source.
// Events are best effort: a failure is logged, never returned.
func (h *Host) publishEvent(eventType string, data any) {
	h.publishOn(h.topics.Events(), eventType, h.ID(), data)
}

func (h *Host) publishOn(subject, eventType, source string, data any) {
	ev, err := ctl.NewEvent(eventType, source, data)
	if err != nil {
		h.log.Error("build event", "type", eventType, "err", err)
		return
	}
	b, err := json.Marshal(ev)
	if err != nil {
		h.log.Error("encode event", "type", eventType, "err", err)
		return
	}
	if err := h.nc.Publish(subject, b); err != nil {
		h.log.Warn("publish event", "type", eventType, "err", err)
	}
}
