package ceph

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
)

// userPolicyAttr is the user attribute in which RGW keeps a user's inline
// policies: Ceph's encoding of a map from policy name to document.
const userPolicyAttr = "user.rgw.user-policy"

// record is a user as RGW's metadata API answers it: the user, and its
// attributes, among them its inline policies. One request reads what
// would otherwise take two (the user, then its policy).
type record struct {
	Data struct {
		user
		Attrs []struct {
			Key string `json:"key"`
			Val string `json:"val"` // base64
		} `json:"attrs"`
	} `json:"data"`
}

// policy returns the user's inline policy name, "" when it has none; ok is
// false when the attribute cannot be read, and the policy must be read
// through the IAM API instead.
func (r record) policy(name string) (doc string, ok bool) {
	for _, a := range r.Data.Attrs {
		if a.Key != userPolicyAttr {
			continue
		}
		raw, err := base64.StdEncoding.DecodeString(a.Val)
		if err != nil {
			return "", false
		}
		policies, err := decodeStringMap(raw)
		if err != nil {
			return "", false
		}
		return policies[name], true
	}
	return "", true
}

// maxPolicies bounds the entries decodeStringMap takes: far more inline
// policies than any user has.
const maxPolicies = 1 << 12

// decodeStringMap reads Ceph's encoding of a map<string, string>: a
// little-endian 32-bit count, then each key and value as a 32-bit length
// and its bytes.
func decodeStringMap(raw []byte) (map[string]string, error) {
	count, rest, err := takeUint32(raw)
	if err != nil {
		return nil, err
	}
	if count > maxPolicies {
		return nil, fmt.Errorf("%d entries", count)
	}
	out := make(map[string]string, count)
	for range count {
		var key, value string
		if key, rest, err = takeString(rest); err != nil {
			return nil, err
		}
		if value, rest, err = takeString(rest); err != nil {
			return nil, err
		}
		out[key] = value
	}
	if len(rest) != 0 {
		return nil, errors.New("bytes after the map")
	}
	return out, nil
}

var errShort = errors.New("the encoded map ends early")

func takeUint32(b []byte) (uint32, []byte, error) {
	if len(b) < 4 {
		return 0, nil, errShort
	}
	return binary.LittleEndian.Uint32(b), b[4:], nil
}

func takeString(b []byte) (string, []byte, error) {
	n, rest, err := takeUint32(b)
	if err != nil {
		return "", nil, err
	}
	if uint64(n) > uint64(len(rest)) {
		return "", nil, errShort
	}
	return string(rest[:n]), rest[n:], nil
}
