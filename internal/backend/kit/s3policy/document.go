// Package s3policy reads and writes the IAM policy documents that grant
// S3 access, in the one shape this provider writes: plain Allow statements
// naming buckets and their objects. MinIO keeps them as a service
// account's embedded policy and the IAM API as a user's inline policy; each
// service's policy language knows its own subset of the S3 actions
// (Language).
package s3policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// Document is an IAM policy document. It holds what this provider writes
// and what it must recognise to read a policy back; a document with
// anything else (a Principal, a field it does not know) does not decode,
// and Parse then reports a custom grant.
type Document struct {
	Version   string     `json:"Version"`
	ID        string     `json:"Id,omitempty"`
	Statement Statements `json:"Statement"`
}

// Version is the policy language version this provider writes; versions
// are the two the language has.
const Version = "2012-10-17"

var versions = []string{Version, "2008-10-17"}

// Statement is one statement of a Document.
type Statement struct {
	Sid         string       `json:"Sid,omitempty"`
	Effect      string       `json:"Effect"`
	Action      StringOrList `json:"Action,omitempty"`
	NotAction   StringOrList `json:"NotAction,omitempty"`
	Resource    StringOrList `json:"Resource,omitempty"`
	NotResource StringOrList `json:"NotResource,omitempty"`
	// Condition is kept only to be seen: a statement with one grants
	// something other than what this provider writes.
	Condition json.RawMessage `json:"Condition,omitempty"`
}

// EffectAllow is the effect of every statement this provider writes.
const EffectAllow = "Allow"

// ARN prefixes a resource that names S3 buckets and objects.
const ARN = "arn:aws:s3:::"

// IsPlainAllow reports whether a statement grants actions on resources,
// without exceptions or conditions: the only kind this provider writes.
func (s Statement) IsPlainAllow() bool {
	return s.Effect == EffectAllow && len(s.NotAction) == 0 && len(s.NotResource) == 0 && isEmptyJSON(s.Condition)
}

func isEmptyJSON(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || string(raw) == "null" || string(raw) == "{}"
}

// StringOrList is a policy field that IAM lets be one string or a list.
type StringOrList []string

// UnmarshalJSON reads one string or a list of strings.
func (l *StringOrList) UnmarshalJSON(raw []byte) error {
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		*l = StringOrList{one}
		return nil
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		return errors.New("a policy field holds neither a string nor a list of strings")
	}
	*l = list
	return nil
}

// Statements is a document's Statement: a list, or one statement alone.
type Statements []Statement

// UnmarshalJSON reads a list of statements or one statement alone, each
// strictly.
func (s *Statements) UnmarshalJSON(raw []byte) error {
	if trimmed := bytes.TrimSpace(raw); len(trimmed) > 0 && trimmed[0] == '{' {
		var one Statement
		if err := strictUnmarshal(trimmed, &one); err != nil {
			return err
		}
		*s = Statements{one}
		return nil
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return err
	}
	out := make(Statements, len(list))
	for i, item := range list {
		if err := strictUnmarshal(item, &out[i]); err != nil {
			return err
		}
	}
	*s = out
	return nil
}

// Decode reads a policy document, refusing any field the document type
// does not know.
func Decode(raw []byte) (Document, error) {
	var doc Document
	err := strictUnmarshal(raw, &doc)
	return doc, err
}

func strictUnmarshal(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value")
	}
	return nil
}

// bucketOf returns the bucket pattern an S3 resource names ("b", "b/*",
// "*"), or false for a resource of another kind.
func bucketOf(resource string) (string, bool) {
	pattern, ok := strings.CutPrefix(resource, ARN)
	return pattern, ok && pattern != ""
}
