// Package fake is an in-process Linode API v4 serving the object-storage
// keys operations as testdata/linode-openapi-keys.json describes them: list (paged),
// create, get, update (label and regions only) and delete, the
// {"errors":[...]} envelope, bearer-token auth, "[REDACTED]" secrets on
// reads, and the faults of fakeapi's vocabulary for tests.
//
// Where the published contract is silent the fake follows Linode's public
// documentation; each such guess is marked "Guess:" below.
package fake

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// Server is a running fake. Its fakeapi.Server counts requests per
// operation ("GET keys", "POST keys", "GET key", "PUT key", "DELETE key"),
// holds injected faults and stops with Close.
type Server struct {
	*fakeapi.Server
	Token string

	mu     sync.Mutex
	keys   map[int]*key
	nextID int
	perms  fakeapi.Permissions
}

// Fault is an answer the fake gives once instead of the normal one.
type Fault = fakeapi.Fault

type key struct {
	ID           int            `json:"id"`
	Label        string         `json:"label"`
	AccessKey    string         `json:"access_key"`
	SecretKey    string         `json:"secret_key"`
	Limited      bool           `json:"limited"`
	BucketAccess []bucketAccess `json:"bucket_access"`
	Regions      []region       `json:"regions"`
}

type bucketAccess struct {
	BucketName  string `json:"bucket_name"`
	Cluster     string `json:"cluster"`
	Permissions string `json:"permissions"`
	Region      string `json:"region"`
}

type region struct {
	ID           string `json:"id"`
	S3Endpoint   string `json:"s3_endpoint"`
	EndpointType string `json:"endpoint_type"`
}

// Start runs a fake on a free loopback port; Close stops it.
func Start() *Server {
	s := &Server{Token: "fake-linode-token", keys: map[int]*key{}, nextID: 100}
	s.Server = fakeapi.StartServer(api{s})
	return s
}

// Labels returns the label of every key, sorted.
func (s *Server) Labels() []string {
	return fakeapi.Sorted(&s.mu, s.keys, func(_ int, k *key) string { return k.Label })
}

// Keys returns every key's label by id, as the API names it.
func (s *Server) Keys() map[string]string {
	return fakeapi.Index(&s.mu, s.keys, strconv.Itoa, func(k *key) string { return k.Label })
}

// Secrets returns the secret of every key the fake holds, for tests that
// prove no secret leaks.
func (s *Server) Secrets() []string {
	return fakeapi.Each(&s.mu, s.keys, func(_ int, k *key) string { return k.SecretKey })
}

// LabelOf returns the label of the key with an id, if it exists.
func (s *Server) LabelOf(id int) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[id]
	if !ok {
		return "", false
	}
	return k.Label, true
}

// Revoke deletes a key behind the client's back.
func (s *Server) Revoke(id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.keys, id)
}

// Relabel renames a key behind the client's back.
func (s *Server) Relabel(id int, label string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.keys[id]; ok {
		k.Label = label
	}
}

// AddKeys creates n unlimited keys labelled prefix-0, prefix-1, ...
// directly, without requests, and returns their ids.
func (s *Server) AddKeys(prefix string, n int) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int, n)
	for i := range n {
		label := fmt.Sprintf("%s-%d", prefix, i)
		ids[i] = s.create(createRequest{Label: &label}).ID
	}
	return ids
}

// Grant is one bucket permission of a key made with AddLimitedKey.
type Grant struct{ Bucket, Permission, Region string }

// AddLimitedKey creates a limited key directly, as another client would,
// and returns its id.
func (s *Server) AddLimitedKey(label string, grants ...Grant) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	access := []createGrant{}
	for _, g := range grants {
		access = append(access, createGrant{BucketName: g.Bucket, Permissions: g.Permission, Region: g.Region})
	}
	return s.create(createRequest{Label: &label, BucketAccess: &access}).ID
}

// api is the fake's part of fakeapi.Server: Linode's paths, token,
// scopes and error envelope.
type api struct{ s *Server }

func (h api) Operation(r *http.Request, a *fakeapi.Answer) (string, bool) {
	op, _, ok := operation(r)
	if !ok {
		recorder{a}.errors(http.StatusNotFound, apiError{Reason: "Not found"})
	}
	return op, ok
}

func (h api) Refuse(r *http.Request, _ []byte, a *fakeapi.Answer) bool {
	switch {
	case r.Header.Get("Authorization") != "Bearer "+h.s.Token:
		recorder{a}.errors(http.StatusUnauthorized, apiError{Reason: "Invalid Token"})
	case !h.s.tokenAllows(r.Method):
		recorder{a}.errors(http.StatusUnauthorized, errNotAuthorized)
	default:
		return false
	}
	return true
}

func (h api) Route(r *http.Request, body []byte, a *fakeapi.Answer) {
	_, parts, _ := operation(r)
	h.s.route(&recorder{a}, r, parts, body)
}

