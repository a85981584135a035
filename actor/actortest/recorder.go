//go:build !wasip1

package actortest

import (
	"context"
	"sync"
)

// Recorder is a host that records every call and answers from a function.
// Its zero value answers every call with an empty response.
type Recorder struct {
	// Reply answers a call; nil means an empty successful response.
	Reply HostFunc

	mu    sync.Mutex
	calls []Call
}

// Host is a [HostFunc] that records c and answers with r.Reply.
func (r *Recorder) Host(ctx context.Context, c Call) ([]byte, error) {
	r.mu.Lock()
	r.calls = append(r.calls, c)
	r.mu.Unlock()
	if r.Reply == nil {
		return nil, nil
	}
	return r.Reply(ctx, c)
}

// Calls returns the calls recorded so far, oldest first.
func (r *Recorder) Calls() []Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Call(nil), r.calls...)
}
