package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"text/template"
	"time"
)

// freePort asks the kernel for a loopback port nobody uses.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// proxy relays TCP connections to a server and counts the bytes the server
// sends, so a visit's network bytes are counted the same way for Folio and
// for nginx. Down, it closes every connection at once, as a dead network.
type proxy struct {
	URL     string
	backend string
	l       net.Listener
	sent    atomic.Int64
	down    atomic.Bool
	mu      sync.Mutex
	conns   map[net.Conn]bool
}

// newProxy starts a proxy in front of the server at backend (host:port).
func newProxy(backend string) (*proxy, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("proxy: %w", err)
	}
	p := &proxy{URL: "http://" + l.Addr().String(), backend: backend, l: l, conns: map[net.Conn]bool{}}
	go p.accept()
	return p, nil
}

func (p *proxy) accept() {
	for {
		c, err := p.l.Accept()
		if err != nil {
			return
		}
		if p.down.Load() {
			c.Close()
			continue
		}
		go p.relay(c)
	}
}

// relay copies one connection both ways, counting what the server sends.
func (p *proxy) relay(c net.Conn) {
	s, err := net.Dial("tcp", p.backend)
	if err != nil {
		c.Close()
		return
	}
	p.track(c, s, true)
	defer p.track(c, s, false)
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(s, c)
		s.(*net.TCPConn).CloseWrite()
		close(done)
	}()
	_, _ = io.Copy(countWriter{c, &p.sent}, s)
	c.Close()
	<-done
	s.Close()
}

// countWriter adds what it writes to n.
type countWriter struct {
	w io.Writer
	n *atomic.Int64
}

func (cw countWriter) Write(b []byte) (int, error) {
	n, err := cw.w.Write(b)
	cw.n.Add(int64(n))
	return n, err
}

func (p *proxy) track(c, s net.Conn, open bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if open {
		p.conns[c], p.conns[s] = true, true
	} else {
		delete(p.conns, c)
		delete(p.conns, s)
	}
}

// setDown cuts (or restores) the network to the server.
func (p *proxy) setDown(down bool) {
	p.down.Store(down)
	if !down {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
	}
}

func (p *proxy) close() { p.l.Close(); p.setDown(true) }

// servers are the two sides of every browser row: Folio (`folio serve`) and
// nginx serving `folio build` output of the same binary, whose comments come
// from that Folio; each behind a counting proxy.
type servers struct {
	folio, nginx *proxy
	tmp          string
	procs        []*exec.Cmd
}

// nginxConf serves the build as .ci/bench-static.sh does: app.wasm as the
// build's brotli copy when the browser accepts it (Debian's nginx has no
// brotli module), the rest with gzip_static and sendfile.
var nginxConf = template.Must(template.New("nginx").Parse(`worker_processes 2;
pid {{.Tmp}}/nginx.pid;
error_log {{.Tmp}}/ngx/error.log;
events { worker_connections 1024; }
http {
	include /etc/nginx/mime.types;
	access_log off;
	sendfile on;
	tcp_nopush on;
	client_body_temp_path {{.Tmp}}/ngx/body;
	proxy_temp_path {{.Tmp}}/ngx/proxy;
	fastcgi_temp_path {{.Tmp}}/ngx/fastcgi;
	uwsgi_temp_path {{.Tmp}}/ngx/uwsgi;
	scgi_temp_path {{.Tmp}}/ngx/scgi;
	map $http_accept_encoding $wasm_suffix { ~*\bbr\b .br; default ""; }
	map $http_accept_encoding $wasm_encoding { ~*\bbr\b br; default ""; }
	server {
		listen 127.0.0.1:{{.Port}};
		root {{.Tmp}}/site;
		gzip_static on;
		location = /web/app.wasm {
			default_type application/wasm;
			add_header Vary Accept-Encoding;
			add_header Content-Encoding $wasm_encoding;
			try_files /web/app.wasm$wasm_suffix =404;
		}
		location / { try_files $uri $uri/index.html =404; }
	}
}
`))

