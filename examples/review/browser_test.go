package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/idmatch/idmatch/examples/internal/cli"
	"github.com/idmatch/idmatch/internal/dataset"
)

// chromium finds the browser the test drives, or says why there is none.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium on PATH (install it with apt-get install chromium): the browser test needs one")
	return ""
}

// TestBrowser drives headless Chromium: it answers three cases by clicking and by key,
// reloads, and checks that the answers are in the labels file and the queue moved on. With
// -update it saves a screenshot of the page to docs/review.png.
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	in, err := cli.FindFile("testdata/customers.csv")
	if err != nil {
		t.Fatal(err)
	}
	labels := filepath.Join(t.TempDir(), "labels.jsonl")
	s, err := newServer(context.Background(), config{in: in, labels: labels, region: "RU"}, dataset.FieldMap{}, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	if len(s.queue) < 4 {
		t.Fatalf("%d cases, want at least 4", len(s.queue))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: s}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String() + "/"

	profile, err := os.MkdirTemp("", "review-browser-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:0:0],
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	actx, stopBrowser := chromedp.NewExecAllocator(context.Background(), opts...)
	defer stopBrowser()
	// Chromium may still be writing its profile while it exits, after the test's own
	// temporary directories are checked: the profile is removed once the browser is gone.
	t.Cleanup(func() { stopBrowser(); os.RemoveAll(profile) })
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	var first, progress string
	// decided waits until the page says n cases are decided: the answer's page has loaded.
	// Evaluations that race the navigation fail and are tried again.
	decided := func(n int) chromedp.Action {
		js := fmt.Sprintf(`((document.querySelector(".progress")||{}).textContent||"").startsWith("%d of ")`, n)
		return chromedp.ActionFunc(func(ctx context.Context) error {
			for {
				var ok bool
				err := chromedp.Evaluate(js, &ok).Do(ctx)
				if err == nil && ok {
					return nil
				}
				select {
				case <-ctx.Done():
					return fmt.Errorf("waiting for %d decided: %w", n, ctx.Err())
				case <-time.After(50 * time.Millisecond):
				}
			}
		})
	}
	answer := func(sel string, n int) chromedp.Action {
		return chromedp.Tasks{chromedp.Click(sel, chromedp.ByQuery), decided(n)}
	}
	err = chromedp.Run(ctx,
		chromedp.Navigate(base),
		chromedp.WaitVisible("#case", chromedp.ByQuery),
		chromedp.AttributeValue("#case", "data-a", &first, nil),
		answer("#same", 1),
		answer("#different", 2),
		answer("#skip", 3),
		chromedp.Reload(),
		chromedp.WaitVisible("#case", chromedp.ByQuery),
		chromedp.Text(".progress", &progress, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	if !strings.HasPrefix(progress, "3 of ") {
		t.Errorf("after three answers and a reload the page says %q, want 3 decided", progress)
	}
	var now string
	if err := chromedp.Run(ctx, chromedp.AttributeValue("#case", "data-a", &now, nil)); err != nil {
		t.Fatal(err)
	}
	want := []string{`"answer":"same"`, `"answer":"different"`, `"answer":"skip"`}
	got := lines(t, labels)
	if len(got) != 3 {
		t.Fatalf("labels file has %d lines, want 3:\n%s", len(got), strings.Join(got, "\n"))
	}
	for i, w := range want {
		if !strings.Contains(got[i], w) {
			t.Errorf("label %d = %s, want %s", i+1, got[i], w)
		}
	}
	if !strings.Contains(got[0], `"a":"`+first+`"`) {
		t.Errorf("first label %s is not about the first case shown (%s)", got[0], first)
	}
	next, _ := s.next()
	if next == nil || next.A != now {
		t.Errorf("page shows case %q, the queue's next undecided case is %+v", now, next)
	}
	for _, e := range s.log.Decided() {
		if e.A == now && next != nil && e.B == next.B {
			t.Errorf("the page shows a decided case %s / %s", e.A, e.B)
		}
	}

	// The key u undoes the latest answer (skip) and the case comes back.
	if err := chromedp.Run(ctx,
		chromedp.KeyEvent("u"),
		decided(2),
		chromedp.Text(".progress", &progress, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(progress, "2 of ") {
		t.Errorf("after u the page says %q, want 2 decided", progress)
	}
	if got := lines(t, labels); len(got) != 4 || !strings.Contains(got[3], `"answer":"undo"`) {
		t.Errorf("after u the labels file is\n%s\nwant an undo line appended", strings.Join(got, "\n"))
	}

	if *update {
		var png []byte
		if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
			t.Fatal(err)
		}
		path, err := cli.FindFile("go.mod")
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(filepath.Dir(path), "docs", "review.png")
		if err := os.WriteFile(out, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", out)
	}
}
