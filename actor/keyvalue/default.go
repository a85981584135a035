package keyvalue

import (
	"context"
	"time"
)

// The functions below call the provider linked under "default"; each one is
// the same-named [Client] method on that link.

// Get returns the value of key and whether the key exists. See [Client.Get].
func Get(ctx context.Context, key string) (value string, exists bool, err error) {
	return defaultClient.Get(ctx, key)
}

// Set stores value under key, expiring after expires (0: never). See
// [Client.Set].
func Set(ctx context.Context, key, value string, expires time.Duration) error {
	return defaultClient.Set(ctx, key, value, expires)
}

// Del deletes key and reports whether it existed.
func Del(ctx context.Context, key string) (bool, error) {
	return defaultClient.Del(ctx, key)
}

// Contains reports whether key exists.
func Contains(ctx context.Context, key string) (bool, error) {
	return defaultClient.Contains(ctx, key)
}

// Increment adds n to the number under key and returns the new value.
func Increment(ctx context.Context, key string, n int32) (int32, error) {
	return defaultClient.Increment(ctx, key, n)
}

// ListAdd appends value to the list and returns its new length.
func ListAdd(ctx context.Context, list, value string) (uint32, error) {
	return defaultClient.ListAdd(ctx, list, value)
}

// ListDel removes the first occurrence of value from the list.
func ListDel(ctx context.Context, list, value string) (bool, error) {
	return defaultClient.ListDel(ctx, list, value)
}

// ListClear deletes the list and reports whether it existed.
func ListClear(ctx context.Context, list string) (bool, error) {
	return defaultClient.ListClear(ctx, list)
}

// ListRange returns the list's values from start to stop, both inclusive.
func ListRange(ctx context.Context, list string, start, stop int32) ([]string, error) {
	return defaultClient.ListRange(ctx, list, start, stop)
}

// SetAdd adds value to the set and returns the number added (0 or 1).
func SetAdd(ctx context.Context, set, value string) (uint32, error) {
	return defaultClient.SetAdd(ctx, set, value)
}

// SetDel removes value from the set and returns the number removed (0 or 1).
func SetDel(ctx context.Context, set, value string) (uint32, error) {
	return defaultClient.SetDel(ctx, set, value)
}

// SetQuery returns the members of the set.
func SetQuery(ctx context.Context, set string) ([]string, error) {
	return defaultClient.SetQuery(ctx, set)
}

// SetUnion returns the members of any of the named sets.
func SetUnion(ctx context.Context, sets ...string) ([]string, error) {
	return defaultClient.SetUnion(ctx, sets...)
}

// SetIntersection returns the values that are members of all the named sets.
func SetIntersection(ctx context.Context, sets ...string) ([]string, error) {
	return defaultClient.SetIntersection(ctx, sets...)
}

// SetClear deletes the set and reports whether it existed.
func SetClear(ctx context.Context, set string) (bool, error) {
	return defaultClient.SetClear(ctx, set)
}
