package online

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dossier/generator/content"
	"dossier/generator/webpage"
)

// source is a source of one paragraph, at u.
func source(t *testing.T, id, u string) *content.Source {
	t.Helper()
	s, diags := content.ParseSource(content.SourcesDir+"/"+id+".txt", []byte("---\nurl: "+u+"\n---\nThe text.\n"))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	return s
}

// read takes a page's body as its text.
func read(_ context.Context, p *webpage.Page) ([]byte, int, error) { return p.Body, 0, nil }

// At most Requests fetches run at once, and at most PerHost to one host.
func TestFetchLimits(t *testing.T) {
	var mu sync.Mutex
	now, most := 0, 0
	perHost, mostPerHost := map[string]int{}, 0
	var sources []*content.Source
	for h := range 6 {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			now++
			perHost[r.Host]++
			most, mostPerHost = max(most, now), max(mostPerHost, perHost[r.Host])
			mu.Unlock()
			time.Sleep(30 * time.Millisecond)
			mu.Lock()
			now--
			perHost[r.Host]--
			mu.Unlock()
			fmt.Fprint(w, "The text.\n")
		}))
		defer srv.Close()
		for i := range 5 {
			sources = append(sources, source(t, fmt.Sprintf("h%d-%d", h, i), srv.URL+"/"+fmt.Sprint(i)))
		}
	}
	reports := Fetch(context.Background(), sources, Options{Read: read})
	for _, r := range reports {
		if r.State != Unchanged {
			t.Errorf("%s: %s %s", r.Source.ID, r.State, r.Reason)
		}
	}
	if most > 8 || mostPerHost > 2 || most < 3 {
		t.Errorf("at most %d fetches at once, %d to one host; want 8 and 2", most, mostPerHost)
	}
}

// A host that does not answer is asked no more in the run: its other
// sources are unreachable for the same reason, at once; other hosts go on.
func TestHostDown(t *testing.T) {
	var asked atomic.Int32
	dead := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		<-r.Context().Done()
	}))
	defer dead.Close()
	defer dead.CloseClientConnections()
	alive := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "The text.\n") }))
	defer alive.Close()
	var sources []*content.Source
	for i := range 6 {
		sources = append(sources, source(t, fmt.Sprintf("dead-%d", i), dead.URL+"/"+fmt.Sprint(i)))
	}
	sources = append(sources, source(t, "alive", alive.URL+"/a"))
	start := time.Now()
	reports := Fetch(context.Background(), sources, Options{Read: read, Timeout: 300 * time.Millisecond})
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %v", took)
	}
	if n := asked.Load(); n != 2 {
		t.Errorf("the dead host was asked %d times, want 2 (its turns)", n)
	}
	host := strings.TrimPrefix(dead.URL, "http://")
	for _, r := range reports[:6] {
		if r.State != Unreachable || r.Reason != host+" did not answer: no complete answer within 300ms" {
			t.Errorf("%s: %s %q", r.Source.ID, r.State, r.Reason)
		}
	}
	if r := reports[6]; r.State != Unchanged {
		t.Errorf("alive: %s %s", r.State, r.Reason)
	}
}

// The run's limit ends it: what was being fetched, and what was not yet
// begun, are unreachable, each saying which.
func TestRunLimit(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer slow.Close()
	defer slow.CloseClientConnections()
	var sources []*content.Source
	for i := range 3 {
		sources = append(sources, source(t, fmt.Sprintf("s%d", i), slow.URL+"/"+fmt.Sprint(i)))
	}
	start := time.Now()
	reports := Fetch(context.Background(), sources, Options{Read: read, Limit: 300 * time.Millisecond})
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %v with a limit of 300ms", took)
	}
	reasons := map[string]int{}
	for _, r := range reports {
		if r.State != Unreachable {
			t.Errorf("%s: %s", r.Source.ID, r.State)
		}
		reasons[r.Reason]++
	}
	want := map[string]int{
		"no answer within the run's time limit (--timeout 300ms)":   2, // the host's two turns
		"not checked within the run's time limit (--timeout 300ms)": 1,
	}
	if fmt.Sprint(reasons) != fmt.Sprint(want) {
		t.Errorf("reasons %v, want %v", reasons, want)
	}
}
