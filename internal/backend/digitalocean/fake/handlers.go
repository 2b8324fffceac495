package fake

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
)

// Pagination bounds, from the contract's per_page parameter.
const (
	defaultPerPage = 20
	maxPerPage     = 200
)

func (s *Server) handleList(a *answer, r *http.Request) {
	q := r.URL.Query()
	page, perPage := 1, defaultPerPage
	if v := q.Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			a.error(http.StatusBadRequest, apiError{ID: "bad_request", Message: "page must be an integer of at least 1"})
			return
		}
		page = n
	}
	if v := q.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPerPage {
			a.error(http.StatusBadRequest, apiError{ID: "bad_request", Message: fmt.Sprintf("per_page must be an integer from 1 to %d", maxPerPage)})
			return
		}
		perPage = n
	}
	// Guess: the contract names sort fields by their default only; the fake
	// sorts by created_at or name, newest first unless asked otherwise.
	sortBy, direction := cmp.Or(q.Get("sort"), "created_at"), cmp.Or(q.Get("sort_direction"), "desc")
	if (sortBy != "created_at" && sortBy != "name") || (direction != "asc" && direction != "desc") {
		a.error(http.StatusBadRequest, apiError{ID: "bad_request", Message: "sort is created_at or name; sort_direction is asc or desc"})
		return
	}
	s.mu.Lock()
	var keys []key
	for _, ak := range s.order { // oldest first
		k := s.keys[ak]
		if matches(k, q.Get("name"), q.Get("bucket"), q.Get("permission")) {
			keys = append(keys, shown(k))
		}
	}
	s.mu.Unlock()
	if sortBy == "name" {
		slices.SortStableFunc(keys, func(x, y key) int { return cmp.Compare(x.Name, y.Name) })
	}
	if direction == "desc" {
		slices.Reverse(keys)
	}
	last := max(1, (len(keys)+perPage-1)/perPage)
	// Guess: a page past the last answers an empty list.
	data := keys[min(len(keys), (page-1)*perPage):min(len(keys), page*perPage)]
	if data == nil {
		data = []key{}
	}
	pages := map[string]string{}
	if page > 1 {
		pages["first"], pages["prev"] = s.pageURL(1, perPage), s.pageURL(page-1, perPage)
	}
	if page < last {
		pages["next"], pages["last"] = s.pageURL(page+1, perPage), s.pageURL(last, perPage)
	}
	a.json(http.StatusOK, map[string]any{"keys": data, "links": map[string]any{"pages": pages}, "meta": map[string]int{"total": len(keys)}})
}

// matches applies the list's filters. Guess: each filter is an exact match,
// and a key matches bucket and permission when one of its grants does.
func matches(k *key, name, bucket, permission string) bool {
	if name != "" && k.Name != name {
		return false
	}
	if bucket == "" && permission == "" {
		return true
	}
	return slices.ContainsFunc(k.Grants, func(g Grant) bool {
		return (bucket == "" || g.Bucket == bucket) && (permission == "" || g.Permission == permission)
	})
}

// keyRequest is the key object a create or an update sends.
type keyRequest struct {
	Name   *string  `json:"name"`
	Grants *[]Grant `json:"grants"`
	// Read-only fields a client may echo back.
	AccessKey *string `json:"access_key"`
	CreatedAt *string `json:"created_at"`
}

func (s *Server) handleCreate(a *answer, body []byte) {
	var req keyRequest
	if e := decodeStrict(body, &req); e != nil {
		a.error(http.StatusBadRequest, *e)
		return
	}
	// Guess: a key needs a name, and each grant one of the three
	// permissions; a scoped permission needs a bucket.
	if req.Name == nil || *req.Name == "" {
		a.error(http.StatusBadRequest, apiError{ID: "bad_request", Message: "name is required"})
		return
	}
	grants := []Grant{}
	if req.Grants != nil {
		grants = *req.Grants
	}
	for _, g := range grants {
		switch {
		case g.Permission != Read && g.Permission != ReadWrite && g.Permission != FullAccess:
			a.error(http.StatusBadRequest, apiError{ID: "bad_request", Message: fmt.Sprintf("invalid permission %q: must be one of read, readwrite, fullaccess", g.Permission)})
			return
		case g.Bucket == "" && g.Permission != FullAccess:
			a.error(http.StatusBadRequest, apiError{ID: "bad_request", Message: "a read or readwrite grant needs a bucket"})
			return
		}
	}
	s.mu.Lock()
	k := *s.create(*req.Name, grants) // a copy: the answer is encoded after s.mu is released
	s.mu.Unlock()
	a.json(http.StatusCreated, map[string]any{"key": k})
}

func (s *Server) handleGet(a *answer, accessKey string) {
	s.mu.Lock()
	k, ok := s.keys[accessKey]
	var out key
	if ok {
		out = shown(k)
	}
	s.mu.Unlock()
	if !ok {
		a.error(http.StatusNotFound, errNotFound)
		return
	}
	a.json(http.StatusOK, map[string]any{"key": out})
}

// handleUpdate changes a key's name. The contract: "you cannot convert a
// fullaccess key to a scoped key or vice versa. You can only update the
// name of the key." Grants sent along must be the key's own.
func (s *Server) handleUpdate(a *answer, accessKey string, body []byte) {
	var req keyRequest
	if e := decodeStrict(body, &req); e != nil {
		a.error(http.StatusBadRequest, *e)
		return
	}
	if req.Name != nil && *req.Name == "" {
		a.error(http.StatusBadRequest, apiError{ID: "bad_request", Message: "name must not be empty"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[accessKey]
	if !ok {
		a.error(http.StatusNotFound, errNotFound)
		return
	}
	if req.Grants != nil && !sameGrants(*req.Grants, k.Grants) {
		a.error(http.StatusBadRequest, apiError{ID: "bad_request", Message: "You can only update the name of the key."})
		return
	}
	if req.Name != nil {
		k.Name = *req.Name
	}
	a.json(http.StatusOK, map[string]any{"key": shown(k)})
}

func (s *Server) handleDelete(a *answer, accessKey string) {
	s.mu.Lock()
	ok := s.remove(accessKey)
	s.mu.Unlock()
	if !ok {
		a.error(http.StatusNotFound, errNotFound)
		return
	}
	a.Status = http.StatusNoContent
}
