package store

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"folio/app/comment"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Postgres is the comment store for several Folio servers sharing one
// PostgreSQL database. Everything a reader sees (comments, their counts, and
// which client ids were already posted) lives in the database, so any server
// answers the same.
type Postgres struct {
	pool *pgxpool.Pool
}

var _ Store = (*Postgres)(nil)

// migrationLock is the pg_advisory_xact_lock key every Folio server takes
// before migrating, so that servers starting together migrate one at a time.
// It is "folio" in ASCII.
const migrationLock int64 = 0x666f6c696f

// openPostgres connects to the database dsn names and brings its schema up
// to date.
func openPostgres(ctx context.Context, dsn string) (*Postgres, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message may quote the DSN, password included: keep it out.
		return nil, errors.New("open store: cannot parse the postgres:// URL")
	}
	// pgxpool's default size, max(4, cores), fits; pool_max_conns in the
	// URL changes it.
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	s := &Postgres{pool: pool}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	return s, nil
}

// changeChannel is the notification channel every write to comments
// notifies, with the article as payload, in the write's transaction.
const changeChannel = "folio_comments"

// listenRetry is how long Watch waits before listening again after losing
// its connection.
var listenRetry = time.Second

// Watch listens on changeChannel on a connection of its own (outside the
// pool, which it would hold forever) and calls changed with each article
// written, by this server or any other. It reports up(true, nil) once
// listening, and up(false, err) when the connection is lost, then connects
// again every listenRetry until ctx ends.
func (s *Postgres) Watch(ctx context.Context, changed func(article string), up func(bool, error)) {
	for ctx.Err() == nil {
		err := s.listen(ctx, changed, up)
		if ctx.Err() != nil {
			return
		}
		up(false, err)
		select {
		case <-ctx.Done():
		case <-time.After(listenRetry):
		}
	}
}

// listen is one connection of Watch: it returns when the connection fails
// or ctx ends.
func (s *Postgres) listen(ctx context.Context, changed func(string), up func(bool, error)) error {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, `LISTEN `+changeChannel); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	up(true, nil)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("listen: %w", err)
		}
		changed(n.Payload)
	}
}

// Close closes the connection pool.
func (s *Postgres) Close() error {
	s.pool.Close()
	return nil
}

// postgresMigrations are applied in order; migration i brings the schema to
// version i+1. Never edit one that has shipped: append a new one.
var postgresMigrations = []string{
	`CREATE TABLE comments (
		id      text PRIMARY KEY,
		article text NOT NULL,
		parent  text NOT NULL DEFAULT '',
		author  text NOT NULL,
		body    text NOT NULL,
		html    text NOT NULL DEFAULT '',
		created timestamptz NOT NULL,
		status  text NOT NULL CHECK (status IN ('published', 'hidden', 'deleted')),
		hash    bytea NOT NULL CHECK (length(hash) = 32) -- SHA-256 of comment.ContentHash's fields
	)`,
	`CREATE INDEX comments_article_created ON comments (article, created, id)`,
	// Pages of a thread: top-level comments in the order pages use (ids
	// compared bytewise), then the replies of each by parent.
	`CREATE INDEX comments_article_created_idc ON comments (article, created, id COLLATE "C")`,
	`DROP INDEX comments_article_created`,
	`CREATE INDEX comments_parent ON comments (parent)`,
	// A page's counts, and the counts on article cards, from the index alone.
	`CREATE INDEX comments_article_status ON comments (article, status)`,
	// The moderation desk: premoderated comments wait as pending; pins and
	// blocked names live in tables of their own, and the newest comments
	// across articles, of any status or one, come from an index.
	`ALTER TABLE comments DROP CONSTRAINT comments_status_check,
		ADD CONSTRAINT comments_status_check CHECK (status IN ('published', 'hidden', 'deleted', 'pending'))`,
	`CREATE TABLE IF NOT EXISTS pins (id text PRIMARY KEY, article text NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS pins_article ON pins (article)`,
	`CREATE TABLE IF NOT EXISTS blocked_authors (key text PRIMARY KEY, name text NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS comments_created_idc ON comments (created, id COLLATE "C")`,
	`CREATE INDEX IF NOT EXISTS comments_status_created_idc ON comments (status, created, id COLLATE "C")`,
	// Replies to me (postgres_replies.go): which device posted a comment, by
	// the hash of its reader key, in a table of its own.
	`CREATE TABLE comment_readers (
		comment text PRIMARY KEY, -- comments.id
		reader  bytea NOT NULL CHECK (length(reader) = 32) -- comment.ReaderHash of the posting device's key
	);
	CREATE INDEX comment_readers_reader ON comment_readers (reader)`,
	// Reactions and votes: one row per device per comment (reactions.go).
	`CREATE TABLE IF NOT EXISTS reactions (
		comment text NOT NULL,
		device  text NOT NULL,
		emoji   text NOT NULL DEFAULT '',
		vote    integer NOT NULL DEFAULT 0 CHECK (vote BETWEEN -1 AND 1),
		PRIMARY KEY (comment, device)
	)`,
	// Authors' own edits and deletes (own.go): the hash of each comment's
	// secret, and what its author did with it.
	`CREATE TABLE IF NOT EXISTS comment_owners (
		comment     text PRIMARY KEY,
		secret_hash bytea NOT NULL CHECK (length(secret_hash) = 32),
		edited      bigint NOT NULL DEFAULT 0, -- unix microseconds of the last edit, 0: none
		by_author   boolean NOT NULL DEFAULT false
	)`,
	// Pages in the "best" order (sort.go): each comment's score, the sum
	// of its votes, kept by React, and an index that reads top-level
	// comments by it.
	`ALTER TABLE comments ADD COLUMN IF NOT EXISTS score integer NOT NULL DEFAULT 0;
	UPDATE comments SET score = COALESCE((SELECT SUM(vote) FROM reactions r WHERE r.comment = comments.id), 0);
	CREATE INDEX IF NOT EXISTS comments_article_score ON comments (article, score, created, id COLLATE "C")`,
}

