package manifest

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Encode returns a's canonical JSON form, for storage: the fields of the manifest format in a
// fixed order, mapping keys sorted, no insignificant white space, no HTML escaping. Parse
// reads it back; encoding what it returns gives the same bytes.
func (a *Application) Encode() ([]byte, error) {
	b, err := marshal(a)
	if err != nil {
		return nil, fmt.Errorf("encode application %s: %w", a.Metadata.Name, err)
	}
	return b, nil
}

// MarshalJSON writes t as in a manifest: its type and the properties of that type.
func (t Trait) MarshalJSON() ([]byte, error) {
	var props any
	switch {
	case t.Spread != nil:
		props = t.Spread
	case t.Daemon != nil:
		props = t.Daemon
	case t.Link != nil:
		props = t.Link
	}
	return marshal(struct {
		Type       string `json:"type"`
		Properties any    `json:"properties,omitempty"`
	}{t.Type, props})
}

// marshal is json.Marshal without HTML escaping.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

var _ json.Marshaler = Trait{}
