package blobstorefs

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/trellis-lattice/trellis/contract/blobstore"
)

// upload is a chunked PutObject in progress: the chunks so far, in a temporary file of the
// container directory that the last chunk renames into place.
type upload struct {
	mu        sync.Mutex
	container string
	object    string
	target    string // the object's file
	f         *os.File
	size      uint64
	meta      meta
	done      bool // finished or cancelled: later chunks are refused
}

// putObject starts an upload with its first chunk, and finishes it when the chunk is the last.
// It returns the stream id of an unfinished upload.
func (s *store) putObject(q *blobstore.PutObjectRequest) (*string, error) {
	c := &q.Chunk
	dir, err := s.requireContainer(c.ContainerID)
	if err != nil {
		return nil, err
	}
	target, err := s.objectPath(c.ContainerID, c.ObjectID)
	if err != nil {
		return nil, err
	}
	if c.Offset != 0 {
		return nil, fmt.Errorf("the first chunk starts at offset %d, want 0", c.Offset)
	}
	id, err := newStreamID()
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, uploadPrefix+id+"-*")
	if err != nil {
		return nil, err
	}
	u := &upload{container: c.ContainerID, object: c.ObjectID, target: target, f: f,
		meta: meta{ContentType: q.ContentType, ContentEncoding: q.ContentEncoding}}
	if err := u.write(c); err != nil {
		u.abort()
		return nil, err
	}
	if c.IsLast {
		return nil, u.finish()
	}
	s.mu.Lock()
	if s.uploads == nil {
		s.uploads = map[string]*upload{}
	}
	s.uploads[id] = u
	s.mu.Unlock()
	return &id, nil
}

// putChunk adds a chunk to an upload, finishes it with the last chunk, or cancels it.
func (s *store) putChunk(q *blobstore.PutChunkRequest) error {
	if q.StreamID == nil {
		return errors.New("no streamId: PutChunk continues the upload whose id PutObject returned")
	}
	s.mu.Lock()
	u, ok := s.uploads[*q.StreamID]
	s.mu.Unlock()
	if !ok {
		return fmt.Errorf("no upload with streamId %q (finished, cancelled or never started)", *q.StreamID)
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	c := &q.Chunk
	switch {
	case u.done:
		return fmt.Errorf("upload %q is finished", *q.StreamID)
	case c.ContainerID != u.container || c.ObjectID != u.object:
		return fmt.Errorf("upload %q is for object %q in container %q, not object %q in container %q",
			*q.StreamID, u.object, u.container, c.ObjectID, c.ContainerID)
	}
	if q.CancelAndRemove {
		s.forget(*q.StreamID)
		u.abortLocked()
		return nil
	}
	if c.Offset != u.size {
		return fmt.Errorf("chunk at offset %d, but %d bytes were uploaded so far", c.Offset, u.size)
	}
	if err := u.write(c); err != nil {
		s.forget(*q.StreamID)
		u.abortLocked()
		return err
	}
	if !c.IsLast {
		return nil
	}
	s.forget(*q.StreamID)
	return u.finishLocked()
}

// forget drops an upload from the table.
func (s *store) forget(id string) {
	s.mu.Lock()
	delete(s.uploads, id)
	s.mu.Unlock()
}

// abortUploads cancels every upload in progress, removing its temporary file.
func (s *store) abortUploads() {
	s.mu.Lock()
	uploads := s.uploads
	s.uploads = nil
	s.mu.Unlock()
	for _, u := range uploads {
		u.abort()
	}
}

// write appends a chunk's bytes.
func (u *upload) write(c *blobstore.Chunk) error {
	if _, err := u.f.Write(c.Bytes); err != nil {
		return err
	}
	u.size += uint64(len(c.Bytes))
	return nil
}

func (u *upload) finish() error {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.finishLocked()
}

// finishLocked closes the temporary file and renames it into place, after writing (or
// removing) the metadata file: the object appears whole or not at all.
func (u *upload) finishLocked() error {
	u.done = true
	tmp := u.f.Name()
	err := u.f.Close()
	if err == nil {
		err = os.MkdirAll(filepath.Dir(u.target), 0o755)
	}
	if err == nil {
		err = writeMeta(u.target, u.meta)
	}
	if err == nil {
		err = os.Rename(tmp, u.target)
	}
	if err != nil {
		_ = os.Remove(tmp)
	}
	return err
}

func (u *upload) abort() {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.abortLocked()
}

// abortLocked closes and removes the temporary file.
func (u *upload) abortLocked() {
	if u.done {
		return
	}
	u.done = true
	_ = u.f.Close()
	_ = os.Remove(u.f.Name())
}

// writeMeta writes the metadata file of the object file p, or removes it when m is empty.
func writeMeta(p string, m meta) error {
	mp := metaPath(p)
	if m.ContentType == nil && m.ContentEncoding == nil {
		if err := os.Remove(mp); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(mp), uploadPrefix+"meta-*")
	if err != nil {
		return err
	}
	_, err = f.Write(raw)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), mp)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
	return err
}

// newStreamID returns a random upload id.
func newStreamID() (string, error) {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}
