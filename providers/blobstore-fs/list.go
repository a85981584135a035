package blobstorefs

import (
	"sort"

	"github.com/trellis-lattice/trellis/contract/blobstore"
)

// DefaultMaxItems is the page size of ListObjects when the request sets no maxItems (or 0).
const DefaultMaxItems = 1000

// page selects one page of names, sorted, for a ListObjects request: names from startWith
// (inclusive) or after the continuation (the last name of the previous page), up to endWith
// (inclusive) or before endBefore, at most maxItems of them. It returns the page and, when
// more names follow, the continuation for the next one.
func page(names []string, q *blobstore.ListObjectsRequest) (out []string, next *string) {
	i := 0
	if q.StartWith != nil {
		i = sort.SearchStrings(names, *q.StartWith)
	}
	if q.Continuation != nil {
		i = max(i, sort.Search(len(names), func(k int) bool { return names[k] > *q.Continuation }))
	}
	end := len(names)
	if q.EndWith != nil {
		end = min(end, sort.Search(len(names), func(k int) bool { return names[k] > *q.EndWith }))
	}
	if q.EndBefore != nil {
		end = min(end, sort.SearchStrings(names, *q.EndBefore))
	}
	if i >= end {
		return nil, nil
	}
	limit := DefaultMaxItems
	if q.MaxItems != nil && *q.MaxItems > 0 {
		limit = int(min(*q.MaxItems, 1<<30))
	}
	if end-i > limit {
		last := names[i+limit-1]
		return names[i : i+limit], &last
	}
	return names[i:end], nil
}

// listObjects answers a ListObjects request.
func (s *store) listObjects(q *blobstore.ListObjectsRequest) (*blobstore.ListObjectsResponse, error) {
	names, err := s.objectNames(q.ContainerID)
	if err != nil {
		return nil, err
	}
	selected, next := page(names, q)
	resp := &blobstore.ListObjectsResponse{IsLast: next == nil, Continuation: next}
	for _, name := range selected {
		m, err := s.objectInfo(q.ContainerID, name)
		if err != nil {
			continue // removed since the listing
		}
		resp.Objects = append(resp.Objects, m)
	}
	return resp, nil
}
