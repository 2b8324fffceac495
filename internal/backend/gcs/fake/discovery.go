package fake

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// contract is the Discovery documents of the two APIs, cut down to the
// methods the backend calls (testdata/README.md says whence).
//
//go:embed testdata/gcs-discovery.json
var contract []byte

// discovery is one API's Discovery document, as far as the checks read it.
type discovery struct {
	ServicePath string               `json:"servicePath"`
	Parameters  map[string]parameter `json:"parameters"`
	Resources   map[string]resource  `json:"resources"`
	Schemas     map[string]*schema   `json:"schemas"`
}

type resource struct {
	Methods   map[string]method   `json:"methods"`
	Resources map[string]resource `json:"resources"`
}

type method struct {
	ID         string               `json:"id"`
	HTTPMethod string               `json:"httpMethod"`
	Path       string               `json:"path"`
	FlatPath   string               `json:"flatPath"`
	Parameters map[string]parameter `json:"parameters"`
	Request    *schema              `json:"request"`
	Response   *schema              `json:"response"`
}

type parameter struct {
	Location string   `json:"location"`
	Type     string   `json:"type"`
	Required bool     `json:"required"`
	Enum     []string `json:"enum"`
	Pattern  string   `json:"pattern"`
}

type schema struct {
	Ref                  string             `json:"$ref"`
	Type                 string             `json:"type"`
	Format               string             `json:"format"`
	Properties           map[string]*schema `json:"properties"`
	Items                *schema            `json:"items"`
	AdditionalProperties *schema            `json:"additionalProperties"`
	ReadOnly             bool               `json:"readOnly"`
}

// route is one method, found by its HTTP method and path.
type route struct {
	api    *discovery
	method method
	path   *regexp.Regexp
	names  []string // the path's parameters, in order
}

// Contract routes requests to the methods of the Discovery documents and
// checks requests and answers against them.
type Contract struct{ routes []route }

// LoadContract reads the embedded documents.
func LoadContract() (*Contract, error) {
	var docs map[string]json.RawMessage
	if err := json.Unmarshal(contract, &docs); err != nil {
		return nil, err
	}
	c := &Contract{}
	for name, raw := range docs {
		if strings.HasPrefix(name, "x-") {
			continue
		}
		api := &discovery{}
		if err := json.Unmarshal(raw, api); err != nil {
			return nil, fmt.Errorf("discovery document %s: %w", name, err)
		}
		var walk func(resource)
		walk = func(r resource) {
			for _, m := range r.Methods {
				c.routes = append(c.routes, newRoute(api, m))
			}
			for _, sub := range r.Resources {
				walk(sub)
			}
		}
		for _, r := range api.Resources {
			walk(r)
		}
	}
	// Longer templates first, so a method's path wins over its parent's.
	sort.Slice(c.routes, func(i, j int) bool { return len(c.routes[i].path.String()) > len(c.routes[j].path.String()) })
	return c, nil
}

var templatePart = regexp.MustCompile(`\{\+?[A-Za-z]+\}`)

func newRoute(api *discovery, m method) route {
	template := m.FlatPath
	if template == "" {
		template = m.Path
	}
	var names []string
	quoted := ""
	rest := template
	for {
		loc := templatePart.FindStringIndex(rest)
		if loc == nil {
			quoted += regexp.QuoteMeta(rest)
			break
		}
		quoted += regexp.QuoteMeta(rest[:loc[0]])
		part := rest[loc[0]:loc[1]]
		names = append(names, strings.Trim(part, "{+}"))
		if strings.HasPrefix(part, "{+") {
			quoted += "(.+)"
		} else {
			quoted += "([^/]+)"
		}
		rest = rest[loc[1]:]
	}
	return route{api: api, method: m, names: names, path: regexp.MustCompile("^/" + regexp.QuoteMeta(api.ServicePath) + quoted + "$")}
}

// Method is the id of the method a request calls ("storage.buckets.list"),
// or "" for none.
func (c *Contract) Method(r *http.Request) string {
	if rt := c.find(r); rt != nil {
		return rt.method.ID
	}
	return ""
}

func (c *Contract) find(r *http.Request) *route {
	for i, rt := range c.routes {
		if rt.method.HTTPMethod == r.Method && rt.path.MatchString(r.URL.Path) {
			return &c.routes[i]
		}
	}
	return nil
}