// migrate brings the schema to the latest version in one transaction that
// first takes an advisory lock: a server starting while another migrates
// waits, then finds the schema current.
func (s *Postgres) migrate(ctx context.Context) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var version int
	if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&version); err != nil {
		return fmt.Errorf("migrate: read version: %w", err)
	}
	if version > len(postgresMigrations) {
		return fmt.Errorf("migrate: database schema version %d is newer than this program (%d)", version, len(postgresMigrations))
	}
	if version == len(postgresMigrations) {
		return nil
	}
	for i := version; i < len(postgresMigrations); i++ {
		if _, err := tx.Exec(ctx, postgresMigrations[i]); err != nil {
			return fmt.Errorf("migrate to version %d: %w", i+1, err)
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM schema_version`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schema_version (version) VALUES ($1)`, len(postgresMigrations)); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("migrate: commit: %w", err)
	}
	return nil
}

// List returns the published and deleted comments of article, oldest first
// (ties broken by id). Hidden comments are left out. No comments is an empty
// list.
func (s *Postgres) List(ctx context.Context, article string) ([]comment.Comment, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+columns+` FROM comments
		WHERE article = $1 AND status IN ($2, $3) ORDER BY created, id COLLATE "C"`,
		article, comment.Published, comment.Deleted)
	if err != nil {
		return nil, fmt.Errorf("list comments %s: %w", article, err)
	}
	defer rows.Close()
	list, err := collect(rows, func(r resultRows) (comment.Comment, error) { return scanPostgres(r) })
	if err != nil {
		return nil, fmt.Errorf("list comments %s: %w", article, err)
	}
	return append([]comment.Comment{}, list...), nil
}

// Page returns up to limit top-level comments of article after cursor,
// with all their replies, as comment.Store's Page says.
func (s *Postgres) Page(ctx context.Context, article, cursor string, limit int) (comment.Page, error) {
	return s.PageSorted(ctx, article, comment.SortOldest, cursor, limit)
}

