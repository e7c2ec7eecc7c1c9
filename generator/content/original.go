package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"path"
	"strings"

	"dossier/generator/sitefs"
)

// OriginalsDir holds the pages sources were imported from, as they were
// fetched or saved: never read as sources, kept so that a source's text
// can be extracted again and audited.
const OriginalsDir = "content/originals"

// checkOriginal warns when an imported source's kept original is missing or
// no longer has the SHA-256 recorded when it was imported: the evidence
// changed since the text was taken from it.
func checkOriginal(fsys fs.FS, s *Source, dec *fieldDecoder, originalField, shaField field) {
	switch {
	case shaField.value == nil:
		dec.warnf(originalField.value, "front matter: original without sha256: add the sha256 of the original, as dossier new source --from writes it")
		return
	case originalField.value == nil:
		dec.warnf(shaField.value, "front matter: sha256 without original: name the kept original's file under %s/", OriginalsDir)
		return
	}
	if len(s.SHA256) != 64 || !isHex(s.SHA256) {
		dec.errorf(shaField.value, "front matter: sha256 must be 64 lowercase hexadecimal digits")
		return
	}
	p := path.Join(OriginalsDir, s.Original)
	if !fs.ValidPath(p) || !strings.HasPrefix(p, OriginalsDir+"/") || path.Clean(s.Original) != s.Original {
		dec.errorf(originalField.value, "front matter: original %q must be a path under %s/", s.Original, OriginalsDir)
		return
	}
	sum, err := hashFile(fsys, p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		dec.warnf(originalField.value, "the kept original %s is missing: the text can no longer be checked against what was imported", p)
	case err != nil:
		dec.warnf(originalField.value, "the kept original %s cannot be read: %v", p, sitefs.Unwrap(err))
	case sum != s.SHA256 && lineEndingsOnly(fsys, p, s.SHA256):
		dec.warnf(shaField.value, "the kept original %s differs from this sha256 only in its line endings (CRLF and LF): git changed them (core.autocrlf); "+
			"keep originals byte for byte with the line \"content/originals/** -text\" in .gitattributes, then, where the file has the bytes it was imported with, "+
			"git add --renormalize content/originals and commit", p)
	case sum != s.SHA256:
		from := s.URL
		if from == "" {
			from = "FILE|URL"
		}
		dec.warnf(shaField.value, "the kept original %s no longer has this sha256 (it has %s…): the evidence changed since it was imported; restore it, or import the page again: dossier new source %s --from %s --force", p, sum[:12], s.ID, from)
	}
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// hashFile returns the hex SHA-256 of the regular file at p; a named pipe,
// a device or a file over sitefs.MaxOriginal (four times what a fetch may
// bring, so that a hand-saved page with its images inlined fits) is
// refused, never read. fsys opens without waiting on a pipe, as a
// sitefs.FS does.
func hashFile(fsys fs.FS, p string) (string, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", err
	}
	if !fi.Mode().IsRegular() {
		return "", sitefs.ErrNotRegular
	}
	limit, kind := sitefs.Limit(p)
	if fi.Size() > limit {
		return "", &sitefs.TooLargeError{Size: fi.Size(), Limit: limit, Kind: kind}
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(f, limit+1)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// lineEndingsOnly reports whether the file at p, its line endings turned
// from CRLF to LF or from LF to CRLF, has the SHA-256 want: what git's
// core.autocrlf does to a file it takes for text.
func lineEndingsOnly(fsys fs.FS, p, want string) bool {
	b, err := sitefs.ReadFile(fsys, p)
	if err != nil {
		return false
	}
	lf := bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	for _, v := range [][]byte{lf, bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))} {
		if sum := sha256.Sum256(v); hex.EncodeToString(sum[:]) == want {
			return true
		}
	}
	return false
}
