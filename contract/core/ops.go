package core

// Operation names of the core Actor interface.
const (
	// OpHealthRequest asks an actor for its health; every wasmbus actor
	// answers it.
	OpHealthRequest = "Actor.HealthRequest"
	// OpLegacyHealthRequest is the same operation for waPC-era actors
	// (2020 to mid-2021), which use bare method names.
	OpLegacyHealthRequest = "HealthRequest"
)
