package provider

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// wrongEndpoints are loopback endpoints where the service is not: a
// listener that accepts and never answers, a closed port, and a web server
// (as MinIO's console port or a mistyped URL would be). Each returns its
// host:port.
var wrongEndpoints = map[string]func(t *testing.T) string{
	"hung": func(t *testing.T) string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		accepted := make(chan net.Conn, 16)
		go func() { // holds each connection, unanswered, until the test ends
			for {
				c, err := l.Accept()
				if err != nil {
					close(accepted)
					return
				}
				accepted <- c
			}
		}()
		t.Cleanup(func() {
			l.Close()
			for c := range accepted {
				c.Close()
			}
		})
		return l.Addr().String()
	},
	"closed": func(t *testing.T) string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		return addr
	},
	"web server": func(t *testing.T) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte("<html><body>Welcome</body></html>"))
		}))
		t.Cleanup(srv.Close)
		return strings.TrimPrefix(srv.URL, "http://")
	},
}

// A create against a wrong endpoint fails with an error that names the
// operation and the endpoint and says what is wrong: a hung server within
// the create's timeout, a closed port at once (its error is not the
// timeout's), a web server as not the service's API rather than a parse
// failure.
func TestAccProvider_wrongEndpoints(t *testing.T) {
	testAccPreCheck(t)
	t.Parallel()
	const timeouts = `timeouts = { create = "3s" }`
	backends := map[string]struct {
		config func(addr string) string
		want   map[string]string
	}{
		"MinIO": {
			config: func(addr string) string {
				return fmt.Sprintf("provider \"objectstorage\" {\n  minio {\n    endpoint = %q\n  }\n}\n", addr) +
					keyWith(timeouts)(uniqueName(t, "wrong"))
			},
			want: map[string]string{
				"hung":       `could not create the key within 3s \(timeouts.create\).*MinIO at 127.0.0.1:[0-9]+`,
				"closed":     `nothing listens at 127.0.0.1:[0-9]+ \(connection refused\): check minio.endpoint`,
				"web server": `127.0.0.1:[0-9]+ is not MinIO's S3 API: it answered HTTP 200 \(text/html; charset=utf-8\) without MinIO's headers.*not of its console`,
			},
		},
		"Linode": {
			config: func(addr string) string {
				return fmt.Sprintf("provider \"objectstorage\" {\n  linode {\n    url   = \"http://%s\"\n    token = \"t\"\n  }\n}\n", addr) +
					keyWith(timeouts)("wrong-endpoint")
			},
			want: map[string]string{
				"hung":       `could not create the key within 3s \(timeouts.create\).*POST http://127.0.0.1:[0-9]+/v4/object-storage/keys: no answer before the operation's deadline`,
				"closed":     `POST http://127.0.0.1:[0-9]+/v4/object-storage/keys: nothing listens there \(connection refused\)`,
				"web server": `POST http://127.0.0.1:[0-9]+/v4/object-storage/keys answered HTTP 200 with text/html; charset=utf-8, not the API's JSON.*check linode.url`,
			},
		},
		"DigitalOcean": {
			config: func(addr string) string {
				return fmt.Sprintf("provider \"objectstorage\" {\n  digitalocean {\n    url   = \"http://%s\"\n    token = \"t\"\n  }\n}\n", addr) +
					keyWith(timeouts)("wrong-endpoint")
			},
			want: map[string]string{
				"hung":       `could not create the key within 3s \(timeouts.create\).*POST http://127.0.0.1:[0-9]+/v2/spaces/keys: no answer before the operation's deadline`,
				"closed":     `POST http://127.0.0.1:[0-9]+/v2/spaces/keys: nothing listens there \(connection refused\)`,
				"web server": `POST http://127.0.0.1:[0-9]+/v2/spaces/keys answered HTTP 200 with text/html; charset=utf-8, not the API's JSON.*check digitalocean.url`,
			},
		},
		"GleSYS": {
			config: func(addr string) string {
				return fmt.Sprintf("provider \"objectstorage\" {\n  glesys {\n    url     = \"http://%s\"\n    project = \"CL1\"\n    token   = \"t\"\n  }\n}\n", addr) +
					keyWith(timeouts+"\ninstance_id = \"os-ab123\"")("wrong-endpoint")
			},
			want: map[string]string{
				"hung":       `could not create the key within 3s \(timeouts.create\).*POST http://127.0.0.1:[0-9]+/objectstorage/instancedetails: no answer before the operation's deadline`,
				"closed":     `POST http://127.0.0.1:[0-9]+/objectstorage/instancedetails: nothing listens there \(connection refused\)`,
				"web server": `POST http://127.0.0.1:[0-9]+/objectstorage/instancedetails answered HTTP 200 with text/html; charset=utf-8, not the API's JSON.*check glesys.url`,
			},
		},
	}
	for name, b := range backends {
		for kind, want := range b.want {
			t.Run(name+"/"+kind, func(t *testing.T) {
				t.Parallel()
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
					Steps:                    []resource.TestStep{{Config: b.config(wrongEndpoints[kind](t)), ExpectError: errorPattern(want)}},
				})
			})
		}
	}
}
