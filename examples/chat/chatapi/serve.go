package chatapi

import (
	"encoding/json"
	"fmt"
)

// DecodeRequest reads the JSON body of a request for op into v. Its error names op and says
// the request is not valid JSON.
func DecodeRequest(op string, payload []byte, v any) error {
	if err := json.Unmarshal(payload, v); err != nil {
		return fmt.Errorf("%s: the request is not valid JSON: %w", op, err)
	}
	return nil
}

// StoreError is the error of an action that failed because the chat store (the keyvalue store
// of messages, rooms and presence) did: it says which action, and that the user should try
// again later. Its text contains "unavailable", which channel-http answers with 503.
func StoreError(action string, err error) error {
	return fmt.Errorf("%s: the chat store is unavailable, try again later: %w", action, err)
}
