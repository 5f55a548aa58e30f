package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"folio/app/comment"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// SQLite is the embedded comment store: one file, written through one
// connection and read through a pool of read-only connections, which WAL
// lets run while a write is under way.
type SQLite struct {
	w       *stmtDB       // one connection: every write and the reads inside them
	r       *stmtDB       // read-only pool for List, Get and Counts
	commits *committer    // posts, a batch to a transaction, on w
	ckpt    *checkpointer // moves the WAL into the file, off w
}

var _ Store = (*SQLite)(nil)

// pragmas make every acknowledged post durable and let writers wait for each
// other instead of failing. TestSQLite/KillNineKeepsAcknowledgedPosts
// (kill_test.go) kills a process posting through them with kill -9 and
// finds every acknowledged post, none stored twice.
//
// The writing connection never checkpoints (wal_autocheckpoint 0): SQLite
// would run the checkpoint, copying the WAL into the file and syncing it,
// inside the commit that fills the WAL past 1,000 pages, and every post of
// that batch and those queued behind it waited for it. The checkpointer
// does it on a connection of its own (TestCommitsDoNotCheckpoint).
const pragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)" +
	"&_pragma=synchronous(FULL)&_pragma=wal_autocheckpoint(0)&_txlock=immediate"

// readPragmas open the read pool: read-only, and waiting rather than failing
// while the writer checkpoints.
const readPragmas = "mode=ro&_pragma=busy_timeout(5000)&_pragma=query_only(1)"

// openSQLite opens, creating if needed, the SQLite file at path and brings
// its schema up to date.
func openSQLite(ctx context.Context, path string) (*SQLite, error) {
	w, err := sql.Open("sqlite", sqliteDSN(path, pragmas))
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	// One writing connection serialises writers in Go rather than in
	// SQLite's busy loop, which measured fastest and keeps _txlock=immediate
	// simple.
	w.SetMaxOpenConns(1)
	s := &SQLite{w: newStmtDB(w)}
	if err := s.migrate(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	// The read pool opens after migrating: the file exists and is in WAL
	// mode, which a read-only connection cannot set up itself.
	r, err := sql.Open("sqlite", sqliteDSN(path, readPragmas))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open store %s: read pool: %w", path, err)
	}
	// A reader per core but one: the driver is pure Go and CPU-bound, and
	// readers on every core starved the writer (BenchmarkListWhilePosting
	// on 2 cores: 28-37 posts/s with 2 readers, against 64-196 with reads
	// on the writing connection and 60-346 with 1 reader).
	n := max(1, runtime.GOMAXPROCS(0)-1)
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	if err := r.PingContext(ctx); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open store %s: read pool: %w", path, err)
	}
	s.r = newStmtDB(r)
	if s.ckpt, err = newCheckpointer(ctx, path); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s.commits = newCommitter(s.w, s.ckpt.kick)
	s.ckpt.start(s.commits.hold)
	return s, nil
}

// sqliteDSN builds a file: URI for path with query. SQLite decodes %HH
// escapes in URIs, so characters that would end the path part are escaped.
func sqliteDSN(path, query string) string {
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return "file:" + esc.Replace(path) + "?" + query
}

// externalPoll is how often Watch looks for other processes' writes.
var externalPoll = time.Second

// Watch reports writes that other processes make to the file (a script, a
// folio command run beside the server; a second server on one SQLite file
// is not a supported set-up): SQLite notifies no one, so it polls the
// writing connection's data_version, which only other connections' commits
// change, every externalPoll, and reports any change as changed(""). This
// process's own writes are its caller's to report.
func (s *SQLite) Watch(ctx context.Context, changed func(article string), up func(bool, error)) {
	version := func() (int64, error) {
		var v int64
		err := s.w.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v)
		return v, err
	}
	last, err := version()
	if err != nil {
		up(false, fmt.Errorf("watch: %w", err))
		last = -1
	} else {
		up(true, nil)
	}
	t := time.NewTicker(externalPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		v, err := version()
		switch {
		case err != nil:
			if ctx.Err() == nil {
				up(false, fmt.Errorf("watch: %w", err))
			}
			last = -1
			continue
		case last == -1:
			up(true, nil)
		case v != last:
			changed("")
		}
		last = v
	}
}

