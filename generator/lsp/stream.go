package lsp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"go.lsp.dev/jsonrpc2"
)

// MaxMessage is the largest message the server reads, in bytes: a larger
// one is skipped, unread, with a line in the log and a message to the
// user. A briefing or source larger than its own limit (sitefs.Limit) but
// within this one is read and gets a diagnostic saying so.
const MaxMessage = 64 << 20

// stream frames messages as the base protocol does, a Content-Length
// header and a JSON body, and survives bad input: a body that is not a
// JSON-RPC message is answered with a parse error (its id cannot be
// known, so the answer's is null) and the next one read; a header that
// cannot be read is skipped up to the next blank line.
type stream struct {
	in   *bufio.Reader
	out  io.Writer
	c    io.Closer
	logf func(format string, args ...any)
	body []byte
	mu   sync.Mutex // one frame written at a time
	wbuf []byte
}

func newStream(in io.Reader, out io.Writer, c io.Closer, logf func(string, ...any)) *stream {
	return &stream{in: bufio.NewReaderSize(in, 64<<10), out: out, c: c, logf: logf}
}

// Read implements jsonrpc2.Stream.
func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		n, head, err := s.header()
		if err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, 0, err
			}
			s.logf("dropped a message: %v", err)
			continue
		}
		if n > MaxMessage {
			if _, err := io.CopyN(io.Discard, s.in, int64(n)); err != nil {
				return nil, 0, io.ErrUnexpectedEOF
			}
			s.logf("dropped a message of %d bytes: the limit is %d", n, MaxMessage)
			s.notifyLarge(n)
			continue
		}
		if cap(s.body) < n {
			s.body = make([]byte, n)
		}
		body := s.body[:n]
		if _, err := io.ReadFull(s.in, body); err != nil {
			return nil, 0, io.ErrUnexpectedEOF
		}
		msg, err := jsonrpc2.DecodeMessage(body)
		if err != nil {
			s.logf("dropped a message that is not JSON-RPC (%v): %.80q", err, body)
			var rpcErr *jsonrpc2.Error
			if !errors.As(err, &rpcErr) {
				rpcErr = jsonrpc2.NewError(jsonrpc2.ParseError, err.Error())
			}
			s.writeFrame(jsonrpc2.AppendResponse(nil, jsonrpc2.ID{}, nil, rpcErr))
			continue
		}
		return msg, int64(head + n), nil
	}
}

// header reads a header block: its Content-Length and its own length. An
// error other than the end of input leaves the reader after the block.
func (s *stream) header() (length, size int, err error) {
	length = -1
	for {
		line, err := s.in.ReadString('\n')
		size += len(line)
		if err != nil {
			if err == io.EOF && size > 0 {
				return 0, size, io.ErrUnexpectedEOF
			}
			return 0, size, err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			if length < 0 {
				if size <= 2 {
					continue // a stray blank line between messages
				}
				return 0, size, errors.New("a header without Content-Length")
			}
			return length, size, nil
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return s.skip(size, fmt.Errorf("a header line without a colon: %.40q", line))
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 {
				return s.skip(size, fmt.Errorf("a Content-Length that is not a length: %.40q", value))
			}
			length = n
		}
	}
}

// skip reads on to the blank line that ends a bad header block.
func (s *stream) skip(size int, cause error) (int, int, error) {
	for {
		line, err := s.in.ReadString('\n')
		size += len(line)
		if err != nil {
			return 0, size, err
		}
		if strings.TrimRight(line, "\r\n") == "" {
			return 0, size, cause
		}
	}
}

// notifyLarge tells the user that a message was too large to read.
func (s *stream) notifyLarge(n int) {
	params, _ := json.Marshal(showMessageParams{Type: 1, Message: fmt.Sprintf(
		"dossier lsp: a message of %d MB was not read: the limit is %d MB", n>>20, MaxMessage>>20)})
	s.writeFrame(jsonrpc2.AppendNotification(nil, "window/showMessage", params))
}

// Write implements jsonrpc2.Stream.
func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return s.writeFrame(jsonrpc2.AppendMessage(nil, msg))
}

func (s *stream) writeFrame(body []byte) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wbuf = append(s.wbuf[:0], "Content-Length: "...)
	s.wbuf = strconv.AppendInt(s.wbuf, int64(len(body)), 10)
	s.wbuf = append(s.wbuf, "\r\n\r\n"...)
	s.wbuf = append(s.wbuf, body...)
	n, err := s.out.Write(s.wbuf)
	return int64(n), err
}

// Close implements jsonrpc2.Stream.
func (s *stream) Close() error {
	if s.c == nil {
		return nil
	}
	return s.c.Close()
}

// codec marshals payloads with encoding/json, as the rest of dossier does,
// without escaping HTML, and passes raw messages through.
type codec struct{}

func (codec) Marshal(v any) ([]byte, error) {
	switch m := v.(type) {
	case jsonrpc2.RawMessage:
		return m, nil
	case json.RawMessage:
		return m, nil
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func (codec) Unmarshal(data []byte, v any) error {
	if raw, ok := v.(*jsonrpc2.RawMessage); ok {
		*raw = append((*raw)[:0], data...)
		return nil
	}
	return json.Unmarshal(data, v)
}
