package chatapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/trellis-lattice/trellis/actor"
)

// Call invokes op on the chat actor with call alias alias, sending req as JSON (nothing when req
// is nil) and decoding the JSON reply into resp (ignored when resp is nil). An empty reply where
// resp expects one is an error: every operation of this contract that returns something
// returns a JSON body. The error of a failed call is the host's (an *actor.HostError), whose
// text UserText extracts.
func Call(ctx context.Context, alias, op string, req, resp any) error {
	var payload []byte
	if req != nil {
		var err error
		if payload, err = json.Marshal(req); err != nil {
			return fmt.Errorf("encode %s request: %w", op, err)
		}
	}
	out, err := actor.Call(ctx, alias, op, payload)
	if err != nil {
		return err
	}
	if resp == nil {
		return nil
	}
	if len(out) == 0 {
		return fmt.Errorf("%s answered nothing", op)
	}
	if err := json.Unmarshal(out, resp); err != nil {
		return fmt.Errorf("decode %s reply: %w", op, err)
	}
	return nil
}

// UserText is the part of err a user should read: the called actor's own message (the errors
// of this contract are written for users) without the host's wrapping around it ("host call
// <alias> <op>: " and "actor <name> (<key>): <op>: "). Other errors are returned whole.
func UserText(err error) string {
	he, ok := errors.AsType[*actor.HostError](err)
	if !ok {
		return err.Error()
	}
	if i := strings.LastIndex(he.Message, ": "+he.Operation+": "); i >= 0 {
		return he.Message[i+len(he.Operation)+4:]
	}
	return he.Message
}