// startServers starts Folio from bin and nginx on its build, each behind a
// proxy. The build reads comments from Folio's proxy, which lets nginx's
// origin read them (-embed-origins).
func startServers(ctx context.Context, bin, webDir string) (*servers, error) {
	tmp, err := os.MkdirTemp("", "folio-bench-")
	if err != nil {
		return nil, err
	}
	s := &servers{tmp: tmp}
	if err := os.Chmod(tmp, 0o755); err != nil { // nginx's workers read the site
		return s, err
	}
	fport, err := freePort()
	if err != nil {
		return s, err
	}
	nport, err := freePort()
	if err != nil {
		return s, err
	}
	if s.folio, err = newProxy(fmt.Sprintf("127.0.0.1:%d", fport)); err != nil {
		return s, err
	}
	if s.nginx, err = newProxy(fmt.Sprintf("127.0.0.1:%d", nport)); err != nil {
		return s, err
	}
	serve := exec.CommandContext(ctx, bin, "serve", "-addr", fmt.Sprintf("127.0.0.1:%d", fport),
		"-db", filepath.Join(tmp, "folio.db"), "-embed-origins", s.nginx.URL, "-rate-limit", "0")
	serve.Stdout, serve.Stderr = io.Discard, io.Discard
	if err := serve.Start(); err != nil {
		return s, fmt.Errorf("folio serve: %w", err)
	}
	s.procs = append(s.procs, serve)
	if err := s.build(ctx, bin, webDir); err != nil {
		return s, err
	}
	if err := s.startNginx(ctx, nport); err != nil {
		return s, err
	}
	for _, u := range []string{s.folio.URL + "/healthz", s.nginx.URL + "/"} {
		if err := waitUp(ctx, u); err != nil {
			return s, err
		}
	}
	return s, nil
}

// warm asks both servers once for what a visit to path loads first, so no
// measured run pays for a server's first request.
func (s *servers) warm(ctx context.Context, path string) {
	for _, base := range []string{s.folio.URL, s.nginx.URL} {
		for _, p := range []string{path, "/", "/web/app.wasm", "/app.js", "/wasm_exec.js", "/web/folio.css"} {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+p, nil)
			req.Header.Set("Accept-Encoding", "gzip, deflate, br")
			if res, err := http.DefaultClient.Do(req); err == nil {
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
			}
		}
	}
}

// build writes the static site, with app.wasm's precompressed copies beside
// it as README's "Host it as static files" says to on nginx.
func (s *servers) build(ctx context.Context, bin, webDir string) error {
	site := filepath.Join(s.tmp, "site")
	out, err := exec.CommandContext(ctx, bin, "build", "-out", site, "-api", s.folio.URL).CombinedOutput()
	if err != nil {
		return fmt.Errorf("folio build: %w\n%s", err, out)
	}
	for _, ext := range []string{".br", ".gz"} {
		b, err := os.ReadFile(filepath.Join(webDir, "app.wasm"+ext))
		if err != nil {
			return fmt.Errorf("app.wasm%s (make wasm writes it): %w", ext, err)
		}
		if err := os.WriteFile(filepath.Join(site, "web", "app.wasm"+ext), b, 0o644); err != nil {
			return err
		}
	}
	return exec.Command("chmod", "-R", "a+rX", site).Run()
}

func (s *servers) startNginx(ctx context.Context, port int) error {
	if _, err := exec.LookPath("nginx"); err != nil {
		return errors.New("nginx is missing (apt-get install nginx)")
	}
	if err := os.MkdirAll(filepath.Join(s.tmp, "ngx"), 0o755); err != nil {
		return err
	}
	conf := filepath.Join(s.tmp, "nginx.conf")
	f, err := os.Create(conf)
	if err != nil {
		return err
	}
	err = nginxConf.Execute(f, map[string]any{"Tmp": s.tmp, "Port": port})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	out, err := exec.CommandContext(ctx, "nginx", "-c", conf, "-e", filepath.Join(s.tmp, "ngx", "error.log")).CombinedOutput()
	if err != nil {
		return fmt.Errorf("nginx: %w\n%s", err, out)
	}
	return nil
}

// waitUp polls url until it answers 200.
func waitUp(ctx context.Context, url string) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
			err = errors.New(res.Status)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not come up: %w", url, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// sent is what both servers have sent through their proxies.
func (s *servers) sent() int64 { return s.folio.sent.Load() + s.nginx.sent.Load() }

// setDown cuts or restores the network to both servers.
func (s *servers) setDown(down bool) { s.folio.setDown(down); s.nginx.setDown(down) }

// quiet waits until neither server has sent anything for d, at most max.
func (s *servers) quiet(d, max time.Duration) {
	deadline := time.Now().Add(max)
	last, since := s.sent(), time.Now()
	for time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		if n := s.sent(); n != last {
			last, since = n, time.Now()
		} else if time.Since(since) >= d {
			return
		}
	}
}

// stop ends nginx and Folio and removes the files.
func (s *servers) stop() {
	if b, err := os.ReadFile(filepath.Join(s.tmp, "nginx.pid")); err == nil {
		_ = exec.Command("kill", strings.TrimSpace(string(b))).Run()
	}
	for _, p := range s.procs {
		if p.Process != nil {
			_ = p.Process.Kill()
			_ = p.Wait()
		}
	}
	if s.folio != nil {
		s.folio.close()
	}
	if s.nginx != nil {
		s.nginx.close()
	}
	os.RemoveAll(s.tmp)
}
