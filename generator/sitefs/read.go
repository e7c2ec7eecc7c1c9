package sitefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// The size limits of a site's files, by kind. A larger file is refused
// with a message that names its limit.
const (
	MaxSource     = 16 << 20  // a source, content/sources/*: each format may have a lower limit
	MaxBriefing   = 1 << 20   // a briefing, content/briefings/*.md
	MaxConfig     = 1 << 20   // content/site.yaml
	MaxTemplate   = 1 << 20   // a template, templates/*.html
	MaxOriginal   = 64 << 20  // a kept original, content/originals/*
	MaxStaticFile = 64 << 20  // one file of static/
	MaxStatic     = 256 << 20 // all of static/ together
)

// Limit returns the size limit of the file at p, a slash path relative to
// the site root, and the name of its kind for messages.
func Limit(p string) (int64, string) {
	switch {
	case strings.HasPrefix(p, "content/sources/"):
		return MaxSource, "a source"
	case strings.HasPrefix(p, "content/briefings/"):
		return MaxBriefing, "a briefing"
	case strings.HasPrefix(p, "content/originals/"):
		return MaxOriginal, "a kept original"
	case p == "content/site.yaml":
		return MaxConfig, "site.yaml"
	case strings.HasPrefix(p, "templates/"):
		return MaxTemplate, "a template"
	case strings.HasPrefix(p, "static/"):
		return MaxStaticFile, "a static file"
	}
	return MaxSource, "a file"
}

// TooLargeError is a file over its limit.
type TooLargeError struct {
	Size  int64 // at least; the file may not have been read to its end
	Limit int64
	Kind  string // "a source", as Limit names it
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the file is %s; the limit for %s is %s", Size(e.Size), e.Kind, LimitSize(e.Limit))
}

// LimitSize writes a limit the way the messages do: 16 MiB.
func LimitSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return Size(n)
}

// Size writes a file's size the way the messages do: 4.2 MB.
func Size(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d bytes", n)
}

// ReadFile reads the file at p within the limit of its kind (Limit).
func ReadFile(fsys fs.FS, p string) ([]byte, error) {
	limit, kind := Limit(p)
	return readLimited(fsys, p, limit, kind)
}

// readLimited reads the file at p, opening it once. A file over limit
// bytes is not read, or not to its end: a *TooLargeError. An fsys that is
// not this package's FS is trusted to open only regular files.
func readLimited(fsys fs.FS, p string, limit int64, kind string) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "read", Path: p, Err: notRegular(fi.Mode())}
	}
	if fi.Size() > limit {
		return nil, &TooLargeError{fi.Size(), limit, kind}
	}
	// the file can grow while it is read: read to its end, but never far
	// past the limit
	b := make([]byte, 0, fi.Size()+1)
	for {
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			return nil, &TooLargeError{int64(len(b)), limit, kind}
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// ErrNotRegular is what opening a named pipe, a device or a socket gives;
// the error's text names which.
var ErrNotRegular = errors.New("not a regular file")

type notRegularError struct{ mode fs.FileMode }

func (e notRegularError) Error() string {
	switch t := e.mode.Type(); {
	case t&fs.ModeNamedPipe != 0:
		return "a named pipe, not a regular file"
	case t&fs.ModeSocket != 0:
		return "a socket, not a regular file"
	case t&fs.ModeDevice != 0:
		return "a device, not a regular file"
	}
	return "not a regular file"
}

func (e notRegularError) Is(target error) bool { return target == ErrNotRegular }

func notRegular(mode fs.FileMode) error { return notRegularError{mode} }

// Unwrap returns the error of a *fs.PathError, which names a path the
// messages name already.
func Unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
