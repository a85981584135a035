// Package actortest runs actor code natively under go test. It exists only
// for tests: a wasm build of an actor never uses it.
//
// Built for any GOOS but wasip1, the actor SDK sends host calls to the
// [HostFunc] stored in the call's context by [WithHost] and console lines to
// the collector set up by [CaptureConsole]. [Invoke] calls the handlers
// registered with actor.Handle exactly as the wasm __guest_call export does: same exact-name
// dispatch, same built-in Actor.HealthRequest answer, same error texts and
// panic recovery.
//
// A typical test:
//
//	func TestPing(t *testing.T) {
//		ctx := actortest.WithHost(t.Context(), func(ctx context.Context, c actortest.Call) ([]byte, error) {
//			t.Errorf("unexpected host call %v", c)
//			return nil, nil
//		})
//		got, err := actortest.Invoke(ctx, "Pingpong.Ping", nil)
//		…
//	}
//
// Its functions are not built for wasip1, so test files that import it carry
// the constraint //go:build !wasip1; that keeps `GOOS=wasip1 go vet` clean.
package actortest
