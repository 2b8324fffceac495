package minio

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// policyDocument is an IAM policy document as MinIO keeps a service
// account's embedded policy. It holds what this backend writes and what
// it must recognise to read a policy back; a document with anything else
// (a Principal, a field it does not know) does not decode, and its reader
// then reports a custom grant.
type policyDocument struct {
	Version   string     `json:"Version"`
	ID        string     `json:"Id,omitempty"`
	Statement statements `json:"Statement"`
}

// policyVersion is the policy language version this backend writes;
// policyVersions are the two the language has.
const policyVersion = "2012-10-17"

var policyVersions = []string{policyVersion, "2008-10-17"}

type statement struct {
	Sid         string       `json:"Sid,omitempty"`
	Effect      string       `json:"Effect"`
	Action      stringOrList `json:"Action,omitempty"`
	NotAction   stringOrList `json:"NotAction,omitempty"`
	Resource    stringOrList `json:"Resource,omitempty"`
	NotResource stringOrList `json:"NotResource,omitempty"`
	// Condition is kept only to be seen: a statement with one grants
	// something other than what this backend writes.
	Condition json.RawMessage `json:"Condition,omitempty"`
}

const effectAllow = "Allow"

// s3ARN prefixes a resource that names S3 buckets and objects.
const s3ARN = "arn:aws:s3:::"

// isPlainAllow reports whether a statement grants actions on resources,
// without exceptions or conditions: the only kind this backend writes.
func (s statement) isPlainAllow() bool {
	return s.Effect == effectAllow && len(s.NotAction) == 0 && len(s.NotResource) == 0 && isEmptyJSON(s.Condition)
}

func isEmptyJSON(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || string(raw) == "null" || string(raw) == "{}"
}

// stringOrList is a policy field that IAM lets be one string or a list.
type stringOrList []string

func (l *stringOrList) UnmarshalJSON(raw []byte) error {
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		*l = stringOrList{one}
		return nil
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		return errors.New("a policy field holds neither a string nor a list of strings")
	}
	*l = list
	return nil
}

// statements is a document's Statement: a list, or one statement alone.
type statements []statement

func (s *statements) UnmarshalJSON(raw []byte) error {
	if trimmed := bytes.TrimSpace(raw); len(trimmed) > 0 && trimmed[0] == '{' {
		var one statement
		if err := strictUnmarshal(trimmed, &one); err != nil {
			return err
		}
		*s = statements{one}
		return nil
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return err
	}
	out := make(statements, len(list))
	for i, item := range list {
		if err := strictUnmarshal(item, &out[i]); err != nil {
			return err
		}
	}
	*s = out
	return nil
}

// decodePolicy reads a policy document, refusing any field the document
// type does not know.
func decodePolicy(raw []byte) (policyDocument, error) {
	var doc policyDocument
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
	pattern, ok := strings.CutPrefix(resource, s3ARN)
	return pattern, ok && pattern != ""
}
