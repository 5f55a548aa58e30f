package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"
)

// server is one `folio serve` process on a loopback port.
type server struct {
	bin, dsn, addr, log string
	cmd                 *exec.Cmd
}

// newServer picks a free loopback port for a server on dsn; start runs it.
func newServer(bin, dsn, logDir string, n int) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("pick a port: %w", err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return &server{bin: bin, dsn: dsn, addr: addr, log: filepath.Join(logDir, fmt.Sprintf("folio-%d.log", n))}, nil
}

// url is the server's base URL.
func (s *server) url() string { return "http://" + s.addr }

// start runs the server, without a rate limit, and waits until /healthz
// answers.
func (s *server) start(ctx context.Context) error {
	logf, err := os.OpenFile(s.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("start server: %w", err)
	}
	defer logf.Close()
	s.cmd = exec.Command(s.bin, "serve", "-addr", s.addr, "-db", s.dsn, "-rate-limit", "0")
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", s.bin, err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.url()+"/healthz", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.kill()
	return fmt.Errorf("server on %s did not answer /healthz within 60 s (log: %s)", s.addr, s.log)
}

// kill stops the server the way a crash does: SIGKILL, nothing flushed.
func (s *server) kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Kill() //nolint:errcheck // already gone is fine
	s.cmd.Wait()         //nolint:errcheck // killed: the error says so
	s.cmd = nil
}

// stop asks the server to shut down and waits for it.
func (s *server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(os.Interrupt) //nolint:errcheck // then Wait or kill
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }() //nolint:errcheck
	select {
	case <-done:
		s.cmd = nil
	case <-time.After(15 * time.Second):
		s.kill()
	}
}

// freshPostgres creates an empty database name on the server dsn names,
// dropping any left from an earlier run, and returns its URL.
func freshPostgres(ctx context.Context, dsn, name string) (string, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return "", fmt.Errorf("connect to %s: %w", dsn, err)
	}
	defer conn.Close(ctx)
	for _, q := range []string{`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`, `CREATE DATABASE ` + name} {
		if _, err := conn.Exec(ctx, q); err != nil {
			return "", fmt.Errorf("%s: %w", q, err)
		}
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "", fmt.Errorf("parse %s: %w", dsn, err)
	}
	u.Path = "/" + name
	return u.String(), nil
}
