package httpapi

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
)

// BaseURL reads an API's base URL setting, whose default is the service's
// own. Anything but an http or https scheme and a host is reported before
// any request is sent.
func BaseURL(s backend.Settings, name string) string {
	value := s.String(name)
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" || u.RawQuery != "" {
		s.Error(name, "Invalid API URL", fmt.Sprintf("%q is not an http or https scheme and a host, such as %s, without a path.", value, s.Default(name)))
	}
	return strings.TrimRight(value, "/")
}
