package webpage

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"strings"
)

// IsMHTML reports whether raw is a MIME archive of a page, as Chromium's
// "Save as › Webpage, Single File" writes it (.mhtml, .mht).
func IsMHTML(raw []byte) bool {
	head := bytes.ToLower(raw[:min(len(raw), 4096)])
	end := bytes.Index(head, []byte("\n\n"))
	if e := bytes.Index(head, []byte("\r\n\r\n")); e >= 0 && (end < 0 || e < end) {
		end = e
	}
	if end < 0 {
		return false
	}
	h := head[:end]
	return bytes.Contains(h, []byte("mime-version:")) && bytes.Contains(h, []byte("multipart/related"))
}

// unpackMHTML returns the archive's HTML part, its Content-Type and the
// address the page was saved from.
func unpackMHTML(raw []byte) (part []byte, contentType, location string, err error) {
	tp := textproto.NewReader(bufio.NewReader(bytes.NewReader(raw)))
	hdr, err := tp.ReadMIMEHeader()
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, "", "", fmt.Errorf("cannot read the MHTML archive's header: %v", err)
	}
	location = hdr.Get("Snapshot-Content-Location")
	mt, params, err := mime.ParseMediaType(hdr.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "multipart/") || params["boundary"] == "" {
		return nil, "", "", errors.New("the MHTML archive has no parts")
	}
	start := bytes.Index(raw, []byte("--"+params["boundary"]))
	if start < 0 {
		return nil, "", "", errors.New("the MHTML archive has no parts")
	}
	mr := multipart.NewReader(bytes.NewReader(raw[start:]), params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err != nil {
			return nil, "", "", errors.New("the MHTML archive holds no HTML page")
		}
		ct := p.Header.Get("Content-Type")
		if pmt, _, _ := mime.ParseMediaType(ct); pmt != "text/html" {
			continue
		}
		var r io.Reader = p
		switch strings.ToLower(strings.TrimSpace(p.Header.Get("Content-Transfer-Encoding"))) {
		case "quoted-printable":
			r = quotedprintable.NewReader(p)
		case "base64":
			r = base64.NewDecoder(base64.StdEncoding, p)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, "", "", fmt.Errorf("cannot read the MHTML archive's page: %v", err)
		}
		if location == "" {
			location = p.Header.Get("Content-Location")
		}
		return b, ct, location, nil
	}
}