// CheckRequest checks a request's parameters and body.
func (c *Contract) CheckRequest(r *http.Request, body []byte) error {
	rt := c.find(r)
	if rt == nil {
		return fmt.Errorf("no method is %s %s", r.Method, r.URL.Path)
	}
	m := rt.method
	for name, values := range r.URL.Query() {
		p, ok := m.Parameters[name]
		if !ok {
			p, ok = rt.api.Parameters[name]
		}
		if !ok || p.Location != "query" {
			return fmt.Errorf("%s takes no query parameter %q", m.ID, name)
		}
		for _, v := range values {
			if err := p.check(v); err != nil {
				return fmt.Errorf("%s: parameter %s: %w", m.ID, name, err)
			}
		}
	}
	for name, p := range m.Parameters {
		if p.Required && p.Location == "query" && !r.URL.Query().Has(name) {
			return fmt.Errorf("%s: the required parameter %s is missing", m.ID, name)
		}
	}
	for i, v := range rt.path.FindStringSubmatch(r.URL.Path)[1:] {
		if p, ok := m.Parameters[rt.names[i]]; ok && p.Pattern != "" {
			if !regexp.MustCompile(p.Pattern).MatchString(v) {
				return fmt.Errorf("%s: path parameter %s %q does not match %s", m.ID, rt.names[i], v, p.Pattern)
			}
		}
	}
	switch {
	case m.Request == nil && len(body) > 0:
		return fmt.Errorf("%s takes no body", m.ID)
	case m.Request != nil:
		return rt.api.check(m.Request, body, "request", true)
	}
	return nil
}

// CheckAnswer checks a 2xx answer's body against the method's response,
// and an error's against Google's error envelope.
func (c *Contract) CheckAnswer(r *http.Request, status int, body []byte) error {
	rt := c.find(r)
	if rt == nil {
		return nil // the request was refused as unknown
	}
	if status >= 300 {
		var envelope struct {
			Error *struct {
				Code    int    `json:"code"`
				Message string `json:"message"`
				Errors  []struct {
					Reason string `json:"reason"`
				} `json:"errors"`
			} `json:"error"`
		}
		if err := json.Unmarshal(body, &envelope); err != nil || envelope.Error == nil || envelope.Error.Code != status {
			return fmt.Errorf("%s: the %d answer is not Google's error envelope: %s", rt.method.ID, status, body)
		}
		return nil
	}
	if rt.method.Response == nil {
		if len(body) > 0 {
			return fmt.Errorf("%s answers no body, but answered %s", rt.method.ID, body)
		}
		return nil
	}
	return rt.api.check(rt.method.Response, body, "answer", false)
}

func (p parameter) check(v string) error {
	switch p.Type {
	case "integer":
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return fmt.Errorf("%q is not an integer", v)
		}
	case "boolean":
		if v != "true" && v != "false" {
			return fmt.Errorf("%q is not a boolean", v)
		}
	}
	if len(p.Enum) > 0 && !slices.Contains(p.Enum, v) {
		return fmt.Errorf("%q is none of %v", v, p.Enum)
	}
	return nil
}

// check validates a JSON body against a schema: no property the schema
// lacks, every value of its type, and in a request no read-only property
// set.
func (d *discovery) check(s *schema, body []byte, what string, request bool) error {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("the %s is not JSON: %w", what, err)
	}
	return d.value(s, v, what, request)
}

func (d *discovery) value(s *schema, v any, at string, request bool) error {
	if s.Ref != "" {
		ref, ok := d.Schemas[s.Ref]
		if !ok {
			return fmt.Errorf("%s: no schema %s", at, s.Ref)
		}
		s = ref
	}
	if v == nil {
		return nil
	}
	switch s.Type {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: %T, want an object", at, v)
		}
		for name, field := range obj {
			var fs *schema
			if s.Properties != nil {
				fs = s.Properties[name]
			}
			if fs == nil {
				fs = s.AdditionalProperties
			}
			if fs == nil {
				return fmt.Errorf("%s: no property %q", at, name)
			}
			if request && fs.ReadOnly {
				return fmt.Errorf("%s.%s is read-only", at, name)
			}
			if err := d.value(fs, field, at+"."+name, request); err != nil {
				return err
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: %T, want an array", at, v)
		}
		for i, item := range arr {
			if err := d.value(s.Items, item, fmt.Sprintf("%s[%d]", at, i), request); err != nil {
				return err
			}
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s: %T, want a string", at, v)
		}
		if s.Format == "int64" || s.Format == "uint64" {
			if _, err := strconv.ParseInt(str, 10, 64); err != nil {
				return fmt.Errorf("%s: %q is not an %s", at, str, s.Format)
			}
		}
	case "integer", "number":
		if _, ok := v.(float64); !ok {
			return fmt.Errorf("%s: %T, want a number", at, v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: %T, want a boolean", at, v)
		}
	}
	return nil
}
