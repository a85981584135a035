package blobstorefs

import (
	"context"
	"fmt"
	"strconv"

	"github.com/trellis-lattice/trellis/contract/blobstore"
	"github.com/trellis-lattice/trellis/ctl"
)

// Handle runs a Blobstore operation on the directory of actorID's link. Its errors name the
// operation, the actor, the container and object concerned, and the cause.
func (p *Provider) Handle(_ context.Context, actorID string, _ ctl.LinkDefinition, op string, payload []byte) ([]byte, error) {
	s, ok := p.stores.Get(actorID)
	if !ok {
		return nil, fmt.Errorf("%s: blobstore-fs has no link for actor %s", op, actorID)
	}
	h := handler{p: p, s: s, actor: actorID, op: op}
	switch op {
	case blobstore.OpContainerExists, blobstore.OpCreateContainer, blobstore.OpGetContainerInfo:
		return h.container(payload)
	case blobstore.OpListContainers:
		list, err := s.listContainers()
		if err != nil {
			return nil, h.fail("", "", err)
		}
		return blobstore.EncodeContainersInfo(list), nil
	case blobstore.OpRemoveContainers:
		names, err := blobstore.DecodeContainerIDs(payload)
		if err != nil {
			return nil, h.fail("", "", err)
		}
		return blobstore.EncodeItemResults(s.removeContainers(names)), nil
	case blobstore.OpObjectExists, blobstore.OpGetObjectInfo:
		return h.object(payload)
	case blobstore.OpListObjects:
		var q blobstore.ListObjectsRequest
		if err := q.UnmarshalMsg(payload); err != nil {
			return nil, h.fail("", "", err)
		}
		resp, err := s.listObjects(&q)
		if err != nil {
			return nil, h.fail(q.ContainerID, "", err)
		}
		return resp.AppendMsg(nil), nil
	case blobstore.OpRemoveObjects:
		var q blobstore.RemoveObjectsRequest
		if err := q.UnmarshalMsg(payload); err != nil {
			return nil, h.fail("", "", err)
		}
		return blobstore.EncodeItemResults(s.removeObjects(q.ContainerID, q.Objects)), nil
	case blobstore.OpPutObject:
		var q blobstore.PutObjectRequest
		if err := q.UnmarshalMsg(payload); err != nil {
			return nil, h.fail("", "", err)
		}
		id, err := s.putObject(&q)
		if err != nil {
			return nil, h.fail(q.Chunk.ContainerID, q.Chunk.ObjectID, err)
		}
		return (&blobstore.PutObjectResponse{StreamID: id}).AppendMsg(nil), nil
	case blobstore.OpPutChunk:
		var q blobstore.PutChunkRequest
		if err := q.UnmarshalMsg(payload); err != nil {
			return nil, h.fail("", "", err)
		}
		if err := s.putChunk(&q); err != nil {
			return nil, h.fail(q.Chunk.ContainerID, q.Chunk.ObjectID, err)
		}
		return nil, nil
	case blobstore.OpGetObject:
		return h.getObject(payload)
	}
	return nil, fmt.Errorf("%s: blobstore-fs has no such operation", op)
}

// handler is one invocation being handled.
type handler struct {
	p     *Provider
	s     *store
	actor string
	op    string
}

// fail wraps err with the operation, actor, and the container and object when known.
func (h *handler) fail(container, object string, err error) error {
	where := ""
	if container != "" {
		where += ", container " + strconv.Quote(container)
	}
	if object != "" {
		where += ", object " + strconv.Quote(object)
	}
	return fmt.Errorf("%s for actor %s%s: %w", h.op, h.actor, where, err)
}

// container handles the operations whose input is a container id.
func (h *handler) container(payload []byte) ([]byte, error) {
	id, err := blobstore.DecodeContainerID(payload)
	if err != nil {
		return nil, h.fail("", "", err)
	}
	switch h.op {
	case blobstore.OpContainerExists:
		ok, err := h.s.containerExists(id)
		if err != nil {
			return nil, h.fail(id, "", err)
		}
		return blobstore.EncodeBool(ok), nil
	case blobstore.OpCreateContainer:
		if err := h.s.createContainer(id); err != nil {
			return nil, h.fail(id, "", err)
		}
		return nil, nil
	}
	m, err := h.s.containerInfo(id)
	if err != nil {
		return nil, h.fail(id, "", err)
	}
	return m.AppendMsg(nil), nil
}

// object handles the operations whose input is a ContainerObject.
func (h *handler) object(payload []byte) ([]byte, error) {
	var q blobstore.ContainerObject
	if err := q.UnmarshalMsg(payload); err != nil {
		return nil, h.fail("", "", err)
	}
	if h.op == blobstore.OpObjectExists {
		ok, err := h.s.objectExists(q.ContainerID, q.ObjectID)
		if err != nil {
			return nil, h.fail(q.ContainerID, q.ObjectID, err)
		}
		return blobstore.EncodeBool(ok), nil
	}
	m, err := h.s.objectInfo(q.ContainerID, q.ObjectID)
	if err != nil {
		return nil, h.fail(q.ContainerID, q.ObjectID, err)
	}
	return m.AppendMsg(nil), nil
}

// getObject answers GetObject; a failure to read the object is reported in the response
// (success false, error set), as the contract provides. The rest of a download larger than a
// chunk goes to the actor in the background.
func (h *handler) getObject(payload []byte) ([]byte, error) {
	var q blobstore.GetObjectRequest
	if err := q.UnmarshalMsg(payload); err != nil {
		return nil, h.fail("", "", err)
	}
	resp, d, err := h.s.getObject(&q)
	if err != nil {
		msg := h.fail(q.ContainerID, q.ObjectID, err).Error()
		return (&blobstore.GetObjectResponse{Error: &msg}).AppendMsg(nil), nil
	}
	if d != nil && !h.p.startDownload(h.s, h.actor, d) {
		_ = d.f.Close()
		msg := h.op + ": blobstore-fs is shutting down"
		return (&blobstore.GetObjectResponse{Error: &msg}).AppendMsg(nil), nil
	}
	return resp.AppendMsg(nil), nil
}

// startDownload sends the rest of a download in the background, unless Shutdown has started.
func (p *Provider) startDownload(s *store, actor string, d *download) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.downloads.Add(1)
	go func() {
		defer p.downloads.Done()
		s.sendChunks(s.ctx, p, actor, d)
	}()
	return true
}