// Close closes both connection pools.
func (s *SQLite) Close() error {
	if s.commits != nil {
		s.commits.stop()
	}
	var errC error
	if s.ckpt != nil {
		errC = s.ckpt.close()
	}
	errR := s.r.Close()
	errW := s.w.Close()
	if err := errors.Join(errW, errR, errC); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// sqliteMigrations are applied in order; migration i brings the schema to
// version i+1. Never edit one that has shipped: append a new one.
var sqliteMigrations = []string{
	`CREATE TABLE comments (
		id      TEXT PRIMARY KEY,
		article TEXT NOT NULL,
		parent  TEXT NOT NULL DEFAULT '',
		author  TEXT NOT NULL,
		body    TEXT NOT NULL,
		html    TEXT NOT NULL DEFAULT '',
		created INTEGER NOT NULL, -- unix microseconds, UTC
		status  TEXT NOT NULL,
		hash    TEXT NOT NULL     -- comment.ContentHash, tells replays from conflicts
	)`,
	`CREATE INDEX comments_article_created ON comments (article, created)`,
	// Delete used to keep the author's name; it no longer does.
	`UPDATE comments SET author = '' WHERE status = 'deleted'`,
	// Pages of a thread: top-level comments in (created, id) order from a
	// cursor, then the replies of each by parent.
	`CREATE INDEX comments_article_created_id ON comments (article, created, id)`,
	`DROP INDEX comments_article_created`,
	`CREATE INDEX comments_parent ON comments (parent)`,
	// A page's counts, and the counts on article cards, from the index alone.
	`CREATE INDEX comments_article_status ON comments (article, status)`,
	// The moderation desk (IF NOT EXISTS: a test rewinds the version
	// number over them): pins and blocked names in tables of their own,
	// and the newest comments across articles, of any status or one, from
	// an index.
	`CREATE TABLE IF NOT EXISTS pins (id TEXT PRIMARY KEY, article TEXT NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS pins_article ON pins (article)`,
	`CREATE TABLE IF NOT EXISTS blocked_authors (key TEXT PRIMARY KEY, name TEXT NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS comments_created_id ON comments (created, id)`,
	`CREATE INDEX IF NOT EXISTS comments_status_created_id ON comments (status, created, id)`,
	// Replies to me (sqlite_replies.go): which device posted a comment, by
	// the hash of its reader key, in a table of its own.
	`CREATE TABLE comment_readers (
		comment TEXT PRIMARY KEY, -- comments.id
		reader  BLOB NOT NULL     -- comment.ReaderHash of the posting device's key
	);
	CREATE INDEX comment_readers_reader ON comment_readers (reader)`,
	// Reactions and votes: one row per device per comment (reactions.go).
	`CREATE TABLE IF NOT EXISTS reactions (
		comment TEXT NOT NULL,
		device  TEXT NOT NULL,
		emoji   TEXT NOT NULL DEFAULT '',
		vote    INTEGER NOT NULL DEFAULT 0,
		PRIMARY KEY (comment, device)
	)`,
	// Authors' own edits and deletes (own.go): the hash of each comment's
	// secret, and what its author did with it.
	`CREATE TABLE IF NOT EXISTS comment_owners (
		comment     TEXT PRIMARY KEY,
		secret_hash TEXT NOT NULL,            -- hex SHA-256 of the secret the post answered with
		edited      INTEGER NOT NULL DEFAULT 0, -- unix microseconds of the last edit, 0: none
		by_author   INTEGER NOT NULL DEFAULT 0  -- 1: deleted by its author
	)`,
	// Pages in the "best" order (sort.go): each comment's score, the sum
	// of its votes, kept by React, and an index that reads top-level
	// comments by it.
	`ALTER TABLE comments ADD COLUMN score INTEGER NOT NULL DEFAULT 0;
	UPDATE comments SET score = COALESCE((SELECT SUM(vote) FROM reactions r WHERE r.comment = comments.id), 0);
	CREATE INDEX IF NOT EXISTS comments_article_score ON comments (article, score, created, id)`,
}

// migrate brings the schema to the latest version in one transaction, so a
// crash never leaves it half-migrated. _txlock=immediate makes a second
// process opening the same file wait for the first to finish.
func (s *SQLite) migrate(ctx context.Context) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var version int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&version); err != nil {
		return fmt.Errorf("migrate: read version: %w", err)
	}
	if version > len(sqliteMigrations) {
		return fmt.Errorf("migrate: database schema version %d is newer than this program (%d)", version, len(sqliteMigrations))
	}
	if version == len(sqliteMigrations) {
		return nil
	}
	for i := version; i < len(sqliteMigrations); i++ {
		if _, err := tx.ExecContext(ctx, sqliteMigrations[i]); err != nil {
			return fmt.Errorf("migrate to version %d: %w", i+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM schema_version`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (?)`, len(sqliteMigrations)); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: commit: %w", err)
	}
	return nil
}

