package site

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkRenderExample is a whole build of the example site: parse,
// anchor, render and write.
func BenchmarkRenderExample(b *testing.B) {
	out := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		res, err := Build(context.Background(), Config{Dir: "../..", Out: out, Theme: theme})
		if err != nil || res.Failed() {
			b.Fatal(err, res.Diagnostics)
		}
	}
}