func (h api) Fail(a *fakeapi.Answer, status int) {
	recorder{a}.errors(status, apiError{Reason: http.StatusText(status)})
}

func (api) Finish(*fakeapi.Answer) {}

// operation names a request as the fake counts it ("GET keys", "PUT
// key", ...); paths are /{apiVersion}/object-storage/keys[/{keyId}].
func operation(r *http.Request) (op string, parts []string, ok bool) {
	parts = strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) < 3 || parts[1] != "object-storage" || parts[2] != "keys" || len(parts) > 4 {
		return "", nil, false
	}
	if v := parts[0]; v != "v4" && v != "v4beta" {
		return "", nil, false
	}
	if len(parts) == 4 {
		return r.Method + " key", parts, true
	}
	return r.Method + " keys", parts, true
}

func (s *Server) route(w *recorder, r *http.Request, parts []string, body []byte) {
	switch {
	case len(parts) == 3 && r.Method == http.MethodGet:
		s.handleList(w, r)
	case len(parts) == 3 && r.Method == http.MethodPost:
		s.handleCreate(w, body)
	case len(parts) == 4:
		id, err := strconv.Atoi(parts[3])
		if err != nil {
			w.errors(http.StatusNotFound, apiError{Reason: "Not found"})
			return
		}
		switch r.Method {
		case http.MethodGet:
			s.handleGet(w, id)
		case http.MethodPut:
			s.handleUpdate(w, id, body)
		case http.MethodDelete:
			s.handleDelete(w, id)
		default:
			w.errors(http.StatusMethodNotAllowed, apiError{Reason: "Method Not Allowed"})
		}
	default:
		w.errors(http.StatusMethodNotAllowed, apiError{Reason: "Method Not Allowed"})
	}
}

// Pagination bounds. Guess: the excerpt declares no query parameters;
// Linode documents page (from 1) and page_size 25..500, default 100.
const (
	defaultPageSize = 100
	minPageSize     = 25
	maxPageSize     = 500
)

func (s *Server) handleList(w *recorder, r *http.Request) {
	page, pageSize := 1, defaultPageSize
	if v := r.URL.Query().Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			w.errors(http.StatusBadRequest, apiError{Field: "page", Reason: "Must be an integer of at least 1"})
			return
		}
		page = n
	}
	if v := r.URL.Query().Get("page_size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < minPageSize || n > maxPageSize {
			w.errors(http.StatusBadRequest, apiError{Field: "page_size", Reason: fmt.Sprintf("Must be an integer between %d and %d", minPageSize, maxPageSize)})
			return
		}
		pageSize = n
	}
	s.mu.Lock()
	ids := make([]int, 0, len(s.keys))
	for id := range s.keys {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	pages := max(1, (len(ids)+pageSize-1)/pageSize)
	// Guess: a page past the last answers an empty data list.
	data := []key{}
	for _, id := range ids[min(len(ids), (page-1)*pageSize):min(len(ids), page*pageSize)] {
		data = append(data, redacted(s.keys[id]))
	}
	s.mu.Unlock()
	w.json(http.StatusOK, map[string]any{"data": data, "page": page, "pages": pages, "results": len(ids)})
}

type createRequest struct {
	Label        *string        `json:"label"`
	BucketAccess *[]createGrant `json:"bucket_access"`
	Regions      []string       `json:"regions"`
}

type createGrant struct {
	BucketName  string `json:"bucket_name"`
	Permissions string `json:"permissions"`
	Region      string `json:"region"`
}

func (s *Server) handleCreate(w *recorder, body []byte) {
	var req createRequest
	if errs := decodeStrict(body, &req); errs != nil {
		w.errors(http.StatusBadRequest, errs...)
		return
	}
	if errs := validateCreate(req); errs != nil {
		w.errors(http.StatusBadRequest, errs...)
		return
	}
	s.mu.Lock()
	k := *s.create(req) // a copy: the answer is encoded after s.mu is released
	s.mu.Unlock()
	w.json(http.StatusOK, k)
}

// validateCreate follows Linode's documented rules. Guess: the excerpt has
// no lengths or required fields; Linode documents a label of 3 to 50
// characters, a region on every bucket_access entry, and regions that must
// include every bucket_access region.
func validateCreate(req createRequest) []apiError {
	var errs []apiError
	if req.Label == nil || len(*req.Label) < 3 || len(*req.Label) > 50 {
		errs = append(errs, apiError{Field: "label", Reason: "Length must be 3-50 characters"})
	}
	var bucketRegions []string
	if req.BucketAccess != nil {
		for i, b := range *req.BucketAccess {
			at := fmt.Sprintf("bucket_access[%d]", i)
			if b.BucketName == "" {
				errs = append(errs, apiError{Field: at + ".bucket_name", Reason: "bucket_name is required"})
			}
			if b.Permissions != "read_only" && b.Permissions != "read_write" {
				errs = append(errs, apiError{Field: at + ".permissions", Reason: "Must be one of read_write, read_only"})
			}
			if b.Region == "" {
				errs = append(errs, apiError{Field: at + ".region", Reason: "region is required"})
			}
			bucketRegions = append(bucketRegions, b.Region)
		}
	}
	errs = append(errs, regionsCover(req.Regions, bucketRegions)...)
	return errs
}