const columns = `id, article, parent, author, body, html, created, status`

// List returns the published and deleted comments of article, oldest first
// (ties broken by id). Hidden comments are left out. No comments is an empty
// list.
func (s *SQLite) List(ctx context.Context, article string) ([]comment.Comment, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+columns+` FROM comments
		WHERE article = ? AND status IN (?, ?) ORDER BY created, id`,
		article, comment.Published, comment.Deleted)
	if err != nil {
		return nil, fmt.Errorf("list comments %s: %w", article, err)
	}
	defer rows.Close()
	list, err := collect(rows, func(r resultRows) (comment.Comment, error) { return scanSQLite(r) })
	if err != nil {
		return nil, fmt.Errorf("list comments %s: %w", article, err)
	}
	return append([]comment.Comment{}, list...), nil
}

// Page returns up to limit top-level comments of article after cursor,
// with all their replies, as comment.Store's Page says.
func (s *SQLite) Page(ctx context.Context, article, cursor string, limit int) (comment.Page, error) {
	return s.PageSorted(ctx, article, comment.SortOldest, cursor, limit)
}

// PageSorted implements Sorter.
func (s *SQLite) PageSorted(ctx context.Context, article, sort, cursor string, limit int) (comment.Page, error) {
	sort, after, limit, err := sortedQuery(article, sort, cursor, limit)
	if err != nil {
		return comment.Page{}, err
	}
	// One read transaction: the page and its counts come from one snapshot.
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return comment.Page{}, fmt.Errorf("page of comments %s: %w", article, err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	page, err := sqlitePage(ctx, tx, article, after, limit)
	if err == nil {
		err = withTallies(&page, func(ids []string) (map[string]comment.Tally, error) { return sqliteTallies(ctx, tx, ids) })
	}
	if err == nil {
		err = withOwn(&page, func(ids []string) ([]ownRow, error) { return sqliteOwn(ctx, tx, ids) })
	}
	if err != nil {
		return comment.Page{}, fmt.Errorf("page of comments %s: %w", article, err)
	}
	pinned, err := pinnedIn(ctx, tx, article)
	if err != nil {
		return comment.Page{}, fmt.Errorf("page of comments %s: pins: %w", article, err)
	}
	if after.ID == "" && len(pinned) > 0 {
		threads, err := pinnedThreads(ctx, tx, article)
		if err != nil {
			return comment.Page{}, fmt.Errorf("page of comments %s: pinned threads: %w", article, err)
		}
		withPinned(&page, threads)
	}
	markPinned(&page, pinned)
	return page, nil
}

func sqlitePage(ctx context.Context, tx *sql.Tx, article string, after comment.Cursor, limit int) (comment.Page, error) {
	page := comment.Page{Comments: []comment.Comment{}}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(status = ?), 0) FROM comments
		WHERE article = ? AND status IN (?, ?)`, comment.Published, article, comment.Published, comment.Deleted,
	).Scan(&page.Total, &page.Published); err != nil {
		return page, err
	}
	order := rootOrder{sort: after.Sort, id: "c.id"}
	args := append(append([]any{article}, order.keyArgs(after, after.Created.UnixMicro())...), limit+1)
	rows, err := tx.QueryContext(ctx, sqliteRoots(order, after), args...)
	if err != nil {
		return page, err
	}
	roots, err := collect(rows, func(r resultRows) (comment.Cursor, error) {
		c := comment.Cursor{Sort: after.Sort}
		var created int64
		err := r.Scan(&created, &c.ID, &c.Score)
		c.Created = time.UnixMicro(created).UTC()
		return c, err
	})
	if err := errors.Join(err, rows.Close()); err != nil {
		return page, err
	}
	if len(roots) == 0 {
		return page, nil
	}
	// The threads of the first limit roots; the one after only says
	// whether there is a next page.
	args = []any{}
	for _, r := range roots[:min(limit, len(roots))] {
		args = append(args, r.ID)
	}
	args = append(args, article, comment.Published, comment.Deleted)
	// The thread carries its rows, so nothing joins back to the table at
	// the end, and the article is checked there, not in the recursive step:
	// either way SQLite's planner took the article's index and scanned the
	// whole article. UNION, not UNION ALL, ends a loop of parents across
	// articles, which only an import could make.
	rows, err = tx.QueryContext(ctx, `WITH RECURSIVE thread(id, article, parent, author, body, html, created, status, root) AS (
			SELECT `+columns+`, id FROM comments WHERE id IN (?`+strings.Repeat(", ?", len(args)-4)+`)
			UNION
			SELECT c.id, c.article, c.parent, c.author, c.body, c.html, c.created, c.status, t.root
			FROM thread t JOIN comments c ON c.parent = t.id
		)
		SELECT `+columns+`, root FROM thread WHERE article = ? AND status IN (?, ?)
		ORDER BY created, id`, args...)
	if err != nil {
		return page, err
	}
	defer rows.Close()
	list, err := collect(rows, func(row resultRows) (reply, error) {
		var r reply
		r.Comment, err = scanSQLite(row, &r.root)
		return r, err
	})
	if err != nil {
		return page, err
	}
	threadsInOrder(list, roots, after.Sort)
	fillPage(&page, after, roots, limit, list)
	return page, nil
}

// sqliteRoots reads the top-level comments of a page in order, after the
// cursor: args are the article, the cursor's keys and the limit.
func sqliteRoots(order rootOrder, after comment.Cursor) string {
	return `SELECT c.created, c.id, c.score FROM comments c
		WHERE c.article = ? AND ` + rootCondition + order.where(after, []string{"?", "?", "?"}) +
		order.orderBy() + ` LIMIT ?`
}

// Post stores c unless a comment with its id exists, and is durable when it
// returns. An empty status is stored as published. It does not render: c.HTML
// is stored as given. It returns the comment as stored and whether it was
// created now. A replay (same id, same content) returns the stored comment
// and created == false; the same id with other content returns
// comment.ErrConflict. A comment that fails comment.Validate, or whose
// status is not published, hidden or deleted, returns that error
// (comment.ErrInvalid, ErrMalformed or ErrTooLong). Posts that arrive
// together are committed in one transaction (groupcommit.go): one sync of
// the file for all of them, and none answered before it.
func (s *SQLite) Post(ctx context.Context, c comment.Comment) (comment.Comment, bool, error) {
	c, hash, err := prepare(c)
	if err != nil {
		return comment.Comment{}, false, err
	}
	return s.commits.post(ctx, c, hash)
}

// insert stores c through q unless its id exists; see Post.
func insert(ctx context.Context, q querier, c comment.Comment, hash string) (comment.Comment, bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO comments (`+columns+`, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		c.ID, c.Article, c.Parent, c.Author, c.Body, c.HTML, c.Created.UnixMicro(), c.Status, hash)
	if err != nil {
		return comment.Comment{}, false, fmt.Errorf("post comment %s: %w", c.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return comment.Comment{}, false, fmt.Errorf("post comment %s: %w", c.ID, err)
	} else if n == 1 {
		return c, true, insertKeys(ctx, q, c)
	}
	// The id exists: a replay if the content matches, else a conflict.
	old, oldHash, err := get(ctx, q, c.ID)
	if err != nil {
		return comment.Comment{}, false, fmt.Errorf("post comment %s: %w", c.ID, err)
	}
	if oldHash != hash {
		return comment.Comment{}, false, fmt.Errorf("post comment %s: %w", c.ID, comment.ErrConflict)
	}
	return old, false, nil
}

// insertKeys keeps the hashes of a new comment's secret and of its device's
// reader key, when the post came with them, through q: the transaction that
// inserted it.
func insertKeys(ctx context.Context, q querier, c comment.Comment) error {
	if c.OwnerHash != "" {
		if _, err := q.ExecContext(ctx, `INSERT INTO comment_owners (comment, secret_hash) VALUES (?, ?)`,
			c.ID, fmt.Sprintf("%x", c.OwnerHash)); err != nil {
			return fmt.Errorf("post comment %s: owner: %w", c.ID, err)
		}
	}
	if c.ReaderHash != "" {
		if _, err := q.ExecContext(ctx, `INSERT INTO comment_readers (comment, reader) VALUES (?, ?)`,
			c.ID, []byte(c.ReaderHash)); err != nil {
			return fmt.Errorf("post comment %s: reader: %w", c.ID, err)
		}
	}
	return nil
}

// Get returns the comment with id whatever its status, or
// comment.ErrNotFound.
func (s *SQLite) Get(ctx context.Context, id string) (comment.Comment, error) {
	c, _, err := get(ctx, s.r, id)
	if err != nil {
		return comment.Comment{}, fmt.Errorf("get comment %s: %w", id, err)
	}
	return c, nil
}

// querier is what get and insert need: the writing connection, the read
// pool, or a transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func get(ctx context.Context, db querier, id string) (comment.Comment, string, error) {
	row := db.QueryRowContext(ctx, `SELECT `+columns+`, hash FROM comments WHERE id = ?`, id)
	var hash string
	c, err := scanSQLite(row, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return comment.Comment{}, "", comment.ErrNotFound
	}
	return c, hash, err
}

// Delete removes a comment the soft way: its status becomes deleted and its
// author, body and HTML are blanked, but the row stays so replies keep their
// place. It returns comment.ErrNotFound for an unknown id.
func (s *SQLite) Delete(ctx context.Context, id string) error {
	res, err := s.w.ExecContext(ctx, `UPDATE comments SET status = ?, author = '', body = '', html = '' WHERE id = ?`,
		comment.Deleted, id)
	if err != nil {
		return fmt.Errorf("delete comment %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("delete comment %s: %w", id, err)
	} else if n == 0 {
		return fmt.Errorf("delete comment %s: %w", id, comment.ErrNotFound)
	}
	return nil
}

// SetStatus publishes or hides a comment; comment.Deleted deletes it as
// Delete does. It returns comment.ErrNotFound for an unknown id,
// comment.ErrInvalid for a status that is not stored (sending, failed), and
// comment.ErrConflict when asked to publish or hide a deleted comment, whose
// body is gone.
func (s *SQLite) SetStatus(ctx context.Context, id string, status comment.Status) error {
	if status == comment.Deleted {
		return s.Delete(ctx, id)
	}
	if !stored(status) {
		return fmt.Errorf("set status of comment %s: %w: status %q", id, comment.ErrInvalid, status)
	}
	res, err := s.w.ExecContext(ctx, `UPDATE comments SET status = ? WHERE id = ? AND status != ?`,
		status, id, comment.Deleted)
	if err != nil {
		return fmt.Errorf("set status of comment %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("set status of comment %s: %w", id, err)
	} else if n == 1 {
		return nil
	}
	if _, _, err := get(ctx, s.w, id); err != nil {
		return fmt.Errorf("set status of comment %s: %w", id, err)
	}
	return fmt.Errorf("set status of comment %s: %w: a deleted comment cannot be restored", id, comment.ErrConflict)
}

// Counts returns the number of published comments of each article asked
// for; articles without any map to 0.
func (s *SQLite) Counts(ctx context.Context, articles []string) (map[string]int, error) {
	counts := make(map[string]int, len(articles))
	if len(articles) == 0 {
		return counts, nil
	}
	args := make([]any, 0, len(articles)+1)
	args = append(args, comment.Published)
	for _, a := range articles {
		counts[a] = 0
		args = append(args, a)
	}
	q := `SELECT article, COUNT(*) FROM comments WHERE status = ? AND article IN (?` +
		strings.Repeat(", ?", len(articles)-1) + `) GROUP BY article`
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("count comments: %w", err)
	}
	defer rows.Close()
	found, err := collect(rows, readCount)
	if err != nil {
		return nil, fmt.Errorf("count comments: %w", err)
	}
	for _, c := range found {
		counts[c.article] = int(c.n)
	}
	return counts, nil
}

// scanner is what *sql.Row and *sql.Rows have in common.
type scanner interface{ Scan(dest ...any) error }

// scanSQLite reads one row of columns, then any extra columns into extra.
func scanSQLite(r scanner, extra ...any) (comment.Comment, error) {
	var c comment.Comment
	var created int64
	dest := append([]any{&c.ID, &c.Article, &c.Parent, &c.Author, &c.Body, &c.HTML, &created, &c.Status}, extra...)
	if err := r.Scan(dest...); err != nil {
		return comment.Comment{}, err
	}
	c.Created = time.UnixMicro(created).UTC()
	return c, nil
}
