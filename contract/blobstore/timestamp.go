package blobstore

import "github.com/trellis-lattice/trellis/contract/cbor"

// Timestamp is a point in time as the wasmCloud interfaces carry it: seconds
// since the Unix epoch and nanoseconds within the second. (The package does
// not import time, so that actors linking it stay small;
// time.Unix(t.Sec, int64(t.Nsec)) converts.)
type Timestamp struct {
	Sec  int64
	Nsec uint32
}

// appendTimestamp appends an optional Timestamp member the way the
// blobstore encoders write it (ACTORS.md §3.2): two items, the i64 seconds
// and the u32 nanoseconds, in the member's one slot; null when absent.
func appendTimestamp(b []byte, t *Timestamp) []byte {
	if t == nil {
		return cbor.AppendNull(b)
	}
	return cbor.AppendUint(cbor.AppendInt(b, t.Sec), uint64(t.Nsec))
}

// timestamp reads an optional Timestamp member: null, or in CBOR the two
// items appendTimestamp writes, or a structure {sec, nsec} (a msgpack map as
// §3.1 writes it; in CBOR also a map or a 2-item array).
func (r *reader) timestamp(dst **Timestamp) error {
	if *dst = nil; r.null() {
		return nil
	}
	var t Timestamp
	fields := []field{
		{"sec", func(r *reader) error { return r.i64(&t.Sec) }},
		{"nsec", func(r *reader) error { return r.u32(&t.Nsec) }},
	}
	if !r.msgpack && len(r.b) > 0 && r.b[0]>>5 <= 1 { // CBOR integer: the two-item form
		for _, f := range fields {
			if err := f.read(r); err != nil {
				return err
			}
		}
	} else if err := r.structure("blobstore.Timestamp", fields); err != nil {
		return err
	}
	*dst = &t
	return nil
}
