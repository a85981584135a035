// Package linkvalues reads the values of a wasmCloud link definition the way every first-party
// provider does: keys matched without regard to case ([Lookup]); a listen address given as
// address (HOST:PORT) or PORT ([Reader.Listen]); durations given as a Go duration or whole
// milliseconds ([Reader.Duration], [Reader.DurationOrZero]) or as a Go duration only
// ([Reader.GoDuration]); positive counts and byte sizes ([Reader.PositiveInt],
// [Reader.ByteSize]); and booleans ([Reader.Bool]).
//
// An absent value gives the caller's default; the first value that is present but unusable is
// an [*Error] naming the value and saying what it must be, which [Parse] wraps in a [*LinkError]
// naming the provider, actor and link. The package does not know which values a provider has
// or their defaults. Users: httpserver, telnet, httpclient, the sqldb providers through
// sqlrows, and (Lookup only) blobstore-fs, messaging-nats and the keyvalue providers.
package linkvalues
