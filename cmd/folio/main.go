// Command folio serves a magazine of Markdown articles as an installable web
// app, and helps publishers check and write those articles.
//
//	folio serve [-addr 127.0.0.1:8080] [-content DIR] [-db PATH|postgres://…] [-domain HOST]
//	            [-admin-token T] [-embed-origins LIST] [-rate-limit N] [-trust-proxy CIDR,…]
//	            [-moderation post|pre]
//	folio build -out DIR [-content DIR] [-api URL] [-domain HOST]
//	folio check DIR
//	folio new [-content DIR] [-author NAME] "Title"
//	folio comments export [-db PATH|postgres://…] [-out FILE|-]
//	folio comments import [-db PATH|postgres://…] [-content DIR] [-map FILE] FILE
//
// Every flag of serve, build and new can also be set with a FOLIO_*
// environment variable (FOLIO_ADDR, FOLIO_CONTENT, FOLIO_DB,
// FOLIO_ADMIN_TOKEN, FOLIO_DOMAIN, FOLIO_EMBED_ORIGINS, FOLIO_RATE_LIMIT,
// FOLIO_TRUST_PROXY, FOLIO_MODERATION, FOLIO_OUT, FOLIO_API, FOLIO_AUTHOR); folio comments
// reads the store and articles serve does, from FOLIO_DB and FOLIO_CONTENT.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

const usage = `usage:
  folio serve [-addr 127.0.0.1:8080] [-content DIR] [-db PATH]   serve the magazine
              [-domain HOST] [-admin-token T] [-embed-origins LIST]
              [-db postgres://…] [-rate-limit N] [-trust-proxy CIDR,…]
              [-moderation post|pre]
  folio build -out DIR [-content DIR] [-api URL]                 export a static site
              [-domain HOST]
  folio check DIR                                                report problems in articles
  folio new [-content DIR] [-author NAME] "Title"                write a new article skeleton
  folio comments export [-db PATH] [-out FILE|-]                 write every comment as JSON Lines
  folio comments import [-db PATH] [-content DIR] [-map FILE] FILE
                                                                 read comments from a Folio export,
                                                                 a Remark42 backup or a Disqus export
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	slog.SetDefault(log)
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, errReported) {
			fmt.Fprintln(os.Stderr, "folio:", err)
		}
		os.Exit(1)
	}
}

// errReported means the command already told the user what went wrong.
var errReported = errors.New("reported")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errReported
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stderr)
	case "build":
		return build(ctx, args[1:], stdout, stderr)
	case "check":
		return check(args[1:], stdout, stderr)
	case "new":
		return newArticle(args[1:], stdout, stderr)
	case "comments":
		return comments(ctx, args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "folio: unknown command %q\n%s", args[0], usage)
	return errReported
}

// newFlags makes a flag set whose flags default to FOLIO_* variables.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("folio "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// env is the FOLIO_ variable for flag name, or def.
func env(name, def string) string {
	key := "FOLIO_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}
