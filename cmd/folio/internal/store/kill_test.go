package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"folio/app/comment"
)

// posterEnv names the DSN a child process posts to when the test binary is
// started as a poster by testKillNine.
const posterEnv = "FOLIO_STORE_POSTER_DSN"

func TestMain(m *testing.M) {
	if dsn := os.Getenv(posterEnv); dsn != "" {
		poster(dsn) // never returns: killed by the parent
	}
	os.Exit(m.Run())
}

// poster posts from 8 goroutines for ever, printing "try ID" before each
// post and "ok ID" once the store acknowledged it.
func poster(dsn string) {
	ctx := context.Background()
	s, err := Open(ctx, dsn)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	var mu sync.Mutex
	say := func(what, id string) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Println(what, id)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				c := mk(fmt.Sprintf("k%d-%d", g, i), "harbour", "", fmt.Sprint("post ", i), 0)
				say("try", c.ID)
				if _, _, err := s.Post(ctx, c); err != nil {
					say("error", err.Error())
					os.Exit(1)
				}
				say("ok", c.ID)
			}
		})
	}
	wg.Wait()
}

// testKillNine kills a process with kill -9 while it posts through the
// store, then retries every post it tried, as its clients would: nothing
// acknowledged is lost (each comes back as a replay), and nothing is
// stored twice.
func testKillNine(t *testing.T, fresh newDB) {
	dsn := fresh(t)
	ctx := context.Background()
	if s, err := Open(ctx, dsn); err != nil { // migrate before the child starts
		t.Fatal(err)
	} else {
		s.Close()
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), posterEnv+"="+dsn)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tried, acked := map[string]bool{}, map[string]bool{}
	lines := bufio.NewScanner(out)
	for len(acked) < 400 && lines.Scan() {
		what, id, _ := strings.Cut(lines.Text(), " ")
		switch what {
		case "try":
			tried[id] = true
		case "ok":
			acked[id] = true
		default:
			t.Fatalf("poster: %s", lines.Text())
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	for lines.Scan() { // what it said before dying
		if what, id, _ := strings.Cut(lines.Text(), " "); what == "try" {
			tried[id] = true
		} else if what == "ok" {
			acked[id] = true
		}
	}
	cmd.Wait() //nolint:errcheck // killed on purpose
	if len(acked) < 400 {
		t.Fatalf("poster acknowledged %d posts before it was killed, want 400", len(acked))
	}

	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatalf("Open after kill -9 = %v", err)
	}
	defer s.Close()
	for id := range tried {
		var g, i int
		fmt.Sscanf(id, "k%d-%d", &g, &i)
		got, created, err := s.Post(ctx, mk(id, "harbour", "", fmt.Sprint("post ", i), 0))
		switch {
		case err != nil:
			t.Errorf("retry Post(%s) = %v", id, err)
		case acked[id] && created:
			t.Errorf("retry Post(%s) created it again: an acknowledged post was lost", id)
		case got.ID != id || got.Status != comment.Published:
			t.Errorf("retry Post(%s) = %+v", id, got)
		}
	}
	list, err := s.List(ctx, "harbour")
	if err != nil || len(list) != len(tried) {
		t.Errorf("List after retries = %d comments, %v, want %d (one per id tried)", len(list), err, len(tried))
	}
	t.Logf("%d posts acknowledged, %d tried when killed; 0 lost, 0 doubled", len(acked), len(tried))
}
