// Package wasmbin reads and edits the section structure of WebAssembly binary modules.
//
// It works on raw bytes only: it lists a module's sections (id, offset, size and, for custom
// sections, the name), reads, strips and appends custom sections, lists imports and exports, and
// adds an alias to the export section. Every edit copies all bytes it does not touch unchanged, so
// hashes over the untouched parts (the claims module hash, for instance) stay stable.
//
// It does not validate modules, decode code or types, or instantiate anything: that is the
// runtime's job (internal/wasmrt, on wazero).
//
// Users: internal/claims (embedding and hashing signed claims) and cmd/trellis (`trellis build`
// adds the wapc_init alias for Go's _initialize, and inspection commands list imports and exports).
package wasmbin
