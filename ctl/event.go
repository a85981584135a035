package ctl

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
)

// EventTypePrefix starts the type of every lattice event.
const EventTypePrefix = "com.wasmcloud.lattice."

// Event types of PROTOCOL.md §6.2 (v0.63 catalogue) and Trellis extensions.
const (
	EventHostStarted         = EventTypePrefix + "host_started"
	EventHostStopped         = EventTypePrefix + "host_stopped"
	EventHostHeartbeat       = EventTypePrefix + "host_heartbeat"
	EventActorStarted        = EventTypePrefix + "actor_started"
	EventActorsStarted       = EventTypePrefix + "actors_started"
	EventActorStartFailed    = EventTypePrefix + "actor_start_failed"
	EventActorsStartFailed   = EventTypePrefix + "actors_start_failed"
	EventActorStopped        = EventTypePrefix + "actor_stopped"
	EventActorsStopped       = EventTypePrefix + "actors_stopped"
	EventActorUpdated        = EventTypePrefix + "actor_updated"
	EventActorUpdateFailed   = EventTypePrefix + "actor_update_failed"
	EventProviderStarted     = EventTypePrefix + "provider_started"
	EventProviderStartFailed = EventTypePrefix + "provider_start_failed"
	EventProviderStopped     = EventTypePrefix + "provider_stopped"
	EventHealthCheckPassed   = EventTypePrefix + "health_check_passed"
	EventHealthCheckFailed   = EventTypePrefix + "health_check_failed"
	EventHealthCheckStatus   = EventTypePrefix + "health_check_status"
	EventLinkdefSet          = EventTypePrefix + "linkdef_set"
	EventLinkdefDeleted      = EventTypePrefix + "linkdef_deleted"
	EventRefmapSet           = EventTypePrefix + "refmap_set"
	// EventInvocationSucceeded and EventInvocationFailed go to the RPC event subject
	// (Topics.RPCEvents), not Topics.Events.
	EventInvocationSucceeded = EventTypePrefix + "invocation_succeeded"
	EventInvocationFailed    = EventTypePrefix + "invocation_failed"
	// EventLabelsChanged is a Trellis extension: a host's labels changed through label_put or
	// label_del. Data: LabelsChanged.
	EventLabelsChanged = EventTypePrefix + "labels_changed"
)

// Event is a lattice event: a CloudEvents 1.0 envelope in structured JSON mode (PROTOCOL.md
// §6.1). Data holds the event-specific object; decode it with DecodeData into the struct named
// after the event type (ActorStarted for actor_started, …).
type Event struct {
	SpecVersion string `json:"specversion"`
	// Type is one of the Event constants.
	Type string `json:"type"`
	// Source is the emitting host's id, or "n/a".
	Source string `json:"source"`
	// ID is a UUIDv4.
	ID string `json:"id"`
	// Time is an RFC 3339 UTC timestamp with microseconds, kept as sent; see Timestamp.
	Time            string          `json:"time"`
	DataContentType string          `json:"datacontenttype"`
	Data            json.RawMessage `json:"data"`
}

// eventTimeFormat is RFC 3339 with exactly six fractional digits, as wasmCloud hosts send.
const eventTimeFormat = "2006-01-02T15:04:05.000000Z07:00"

// NewEvent builds an event of type eventType (an Event constant, or a bare name such as
// "actor_started" which gets EventTypePrefix) from source (a host id) with data marshalled to
// JSON, a fresh UUIDv4 id and the current time.
func NewEvent(eventType, source string, data any) (Event, error) {
	if !strings.HasPrefix(eventType, EventTypePrefix) {
		eventType = EventTypePrefix + eventType
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return Event{}, fmt.Errorf("event %s: encode data: %w", eventType, err)
	}
	id, err := uuid.NewRandom()
	if err != nil {
		return Event{}, fmt.Errorf("event %s: %w", eventType, err)
	}
	return Event{
		SpecVersion:     "1.0",
		Type:            eventType,
		Source:          source,
		ID:              id.String(),
		Time:            time.Now().UTC().Format(eventTimeFormat),
		DataContentType: "application/json",
		Data:            raw,
	}, nil
}

// Name returns the event type without EventTypePrefix, e.g. "actor_started".
func (e Event) Name() string { return strings.TrimPrefix(e.Type, EventTypePrefix) }

// Timestamp parses Time.
func (e Event) Timestamp() (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, e.Time)
	if err != nil {
		return time.Time{}, fmt.Errorf("event %s: time: %w", e.ID, err)
	}
	return t, nil
}

// DecodeData unmarshals the event's data into v, typically a pointer to the struct of its type.
func (e Event) DecodeData(v any) error {
	if err := json.Unmarshal(e.Data, v); err != nil {
		return fmt.Errorf("event %s (%s): decode data: %w", e.ID, e.Name(), err)
	}
	return nil
}

// CorrelationID returns the correlation_id in the event's data, "" when there is none (events
// not caused by a command, and every event of a wasmCloud 0.x host).
func (e Event) CorrelationID() string {
	var d struct {
		CorrelationID string `json:"correlation_id"`
	}
	if json.Unmarshal(e.Data, &d) != nil {
		return ""
	}
	return d.CorrelationID
}
