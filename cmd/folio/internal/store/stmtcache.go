package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// maxStmts bounds the statements one stmtDB keeps: queries built with a
// varying number of parameters (Counts) would otherwise fill it.
const maxStmts = 32

// stmtDB is a *sql.DB that prepares each query once and reuses it. The
// SQLite driver otherwise parses and plans the SQL on every call: a tenth of
// the CPU of an API read of a 50-comment thread (BenchmarkThread50 in
// cmd/folio/internal/web). database/sql prepares a Stmt again on each pooled
// connection it runs on and keeps it there.
type stmtDB struct {
	*sql.DB
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

func newStmtDB(db *sql.DB) *stmtDB { return &stmtDB{DB: db, stmts: map[string]*sql.Stmt{}} }

// stmt returns the prepared statement for query, preparing it on first use;
// nil once the cache is full or if preparing failed (the caller then runs
// the query unprepared, and sees its error there).
func (d *stmtDB) stmt(ctx context.Context, query string) *sql.Stmt {
	d.mu.RLock()
	st, ok := d.stmts[query]
	d.mu.RUnlock()
	if ok {
		return st
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if st, ok := d.stmts[query]; ok {
		return st
	}
	if len(d.stmts) >= maxStmts {
		return nil
	}
	st, err := d.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	d.stmts[query] = st
	return st
}

// QueryContext runs query as a prepared statement.
func (d *stmtDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := d.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return d.DB.QueryContext(ctx, query, args...)
}

// QueryRowContext runs query as a prepared statement.
func (d *stmtDB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := d.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return d.DB.QueryRowContext(ctx, query, args...)
}

// ExecContext runs query as a prepared statement.
func (d *stmtDB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := d.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return d.DB.ExecContext(ctx, query, args...)
}

// Close closes the statements, then the database.
func (d *stmtDB) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	var errs []error
	for q, st := range d.stmts {
		errs = append(errs, st.Close())
		delete(d.stmts, q)
	}
	return errors.Join(append(errs, d.DB.Close())...)
}
