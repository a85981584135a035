// Package msgtest helps the SDK's tests spell MessagePack payloads readably:
// [Hex] turns `82 a3 "key" a1 "k"` into bytes, so a test states the exact
// wire bytes it expects without counting string lengths in \x escapes.
//
// It is for tests only and checks nothing about MessagePack itself.
package msgtest
