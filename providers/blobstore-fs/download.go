package blobstorefs

import (
	"context"
	"io"
	"os"

	"github.com/trellis-lattice/trellis/contract/blobstore"
)

// download is the part of a GetObject that did not fit the initial chunk: the open file (so
// that an object replaced meanwhile does not mix versions) and the range still to send.
type download struct {
	f                 *os.File
	container, object string
	next, end         uint64 // next byte to send; end is exclusive
}

// getObject answers a GetObject request. When the requested range is larger than a chunk,
// it also returns the download of the rest, which the caller sends with sendChunks.
func (s *store) getObject(q *blobstore.GetObjectRequest) (*blobstore.GetObjectResponse, *download, error) {
	p, err := s.objectFile(q.ContainerID, q.ObjectID)
	if err != nil {
		return nil, nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, nil, err
	}
	keep := false
	defer func() {
		if !keep {
			_ = f.Close()
		}
	}()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	m, err := readMeta(p)
	if err != nil {
		return nil, nil, err
	}
	start, end := byteRange(uint64(fi.Size()), q.RangeStart, q.RangeEnd)
	n := min(end-start, uint64(s.chunkSize))
	buf := make([]byte, n)
	if _, err := f.ReadAt(buf, int64(start)); err != nil && err != io.EOF {
		return nil, nil, err
	}
	resp := &blobstore.GetObjectResponse{
		Success: true, ContentLength: end - start, ContentType: m.ContentType, ContentEncoding: m.ContentEncoding,
		InitialChunk: &blobstore.Chunk{ObjectID: q.ObjectID, ContainerID: q.ContainerID, Bytes: buf,
			Offset: start, IsLast: start+n == end},
	}
	if start+n == end {
		return resp, nil, nil
	}
	keep = true
	return resp, &download{f: f, container: q.ContainerID, object: q.ObjectID, next: start + n, end: end}, nil
}

// byteRange turns an inclusive request range into [start, end) within an object of size
// bytes: an absent start is 0, an absent end or one past the object is its last byte, and a
// start past the end gives an empty range.
func byteRange(size uint64, rangeStart, rangeEnd *uint64) (start, end uint64) {
	end = size
	if rangeEnd != nil && *rangeEnd < size {
		end = *rangeEnd + 1
	}
	if rangeStart != nil {
		start = *rangeStart
	}
	if start > end {
		start = end
	}
	return start, end
}

// sendChunks delivers the rest of a download to the actor with ChunkReceiver.ReceiveChunk, in
// order and one at a time, until the last chunk, an error, ctx's end or the actor's
// cancelDownload. It closes the file.
func (s *store) sendChunks(ctx context.Context, p *Provider, actor string, d *download) {
	defer d.f.Close()
	log := p.logger().With("actor", actor, "container", d.container, "object", d.object)
	buf := make([]byte, s.chunkSize)
	for d.next < d.end {
		n := min(d.end-d.next, uint64(s.chunkSize))
		if _, err := d.f.ReadAt(buf[:n], int64(d.next)); err != nil && err != io.EOF {
			log.Warn("blobstore-fs: download stopped", "offset", d.next, "err", err)
			return
		}
		c := blobstore.Chunk{ObjectID: d.object, ContainerID: d.container, Bytes: buf[:n],
			Offset: d.next, IsLast: d.next+n == d.end}
		out, err := p.callActor(ctx, actor, s.ld, blobstore.OpReceiveChunk, c.AppendMsg(nil))
		if err != nil {
			log.Warn("blobstore-fs: download stopped", "offset", d.next, "err", err)
			return
		}
		var r blobstore.ChunkResponse
		if len(out) > 0 {
			if err := r.UnmarshalMsg(out); err != nil {
				log.Warn("blobstore-fs: download stopped: bad ReceiveChunk reply", "offset", d.next, "err", err)
				return
			}
		}
		if r.CancelDownload {
			log.Debug("blobstore-fs: download cancelled by the actor", "offset", d.next)
			return
		}
		d.next += n
	}
}
