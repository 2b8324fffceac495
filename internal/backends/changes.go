package backends

import (
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// ChangeSentence says what a change of field f does on each backend that
// takes the field, from the capability table, such as "A change is made in
// place on MinIO and replaces the key on Linode." Empty when no backend
// takes the field.
func ChangeSentence(f backend.Field) string {
	byEffect := map[backend.Effect][]string{}
	for _, k := range All {
		effect := k.Capabilities.OnChange(f)
		byEffect[effect] = append(byEffect[effect], k.Title)
	}
	var parts []string
	if titles := byEffect[backend.Update]; len(titles) > 0 {
		parts = append(parts, "is made in place on "+andList(titles))
	}
	if titles := byEffect[backend.Replace]; len(titles) > 0 {
		parts = append(parts, "replaces the key on "+andList(titles))
	}
	var sentences []string
	if len(parts) > 0 {
		sentences = append(sentences, "A change "+strings.Join(parts, " and ")+".")
	}
	if titles := byEffect[backend.Refused]; len(titles) > 0 {
		sentences = append(sentences, "On "+orList(titles)+" it is refused at plan time.")
	}
	return strings.Join(sentences, " ")
}

// ExpiryLimits says how far ahead each backend with expiry takes one:
// "MinIO: 15 minutes to 365 days ahead".
func ExpiryLimits() string {
	var limits []string
	for _, k := range All {
		if k.Capabilities.Expiry {
			limits = append(limits, k.Title+": "+k.Capabilities.ExpiryWithin.String())
		}
	}
	return strings.Join(limits, "; ")
}

// ChangeSummary says what changes of a key do on one backend, naming the
// fields with backend.Ref; on Linode: "a change of {name} or {regions} is
// made in place; a change of {grants} or {limited} replaces the key; …".
func ChangeSummary(caps backend.Capabilities) string {
	byEffect := map[backend.Effect][]string{}
	for _, r := range backend.Rules {
		effect := r.OnChange(caps)
		byEffect[effect] = append(byEffect[effect], backend.Ref(r.Field))
	}
	var parts []string
	if refs := byEffect[backend.Update]; len(refs) > 0 {
		parts = append(parts, "a change of "+orList(refs)+" is made in place")
	}
	if refs := byEffect[backend.Replace]; len(refs) > 0 {
		parts = append(parts, "a change of "+orList(refs)+" replaces the key")
	}
	if refs := byEffect[backend.Refused]; len(refs) > 0 {
		parts = append(parts, andList(refs)+" cannot be set")
	}
	return strings.Join(parts, "; ") + "."
}

// Having names the backends with a capability, such as "MinIO and Linode".
func Having(has func(backend.Capabilities) bool) string {
	var titles []string
	for _, k := range All {
		if has(k.Capabilities) {
			titles = append(titles, k.Title)
		}
	}
	return andList(titles)
}

func andList(items []string) string { return joinLast(items, " and ") }

func orList(items []string) string { return joinLast(items, " or ") }

func joinLast(items []string, last string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + last + items[len(items)-1]
}

// KeyIDs says what a key's id is on each backend: "the access key on
// MinIO, the numeric id on Linode, …".
func KeyIDs() string {
	var parts []string
	for _, k := range All {
		parts = append(parts, k.KeyID+" on "+k.Title)
	}
	return andList(parts)
}

// KeyNames says what a key's name is on each backend, with its rules.
func KeyNames() string {
	var parts []string
	for _, k := range All {
		parts = append(parts, k.KeyName)
	}
	return orList(parts)
}

// Titles names every backend: "MinIO, Linode, GleSYS, IAM and DigitalOcean".
func Titles() string { return Having(func(backend.Capabilities) bool { return true }) }
