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
	if len(parts) == 0 {
		return ""
	}
	return "A change " + strings.Join(parts, " and ") + "."
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