func regionsCover(regions, bucketRegions []string) []apiError {
	if regions == nil {
		return nil
	}
	for _, r := range bucketRegions {
		if r != "" && !slices.Contains(regions, r) {
			return []apiError{{Field: "regions", Reason: fmt.Sprintf("regions must include every bucket_access region; %s is missing", r)}}
		}
	}
	return nil
}

// create stores a key; the caller holds s.mu.
func (s *Server) create(req createRequest) *key {
	s.nextID++
	k := &key{ID: s.nextID, AccessKey: fakeapi.RandomString(20, fakeapi.UpperDigits),
		SecretKey: fakeapi.RandomString(40, fakeapi.Letters), BucketAccess: []bucketAccess{}}
	if req.Label != nil {
		k.Label = *req.Label
	}
	// Guess: a key is limited when the request carries bucket_access, even
	// an empty list (a key that reaches no bucket).
	k.Limited = req.BucketAccess != nil
	var regionIDs []string
	if req.BucketAccess != nil {
		for _, b := range *req.BucketAccess {
			k.BucketAccess = append(k.BucketAccess, bucketAccess{BucketName: b.BucketName, Cluster: b.Region + "-1", Permissions: b.Permissions, Region: b.Region})
			if !slices.Contains(regionIDs, b.Region) {
				regionIDs = append(regionIDs, b.Region)
			}
		}
	}
	// Guess: without regions, a key gets the regions of its buckets.
	if req.Regions != nil {
		regionIDs = req.Regions
	}
	k.Regions = regionsOf(regionIDs)
	s.keys[k.ID] = k
	return k
}

func regionsOf(ids []string) []region {
	out := []region{}
	for _, id := range ids {
		out = append(out, region{ID: id, S3Endpoint: id + "-1.linodeobjects.com", EndpointType: "E1"})
	}
	return out
}

func (s *Server) handleGet(w *recorder, id int) {
	s.mu.Lock()
	k, ok := s.keys[id]
	var out key
	if ok {
		out = redacted(k)
	}
	s.mu.Unlock()
	if !ok {
		w.errors(http.StatusNotFound, apiError{Reason: "Not found"})
		return
	}
	w.json(http.StatusOK, out)
}

type updateRequest struct {
	Label   *string  `json:"label"`
	Regions []string `json:"regions"`
}

func (s *Server) handleUpdate(w *recorder, id int, body []byte) {
	var req updateRequest
	if errs := decodeStrict(body, &req); errs != nil {
		w.errors(http.StatusBadRequest, errs...)
		return
	}
	if req.Label != nil && (len(*req.Label) < 3 || len(*req.Label) > 50) {
		w.errors(http.StatusBadRequest, apiError{Field: "label", Reason: "Length must be 3-50 characters"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[id]
	if !ok {
		w.errors(http.StatusNotFound, apiError{Reason: "Not found"})
		return
	}
	if req.Regions != nil {
		var bucketRegions []string
		for _, b := range k.BucketAccess {
			bucketRegions = append(bucketRegions, b.Region)
		}
		if errs := regionsCover(req.Regions, bucketRegions); errs != nil {
			w.errors(http.StatusBadRequest, errs...)
			return
		}
		k.Regions = regionsOf(req.Regions)
	}
	if req.Label != nil {
		k.Label = *req.Label
	}
	// The contract's PUT answer carries no bucket_access, and its regions
	// no endpoint_type.
	out := redacted(k)
	regions := []map[string]string{}
	for _, r := range out.Regions {
		regions = append(regions, map[string]string{"id": r.ID, "s3_endpoint": r.S3Endpoint})
	}
	w.json(http.StatusOK, map[string]any{
		"id": out.ID, "label": out.Label, "access_key": out.AccessKey, "secret_key": out.SecretKey,
		"limited": out.Limited, "regions": regions,
	})
}

func (s *Server) handleDelete(w *recorder, id int) {
	s.mu.Lock()
	_, ok := s.keys[id]
	delete(s.keys, id)
	s.mu.Unlock()
	if !ok {
		w.errors(http.StatusNotFound, apiError{Reason: "Not found"})
		return
	}
	w.json(http.StatusOK, map[string]any{})
}

// redacted is a key as reads show it: the secret is never shown again.
func redacted(k *key) key {
	out := *k
	out.SecretKey = "[REDACTED]"
	out.BucketAccess = slices.Clone(k.BucketAccess)
	out.Regions = slices.Clone(k.Regions)
	return out
}
