// Package provtest holds a small capability provider for host tests: MemKV, an in-memory
// wasmcloud:keyvalue provider (Increment and Get) with fault injection driven by its launch
// configuration, so that the host's supervisor can be tested against a real provider process
// that crashes, fails to start or turns unhealthy on demand. memkv/ is its child-process
// entry point. The real stores are tested in providers/keyvalue-*. Run starts any provider on
// a NATS connection for the length of a test, as the providers' own tests need.
package provtest
