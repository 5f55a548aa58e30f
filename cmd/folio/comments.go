package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"folio/cmd/folio/internal/store"
	"folio/cmd/folio/internal/transfer"
)

// comments runs folio comments export and folio comments import.
func comments(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "export":
			return exportComments(ctx, args[1:], stdout, stderr)
		case "import":
			return importComments(ctx, args[1:], stdout, stderr)
		}
	}
	fmt.Fprint(stderr, "usage: folio comments export [-db DSN] [-out FILE|-]\n"+
		"       folio comments import [-db DSN] [-content DIR] [-map FILE] FILE\n")
	return errReported
}

// exportComments writes every stored comment as JSON Lines to -out, or to
// the standard output.
func exportComments(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("comments export", stderr)
	dsn := fl.String("db", env("db", "folio.db"), "comment store: a SQLite file path, or a postgres:// URL")
	out := fl.String("out", "-", "file to write, - for the standard output")
	if err := fl.Parse(args); err != nil || fl.NArg() != 0 {
		if err == nil {
			fmt.Fprintln(stderr, "usage: folio comments export [-db DSN] [-out FILE|-]")
		}
		return errReported
	}
	st, err := openExisting(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	if *out == "-" {
		_, err := transfer.Export(ctx, st, stdout)
		return err
	}
	f, err := os.Create(*out)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	n, err := transfer.Export(ctx, st, f)
	if err = errors.Join(err, f.Close()); err != nil {
		os.Remove(*out)
		return fmt.Errorf("%s: %w", *out, err)
	}
	fmt.Fprintf(stderr, "wrote %d comments to %s\n", n, *out)
	return nil
}

// openExisting opens a store for export, which must not create an empty
// SQLite file where a mistyped path points.
func openExisting(ctx context.Context, dsn string) (store.Store, error) {
	if _, err := os.Stat(dsn); err != nil && !isPostgresDSN(dsn) {
		return nil, fmt.Errorf("open store %s: %w", dsn, err)
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", dbName(dsn), err)
	}
	return st, nil
}

// importComments reads a Folio export, a Remark42 backup or a Disqus export
// into the store, and says what it did. Anything left out makes it fail,
// after importing the rest: importing again once fixed adds only that.
func importComments(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("comments import", stderr)
	dsn := fl.String("db", env("db", "folio.db"), "comment store: a SQLite file path, or a postgres:// URL")
	dir := fl.String("content", env("content", ""), "folder of *.md articles the comments belong to (default: the sample magazine)")
	mapFile := fl.String("map", "", "file of lines \"ADDRESS-OR-IDENTIFIER SLUG\" naming the article of a thread")
	if err := fl.Parse(args); err != nil || fl.NArg() != 1 {
		if err == nil {
			fmt.Fprintln(stderr, "usage: folio comments import [-db DSN] [-content DIR] [-map FILE] FILE")
		}
		return errReported
	}
	name := fl.Arg(0)
	opt := transfer.Options{}
	if *mapFile != "" {
		m, err := readMap(*mapFile)
		if err != nil {
			return err
		}
		opt.Map = m
	}
	ix, err := loadContent(*dir)
	if err != nil {
		return err
	}
	opt.Articles = ix
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	st, err := store.Open(ctx, *dsn)
	if err != nil {
		return fmt.Errorf("open store %s: %w", dbName(*dsn), err)
	}
	defer st.Close()
	rep, err := transfer.Import(ctx, st, name, f, opt)
	if rep.Format != "" {
		report(stdout, stderr, name, rep)
	}
	if err != nil {
		return err
	}
	if rep.LeftOut() > 0 {
		return fmt.Errorf("%s: %d comments left out", name, rep.LeftOut())
	}
	return nil
}

func isPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func readMap(name string) (map[string]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("-map: %w", err)
	}
	defer f.Close()
	return transfer.ParseMap(name, f)
}

// report prints what an import did, and on stderr what it left out.
func report(stdout, stderr io.Writer, name string, rep transfer.Report) {
	fmt.Fprintf(stdout, "%s (%s): %d comments added, %d there already\n", name, rep.Format, rep.Added, rep.Same)
	if rep.Blocked > 0 {
		fmt.Fprintf(stdout, "%s: %d author names blocked\n", name, rep.Blocked)
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(stderr, p)
	}
	if more := rep.Refused - len(rep.Problems); more > 0 {
		fmt.Fprintf(stderr, "%s: %d more comments refused\n", name, more)
	}
	for _, t := range rep.Unknown {
		fmt.Fprintf(stderr, "%s: thread %s: no article found, %d comments left out (name its article with -map)\n", name, t.Key, t.Comments)
	}
	for _, id := range rep.Conflicts {
		fmt.Fprintf(stderr, "%s: comment %s: stored already with other content, the stored one kept\n", name, id)
	}
}
