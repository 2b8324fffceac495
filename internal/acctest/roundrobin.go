package acctest

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// RoundRobinProxy is the load balancer in front of a MinIO cluster: each
// request goes to the next node in turn; a node that refuses the
// connection (it is down) is skipped for the next one, as a load
// balancer's passive health check does, since such a request never
// reached it. The Host header passes unchanged, as MinIO's signatures
// cover it.
type RoundRobinProxy struct {
	Endpoint string // host:port on 127.0.0.1

	nodes     []string
	next      atomic.Uint64
	creates   atomic.Int64
	transport *http.Transport
	server    *http.Server
}

// StartRoundRobinProxy serves on a free loopback port in front of nodes.
func StartRoundRobinProxy(nodes []string) (*RoundRobinProxy, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &RoundRobinProxy{
		Endpoint:  l.Addr().String(),
		nodes:     nodes,
		transport: &http.Transport{DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext, MaxIdleConnsPerHost: 64},
	}
	p.server = &http.Server{Handler: p, ReadHeaderTimeout: 30 * time.Second}
	go func() { _ = p.server.Serve(l) }()
	return p, nil
}

// Creates counts the service accounts asked for through the proxy.
func (p *RoundRobinProxy) Creates() int64 { return p.creates.Load() }

// Close stops the proxy.
func (p *RoundRobinProxy) Close() {
	_ = p.server.Close()
	p.transport.CloseIdleConnections()
}

func (p *RoundRobinProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	if strings.HasSuffix(r.URL.Path, "/add-service-account") {
		p.creates.Add(1)
	}
	first := p.next.Add(1)
	for i := range len(p.nodes) {
		node := p.nodes[(first+uint64(i))%uint64(len(p.nodes))]
		out := r.Clone(r.Context())
		out.RequestURI = ""
		out.URL.Scheme, out.URL.Host = "http", node
		out.Host = r.Host
		out.Body, out.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		resp, err := p.transport.RoundTrip(out)
		if errors.Is(err, syscall.ECONNREFUSED) {
			continue
		}
		if err != nil {
			http.Error(w, "proxy: "+err.Error(), http.StatusBadGateway)
			return
		}
		for name, values := range resp.Header {
			w.Header()[name] = values
		}
		w.WriteHeader(resp.StatusCode)
		_, _ = io.Copy(w, resp.Body)
		_ = resp.Body.Close()
		return
	}
	http.Error(w, "proxy: every node refused the connection", http.StatusBadGateway)
}