// PageSorted implements Sorter.
func (s *Postgres) PageSorted(ctx context.Context, article, sort, cursor string, limit int) (comment.Page, error) {
	sort, after, limit, err := sortedQuery(article, sort, cursor, limit)
	if err != nil {
		return comment.Page{}, err
	}
	// One snapshot for the page and its counts.
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly, IsoLevel: pgx.RepeatableRead})
	if err != nil {
		return comment.Page{}, fmt.Errorf("page of comments %s: %w", article, err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read-only
	page, err := postgresPage(ctx, tx, article, after, limit)
	if err == nil {
		err = withTallies(&page, func(ids []string) (map[string]comment.Tally, error) { return postgresTallies(ctx, tx, ids) })
	}
	if err == nil {
		err = withOwn(&page, func(ids []string) ([]ownRow, error) { return postgresOwn(ctx, tx, ids) })
	}
	if err != nil {
		return comment.Page{}, fmt.Errorf("page of comments %s: %w", article, err)
	}
	pinned, err := pinnedInPostgres(ctx, tx, article)
	if err != nil {
		return comment.Page{}, fmt.Errorf("page of comments %s: pins: %w", article, err)
	}
	if after.ID == "" && len(pinned) > 0 {
		threads, err := pinnedThreadsPostgres(ctx, tx, article)
		if err != nil {
			return comment.Page{}, fmt.Errorf("page of comments %s: pinned threads: %w", article, err)
		}
		withPinned(&page, threads)
	}
	markPinned(&page, pinned)
	return page, nil
}

func postgresPage(ctx context.Context, tx pgx.Tx, article string, after comment.Cursor, limit int) (comment.Page, error) {
	page := comment.Page{Comments: []comment.Comment{}}
	var total, published int64
	if err := tx.QueryRow(ctx, `SELECT COUNT(*), COUNT(*) FILTER (WHERE status = $2) FROM comments
		WHERE article = $1 AND status IN ($2, $3)`, article, string(comment.Published), string(comment.Deleted),
	).Scan(&total, &published); err != nil {
		return page, err
	}
	page.Total, page.Published = int(total), int(published)
	order := rootOrder{sort: after.Sort, id: `c.id COLLATE "C"`}
	args := append([]any{article}, order.keyArgs(after, after.Created)...)
	args = append(args, limit+1)
	rows, err := tx.Query(ctx, `SELECT c.created, c.id, c.score FROM comments c
		WHERE c.article = $1 AND `+rootCondition+order.where(after, []string{"$2", "$3", "$4"})+
		order.orderBy()+fmt.Sprintf(" LIMIT $%d", len(args)), args...)
	if err != nil {
		return page, err
	}
	roots, err := collect(rows, func(r resultRows) (comment.Cursor, error) {
		c := comment.Cursor{Sort: after.Sort}
		err := r.Scan(&c.Created, &c.ID, &c.Score)
		return c, err
	})
	rows.Close()
	if err != nil {
		return page, err
	}
	var ids []string
	if len(roots) == 0 {
		return page, nil
	}
	// The threads of the first limit roots; the one after only says
	// whether there is a next page.
	for _, r := range roots[:min(limit, len(roots))] {
		ids = append(ids, r.ID)
	}
	// As in SQLite: the thread carries its rows, and UNION ends a loop.
	// Each step finds the replies of the comments found at the step before
	// through the parent index; as a plain join the planner scanned the
	// whole table at every step, which a long chain of replies made
	// quadratic (a 2,000-reply chain: 1.3 s, against 58 ms this way).
	// OFFSET 0 keeps the planner from flattening the LATERAL into that join.
	rows, err = tx.Query(ctx, `WITH RECURSIVE thread(id, article, parent, author, body, html, created, status, root) AS (
			SELECT `+columns+`, id FROM comments WHERE id = ANY($1)
			UNION
			SELECT c.id, c.article, c.parent, c.author, c.body, c.html, c.created, c.status, t.root
			FROM thread t CROSS JOIN LATERAL (
				SELECT `+columns+` FROM comments WHERE parent = t.id OFFSET 0) c
		)
		SELECT `+columns+`, root FROM thread WHERE article = $2 AND status IN ($3, $4)
		ORDER BY created, id COLLATE "C"`, ids, article, string(comment.Published), string(comment.Deleted))
	if err != nil {
		return page, err
	}
	defer rows.Close()
	list, err := collect(rows, func(row resultRows) (reply, error) {
		var r reply
		r.Comment, err = scanPostgres(row, &r.root)
		return r, err
	})
	if err != nil {
		return page, err
	}
	threadsInOrder(list, roots, after.Sort)
	fillPage(&page, after, roots, limit, list)
	return page, nil
}

// Post stores c unless a comment with its id exists, with the same contract
// as SQLite.Post: durable when it returns, created == true only for the
// first post of an id, the stored comment for a replay with the same
// content, and comment.ErrConflict for the same id with other content.
func (s *Postgres) Post(ctx context.Context, c comment.Comment) (comment.Comment, bool, error) {
	c, hexHash, err := prepare(c)
	if err != nil {
		return comment.Comment{}, false, err
	}
	hash, err := hex.DecodeString(hexHash)
	if err != nil {
		return comment.Comment{}, false, fmt.Errorf("post comment %s: content hash: %w", c.ID, err)
	}
	// The notification goes out with the insert's commit, and only if a
	// row was inserted (see Watch); the hashes of the comment's secret and
	// of its device's reader key, when given, go in with it.
	var owner, reader []byte
	if c.OwnerHash != "" {
		owner = []byte(c.OwnerHash)
	}
	if c.ReaderHash != "" {
		reader = []byte(c.ReaderHash)
	}
	var inserted int
	err = s.pool.QueryRow(ctx, `WITH ins AS (INSERT INTO comments (`+columns+`, hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING RETURNING id, article),
		own AS (INSERT INTO comment_owners (comment, secret_hash) SELECT id, $11 FROM ins WHERE $11::bytea IS NOT NULL),
		rdr AS (INSERT INTO comment_readers (comment, reader) SELECT id, $12 FROM ins WHERE $12::bytea IS NOT NULL)
		SELECT COUNT(*) FROM ins, pg_notify($10, ins.article)`,
		c.ID, c.Article, c.Parent, c.Author, c.Body, c.HTML, c.Created, string(c.Status), hash, changeChannel,
		owner, reader).Scan(&inserted)
	if err != nil {
		return comment.Comment{}, false, fmt.Errorf("post comment %s: %w", c.ID, err)
	}
	if inserted == 1 {
		return c, true, nil
	}
	// The id exists (ON CONFLICT waited for its transaction to commit): a
	// replay if the content matches, else a conflict.
	old, oldHash, err := s.get(ctx, c.ID)
	if err != nil {
		return comment.Comment{}, false, fmt.Errorf("post comment %s: %w", c.ID, err)
	}
	if string(oldHash) != string(hash) {
		return comment.Comment{}, false, fmt.Errorf("post comment %s: %w", c.ID, comment.ErrConflict)
	}
	return old, false, nil
}

// notifyingUpdate runs update (an UPDATE of comments with $1, $2 and maybe
// $3) and notifies the article of each row it changed, in the same
// statement and so the same transaction. It returns the rows changed.
func (s *Postgres) notifyingUpdate(ctx context.Context, update string, args ...any) (int, error) {
	ch := fmt.Sprintf("$%d", len(args)+1)
	var n int
	err := s.pool.QueryRow(ctx, `WITH up AS (`+update+` RETURNING article)
		SELECT COUNT(*) FROM up, pg_notify(`+ch+`, up.article)`, append(args, changeChannel)...).Scan(&n)
	return n, err
}

// Get returns the comment with id whatever its status, or
// comment.ErrNotFound.
func (s *Postgres) Get(ctx context.Context, id string) (comment.Comment, error) {
	c, _, err := s.get(ctx, id)
	if err != nil {
		return comment.Comment{}, fmt.Errorf("get comment %s: %w", id, err)
	}
	return c, nil
}

func (s *Postgres) get(ctx context.Context, id string) (comment.Comment, []byte, error) {
	row := s.pool.QueryRow(ctx, `SELECT `+columns+`, hash FROM comments WHERE id = $1`, id)
	var hash []byte
	c, err := scanPostgres(row, &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return comment.Comment{}, nil, comment.ErrNotFound
	}
	return c, hash, err
}

// Delete removes a comment the soft way: its status becomes deleted and its
// author, body and HTML are blanked, but the row stays so replies keep their
// place. It returns comment.ErrNotFound for an unknown id.
func (s *Postgres) Delete(ctx context.Context, id string) error {
	n, err := s.notifyingUpdate(ctx, `UPDATE comments SET status = $1, author = '', body = '', html = '' WHERE id = $2`,
		string(comment.Deleted), id)
	if err != nil {
		return fmt.Errorf("delete comment %s: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("delete comment %s: %w", id, comment.ErrNotFound)
	}
	return nil
}

// SetStatus publishes or hides a comment; comment.Deleted deletes it as
// Delete does. Errors are those of SQLite.SetStatus.
func (s *Postgres) SetStatus(ctx context.Context, id string, status comment.Status) error {
	if status == comment.Deleted {
		return s.Delete(ctx, id)
	}
	if !stored(status) {
		return fmt.Errorf("set status of comment %s: %w: status %q", id, comment.ErrInvalid, status)
	}
	n, err := s.notifyingUpdate(ctx, `UPDATE comments SET status = $1 WHERE id = $2 AND status <> $3`,
		string(status), id, string(comment.Deleted))
	if err != nil {
		return fmt.Errorf("set status of comment %s: %w", id, err)
	}
	if n == 1 {
		return nil
	}
	if _, _, err := s.get(ctx, id); err != nil {
		return fmt.Errorf("set status of comment %s: %w", id, err)
	}
	return fmt.Errorf("set status of comment %s: %w: a deleted comment cannot be restored", id, comment.ErrConflict)
}

// Counts returns the number of published comments of each article asked
// for; articles without any map to 0.
func (s *Postgres) Counts(ctx context.Context, articles []string) (map[string]int, error) {
	counts := make(map[string]int, len(articles))
	if len(articles) == 0 {
		return counts, nil
	}
	for _, a := range articles {
		counts[a] = 0
	}
	rows, err := s.pool.Query(ctx, `SELECT article, COUNT(*) FROM comments
		WHERE status = $1 AND article = ANY($2) GROUP BY article`, string(comment.Published), articles)
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

// scanPostgres reads one row of columns, then any extra columns into extra.
func scanPostgres(r pgx.Row, extra ...any) (comment.Comment, error) {
	var c comment.Comment
	var created time.Time
	var status string
	dest := append([]any{&c.ID, &c.Article, &c.Parent, &c.Author, &c.Body, &c.HTML, &created, &status}, extra...)
	if err := r.Scan(dest...); err != nil {
		return comment.Comment{}, err
	}
	c.Created = created.UTC()
	c.Status = comment.Status(status)
	return c, nil
}
