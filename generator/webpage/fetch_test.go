package webpage

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The limits of a fetch, against a server on 127.0.0.1: each refusal says
// why, and a page within them comes back whole, with where it was found.
func TestFetchLimits(t *testing.T) {
	page := "<html><body><p>" + strings.Repeat("word ", 100) + "</p></body></html>"
	var gotUA string
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		gotUA = r.Header.Get("User-Agent")
		w.Header().Set("Content-Type", "text/html; charset=windows-1252")
		fmt.Fprint(w, page)
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusFound) })
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	hops := 0
	mux.HandleFunc("/hop/", func(w http.ResponseWriter, r *http.Request) {
		hops++
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", hops), http.StatusMovedPermanently)
	})
	mux.HandleFunc("/ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://127.0.0.1/page.html", http.StatusFound)
	})
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", http.StatusInternalServerError) })
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { // says how large: refused before reading
		w.Header().Set("Content-Length", "2000")
		fmt.Fprint(w, strings.Repeat("x", 2000))
	})
	mux.HandleFunc("/stream", func(w http.ResponseWriter, r *http.Request) { // does not say: cut at the limit
		for range 100 {
			fmt.Fprint(w, strings.Repeat("y", 100))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/trickle", func(w http.ResponseWriter, r *http.Request) { // headers at once, the body never ends
		w.Header().Set("Content-Type", "text/html")
		for {
			if _, err := fmt.Fprint(w, "<p>"); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	// a timeout a loaded machine cannot miss for what should succeed, a
	// short one for what must time out
	opts := FetchOptions{Timeout: 20 * time.Second, MaxBytes: 1000, UserAgent: "dossier/test"}
	short := opts
	short.Timeout = 300 * time.Millisecond

	p, err := Fetch(context.Background(), srv.URL+"/moved", opts)
	if err != nil {
		t.Fatal(err)
	}
	if string(p.Body) != page || p.URL != srv.URL+"/ok" || p.ContentType != "text/html; charset=windows-1252" || gotUA != "dossier/test" {
		t.Errorf("got %d bytes from %s (%s), user agent %q", len(p.Body), p.URL, p.ContentType, gotUA)
	}
	for _, c := range []struct{ path, want string }{
		{"/loop", "more than 5 redirects"},
		{"/hop/0", "more than 5 redirects"},
		{"/ftp", "not http or https"},
		{"/missing", "404 Not Found"},
		{"/broken", "500 Internal Server Error"},
		{"/big", "the page is 2000 bytes; the limit is 1000"},
		{"/stream", "larger than the limit of 1000 bytes"},
		{"/slow", "no complete answer within 300ms"},
		{"/trickle", "no complete answer within 300ms"},
	} {
		o := opts
		if strings.HasPrefix(c.want, "no complete answer") {
			o = short
		}
		start := time.Now()
		_, err := Fetch(context.Background(), srv.URL+c.path, o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.path, err, c.want)
		}
		if d := time.Since(start); o.Timeout == short.Timeout && d > 3*time.Second {
			t.Errorf("%s took %v", c.path, d)
		}
	}
	for _, u := range []string{"ftp://127.0.0.1/x", "file:///etc/passwd", "javascript:alert(1)", "http://", "not a url"} {
		if _, err := Fetch(context.Background(), u, opts); err == nil || !strings.Contains(err.Error(), "not an http or https URL") {
			t.Errorf("%s: %v", u, err)
		}
	}
}

// A conditional fetch sends what the server said of the page before and
// takes 304 for "as it was"; the validators of a page and each redirect
// followed on the way come back with it.
func TestFetchConditional(t *testing.T) {
	const etag, modified = `"v1"`, "Fri, 18 Apr 2025 09:00:00 GMT"
	var gotINM, gotIMS string
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		gotINM, gotIMS = r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", modified)
		if gotINM == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprint(w, "<p>The page.</p>")
	})
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/older", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/older", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/page", http.StatusFound) })
	mux.HandleFunc("/unasked", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotModified) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	ctx := context.Background()

	p, err := Fetch(ctx, srv.URL+"/old", FetchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.NotModified || string(p.Body) != "<p>The page.</p>" || p.ETag != etag || p.LastModified != modified || gotINM != "" || gotIMS != "" {
		t.Errorf("first fetch: %+v (sent %q, %q)", p, gotINM, gotIMS)
	}
	want := []Redirect{{srv.URL + "/old", srv.URL + "/older", 301}, {srv.URL + "/older", srv.URL + "/page", 302}}
	if fmt.Sprint(p.Redirects) != fmt.Sprint(want) || !p.Redirects[0].Permanent() || p.Redirects[1].Permanent() {
		t.Errorf("redirects %v, want %v", p.Redirects, want)
	}

	p, err = Fetch(ctx, srv.URL+"/page", FetchOptions{ETag: etag, LastModified: modified})
	if err != nil {
		t.Fatal(err)
	}
	if !p.NotModified || len(p.Body) != 0 || gotINM != etag || gotIMS != modified {
		t.Errorf("conditional fetch: %+v (sent %q, %q)", p, gotINM, gotIMS)
	}
	// a 304 nobody asked for is not a page
	_, err = Fetch(ctx, srv.URL+"/unasked", FetchOptions{})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 304 {
		t.Errorf("an unasked 304: %v", err)
	}
	_, err = Fetch(ctx, srv.URL+"/gone", FetchOptions{})
	if !errors.As(err, &se) || se.Code != 404 || err.Error() != "the server answered 404 Not Found" {
		t.Errorf("a missing page: %v", err)
	}
}
