package blobstorefs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/trellis-lattice/trellis/contract/blobstore"
	"github.com/trellis-lattice/trellis/ctl"
)

// Reserved file names inside a container directory.
const (
	containerMarker = ".container" // its modification time is the container's creation time
	metaSuffix      = ".meta"      // ".<object>.meta" holds an object's content type and encoding
	uploadPrefix    = ".upload-"   // an upload in progress, renamed into place when complete
)

// errNotFound is wrapped by errors for containers and objects that do not exist.
var errNotFound = errors.New("does not exist")

// store is one link's blob store: a root directory whose subdirectories are containers.
type store struct {
	root      string
	chunkSize int
	ld        ctl.LinkDefinition

	ctx    context.Context // ends when the link is deleted or replaced: stops its downloads
	cancel context.CancelFunc

	mu      sync.Mutex
	uploads map[string]*upload // by stream id
}

// meta is the content of an object's metadata file.
type meta struct {
	ContentType     *string `json:"contentType,omitempty"`
	ContentEncoding *string `json:"contentEncoding,omitempty"`
}

// containerDir returns the directory of a container after checking its name.
func (s *store) containerDir(container string) (string, error) {
	if err := checkContainer(container); err != nil {
		return "", fmt.Errorf("invalid container name %q: %w", container, err)
	}
	return filepath.Join(s.root, container), nil
}

// objectPath returns the file of an object after checking both names.
func (s *store) objectPath(container, object string) (string, error) {
	dir, err := s.containerDir(container)
	if err != nil {
		return "", err
	}
	if err := checkObject(object); err != nil {
		return "", fmt.Errorf("invalid object name %q: %w", object, err)
	}
	return filepath.Join(dir, filepath.FromSlash(object)), nil
}

// metaPath returns the metadata file of the object file p.
func metaPath(p string) string {
	return filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+metaSuffix)
}

// requireContainer returns the directory of an existing container.
func (s *store) requireContainer(container string) (string, error) {
	dir, err := s.containerDir(container)
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) || err == nil && !fi.IsDir() {
		return "", fmt.Errorf("container %q %w", container, errNotFound)
	}
	return dir, err
}

func (s *store) containerExists(container string) (bool, error) {
	_, err := s.requireContainer(container)
	if errors.Is(err, errNotFound) {
		return false, nil
	}
	return err == nil, err
}

func (s *store) createContainer(container string) error {
	dir, err := s.containerDir(container)
	if err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); errors.Is(err, fs.ErrExist) {
		return nil
	} else if err != nil {
		return err
	}
	f, err := os.OpenFile(filepath.Join(dir, containerMarker), os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	return f.Close()
}

func (s *store) containerInfo(container string) (blobstore.ContainerMetadata, error) {
	dir, err := s.requireContainer(container)
	if err != nil {
		return blobstore.ContainerMetadata{}, err
	}
	fi, err := os.Stat(filepath.Join(dir, containerMarker))
	if err != nil { // made outside the provider: fall back to the directory
		if fi, err = os.Stat(dir); err != nil {
			return blobstore.ContainerMetadata{}, err
		}
	}
	return blobstore.ContainerMetadata{ContainerID: container, CreatedAt: timestamp(fi.ModTime())}, nil
}

func (s *store) listContainers() ([]blobstore.ContainerMetadata, error) {
	entries, err := os.ReadDir(s.root)
	if err != nil {
		return nil, err
	}
	var out []blobstore.ContainerMetadata
	for _, e := range entries { // ReadDir sorts by name
		if !e.IsDir() || checkContainer(e.Name()) != nil {
			continue
		}
		m, err := s.containerInfo(e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// removeContainers removes containers with their objects and reports the failures.
func (s *store) removeContainers(names []string) []blobstore.ItemResult {
	var failed []blobstore.ItemResult
	for _, name := range names {
		dir, err := s.requireContainer(name)
		if err == nil {
			err = os.RemoveAll(dir)
		}
		if err != nil {
			failed = append(failed, failure(name, err))
		}
	}
	return failed
}

// failure is the ItemResult of a failed removal.
func failure(key string, err error) blobstore.ItemResult {
	msg := err.Error()
	return blobstore.ItemResult{Key: key, Error: &msg}
}

// objectInfo returns the metadata of an existing object.
func (s *store) objectInfo(container, object string) (blobstore.ObjectMetadata, error) {
	p, err := s.objectFile(container, object)
	if err != nil {
		return blobstore.ObjectMetadata{}, err
	}
	fi, err := os.Stat(p)
	if err != nil {
		return blobstore.ObjectMetadata{}, err
	}
	m, err := readMeta(p)
	if err != nil {
		return blobstore.ObjectMetadata{}, err
	}
	return blobstore.ObjectMetadata{
		ObjectID: object, ContainerID: container, ContentLength: uint64(fi.Size()),
		LastModified: timestamp(fi.ModTime()), ContentType: m.ContentType, ContentEncoding: m.ContentEncoding,
	}, nil
}

// objectFile returns the file of an existing object, or an error wrapping errNotFound.
func (s *store) objectFile(container, object string) (string, error) {
	if _, err := s.requireContainer(container); err != nil {
		return "", err
	}
	p, err := s.objectPath(container, object)
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) || err == nil && !fi.Mode().IsRegular() {
		return "", fmt.Errorf("object %q in container %q %w", object, container, errNotFound)
	}
	return p, err
}

func (s *store) objectExists(container, object string) (bool, error) {
	_, err := s.objectFile(container, object)
	if errors.Is(err, errNotFound) {
		return false, nil
	}
	return err == nil, err
}

// readMeta reads the metadata file of the object file p; a missing file is empty metadata.
func readMeta(p string) (meta, error) {
	var m meta
	raw, err := os.ReadFile(metaPath(p))
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return m, fmt.Errorf("metadata file %s: %w", metaPath(p), err)
	}
	return m, nil
}

// removeObjects removes objects of a container and reports the failures.
func (s *store) removeObjects(container string, objects []string) []blobstore.ItemResult {
	var failed []blobstore.ItemResult
	for _, object := range objects {
		p, err := s.objectFile(container, object)
		if err == nil {
			err = os.Remove(p)
		}
		if err != nil {
			failed = append(failed, failure(object, err))
			continue
		}
		_ = os.Remove(metaPath(p))
		s.pruneDirs(container, filepath.Dir(p))
	}
	return failed
}

// pruneDirs removes dir and its parents up to the container directory while they are empty,
// so that removing "a/b/c" leaves no empty "a/b".
func (s *store) pruneDirs(container, dir string) {
	top := filepath.Join(s.root, container)
	for dir != top && strings.HasPrefix(dir, top+string(filepath.Separator)) {
		if os.Remove(dir) != nil { // not empty (or gone): stop
			return
		}
		dir = filepath.Dir(dir)
	}
}

// objectNames returns the names of a container's objects in sorted order, with "/" between
// the segments of objects in subdirectories.
func (s *store) objectNames(container string) ([]string, error) {
	dir, err := s.requireContainer(container)
	if err != nil {
		return nil, err
	}
	var names []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") { // reserved: metadata, uploads
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(names)
	return names, err
}

// timestamp converts a modification time.
func timestamp(t time.Time) *blobstore.Timestamp {
	return &blobstore.Timestamp{Sec: t.Unix(), Nsec: uint32(t.Nanosecond())}
}
