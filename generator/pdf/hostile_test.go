package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"dossier/internal/cputime"
)

// build writes a PDF of the objects given (numbered from 1) with a cross
// reference table, its root object 1.
func build(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func stream(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

// onePage is a PDF of one page that draws content in Helvetica.
func onePage(content string) []byte {
	return build(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		content,
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	)
}

// TestRead reads a page of text drawn in two runs on one line and three
// lines: the words, the line and the paragraph.
func TestRead(t *testing.T) {
	text := "BT /F1 12 Tf 72 700 Td (The envoy said the talks would) Tj ( resume within days, and) Tj 0 -14 Td " +
		"(that the draft was ready for a decision by the end of the) Tj 0 -14 Td (week.) Tj ET"
	d, err := Read(context.Background(), onePage(stream("", text)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "The envoy said the talks would resume within days, and that the draft was ready for a decision by the end of the week."
	if len(d.Paragraphs) != 1 || d.Paragraphs[0].Text != want || d.Paragraphs[0].Page != 1 || d.Pages != 1 {
		t.Fatalf("got %+v; want one paragraph %q on page 1", d.Paragraphs, want)
	}
}

// TestHostile reads PDFs made to exhaust a reader: each is read, or
// refused, within the time and memory of any import.
func TestHostile(t *testing.T) {
	if raceEnabled {
		// nothing here runs at once, and the race detector makes building
		// these inputs take minutes; make test runs it without -race
		t.Skip("run without -race (make test does)")
	}
	deep := strings.Repeat("[", 200000) + strings.Repeat("]", 200000)
	var bomb bytes.Buffer
	z, _ := zlib.NewWriterLevel(&bomb, zlib.BestCompression)
	zeros := make([]byte, 1<<20)
	for range 640 { // 640 MiB of zeros, in well under a megabyte
		z.Write(zeros)
	}
	z.Close()
	var kids strings.Builder
	pages := []string{"<< /Type /Catalog /Pages 2 0 R >>", ""}
	for i := range 6000 {
		fmt.Fprintf(&kids, "%d 0 R ", i+3)
		pages = append(pages, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>")
	}
	pages[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count 6000 >>", kids.String())
	var many strings.Builder
	many.WriteString("BT /F1 1 Tf ")
	for range 400000 {
		many.WriteString("1 0 Td (word word word word word) Tj ")
	}
	many.WriteString("ET")
	tests := []struct {
		name string
		pdf  []byte
		kind Kind // the refusal, or -1 for text read
	}{
		{"nested arrays 200,000 deep", onePage(stream("/Filter "+deep, "BT ET")), NoText},
		{"a page tree that holds itself", build("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R] /Count 1 >>"), Damaged},
		{"a content stream that inflates to 640 MiB", onePage(fmt.Sprintf("<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream", bomb.Len(), bomb.String())), TooLarge},
		{"6,000 pages", build(pages...), TooLarge},
		{"400,000 text objects on a page", onePage(stream("", many.String())), TooLarge},
		{"not a PDF", []byte("%PDF-1.7\nnothing else"), Damaged},
	}
	// the engine is compiled (or read from its cache) before any clock starts
	Read(context.Background(), onePage(stream("", "BT ET")), Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := cputime.Used()
			_, err := Read(context.Background(), tt.pdf, Options{})
			took := cputime.Since(start)
			var e *Error
			if !errors.As(err, &e) || e.Kind != tt.kind {
				t.Errorf("err = %v; want a refusal of kind %d", err, tt.kind)
			}
			if took > 30*time.Second {
				t.Errorf("took %v of CPU", took)
			}
			t.Logf("%v: %v", took.Round(time.Millisecond), err)
		})
	}
}

// TestDeadline stops a read at its context's deadline.
func TestDeadline(t *testing.T) {
	var many strings.Builder
	many.WriteString("BT /F1 1 Tf ")
	for range 200000 {
		many.WriteString("1 0 Td (word) Tj ")
	}
	many.WriteString("ET")
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := Read(ctx, onePage(stream("", many.String())), Options{})
	var e *Error
	if !errors.As(err, &e) || e.Kind != TooSlow {
		t.Fatalf("err = %v; want TooSlow", err)
	}
}
