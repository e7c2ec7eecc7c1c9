package search

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// decodeReply decodes a message of Pagefind's (Index.message): the base64
// of {"message_id":…,"payload":{"type":…,…}}. Its JSON is read here, not
// by encoding/json, which scans every byte of a value twice: the reply
// with the index's files is megabytes of base64 strings, found here by
// their closing quote and decoded once, into the files' bytes.
func decodeReply(text []byte) (id int, r reply, err error) {
	var msg []byte
	if len(text) > 1<<16 {
		msg = getBuffer()
		defer func() { putBuffer(msg) }()
	}
	if n := base64.StdEncoding.DecodedLen(len(text)); cap(msg) < n {
		msg = make([]byte, n)
	}
	msg = msg[:cap(msg)]
	n, err := base64.StdEncoding.Decode(msg, text)
	if err != nil {
		return 0, r, err
	}
	d := &replyDecoder{b: msg[:n]}
	hasID := false
	err = d.object(func(key string) error {
		switch key {
		case "message_id":
			var err error
			id, hasID, err = d.int()
			return err
		case "payload":
			return d.payload(&r)
		}
		return d.skip()
	})
	if err == nil {
		if d.space(); d.i < len(d.b) {
			err = d.errorf("more after the reply")
		}
	}
	if err == nil && !hasID {
		err = errors.New("no message_id")
	}
	return id, r, err
}

func (d *replyDecoder) payload(r *reply) error {
	return d.object(func(key string) error {
		var err error
		switch key {
		case "type":
			r.Type, err = d.string()
		case "message":
			r.Message, err = d.string()
		case "index_id":
			r.IndexID, _, err = d.int()
		case "files":
			err = d.array(func() error {
				var f syntheticFile
				err := d.object(func(key string) error {
					var err error
					switch key {
					case "path":
						f.Path, err = d.string()
					case "content":
						f.Content, err = d.base64()
					default:
						err = d.skip()
					}
					return err
				})
				r.Files = append(r.Files, f)
				return err
			})
		default:
			err = d.skip()
		}
		return err
	})
}

// replyDecoder reads the JSON of a reply, at b[i].
type replyDecoder struct {
	b []byte
	i int
}

func (d *replyDecoder) errorf(format string, args ...any) error {
	return fmt.Errorf("byte %d of %d: %s", d.i, len(d.b), fmt.Sprintf(format, args...))
}

func (d *replyDecoder) space() {
	for d.i < len(d.b) && (d.b[d.i] == ' ' || d.b[d.i] == '\t' || d.b[d.i] == '\n' || d.b[d.i] == '\r') {
		d.i++
	}
}

// next is the byte that comes after any space, or 0 at the end.
func (d *replyDecoder) next() byte {
	if d.space(); d.i < len(d.b) {
		return d.b[d.i]
	}
	return 0
}

// object reads an object, calling value for each of its keys with the
// decoder at the key's value, which value reads.
func (d *replyDecoder) object(value func(key string) error) error {
	if d.next() != '{' {
		return d.errorf("not an object")
	}
	d.i++
	if d.next() == '}' {
		d.i++
		return nil
	}
	for {
		key, err := d.string()
		if err != nil {
			return err
		}
		if d.next() != ':' {
			return d.errorf("no colon after %q", key)
		}
		d.i++
		if err := value(key); err != nil {
			return err
		}
		switch d.next() {
		case ',':
			d.i++
		case '}':
			d.i++
			return nil
		default:
			return d.errorf("no comma or brace after %q", key)
		}
	}
}

// array reads an array, calling value for each of its values.
func (d *replyDecoder) array(value func() error) error {
	if d.next() != '[' {
		return d.errorf("not an array")
	}
	d.i++
	if d.next() == ']' {
		d.i++
		return nil
	}
	for {
		if err := value(); err != nil {
			return err
		}
		switch d.next() {
		case ',':
			d.i++
		case ']':
			d.i++
			return nil
		default:
			return d.errorf("no comma or bracket in an array")
		}
	}
}

// quoted reads a string as it is in the JSON, quotes included, and says
// whether it has an escape.
func (d *replyDecoder) quoted() (s []byte, escaped bool, err error) {
	if d.next() != '"' {
		return nil, false, d.errorf("not a string")
	}
	start := d.i
	j := bytes.IndexByte(d.b[start+1:], '"')
	if j < 0 {
		return nil, false, d.errorf("a string without its end")
	}
	end := start + 1 + j // the first quote after the opening one
	if k := bytes.IndexByte(d.b[start+1:end], '\\'); k >= 0 {
		escaped = true
		for end = start + 1 + k; end < len(d.b) && d.b[end] != '"'; end++ {
			if d.b[end] == '\\' {
				end++
			}
		}
		if end >= len(d.b) {
			return nil, false, d.errorf("a string without its end")
		}
	}
	d.i = end + 1
	return d.b[start:d.i], escaped, nil
}

func (d *replyDecoder) string() (string, error) {
	q, escaped, err := d.quoted()
	if err != nil || !escaped {
		return string(q[min(1, len(q)):max(len(q)-1, 0)]), err
	}
	var s string
	err = json.Unmarshal(q, &s)
	return s, err
}

// base64 reads a string of base64, as the bytes it encodes, or null.
func (d *replyDecoder) base64() ([]byte, error) {
	if d.next() == 'n' && bytes.HasPrefix(d.b[d.i:], []byte("null")) {
		d.i += 4
		return nil, nil
	}
	q, escaped, err := d.quoted()
	if err != nil {
		return nil, err
	}
	if escaped {
		var b []byte
		err = json.Unmarshal(q, &b)
		return b, err
	}
	q = q[1 : len(q)-1]
	b := make([]byte, base64.StdEncoding.DecodedLen(len(q)))
	n, err := base64.StdEncoding.Decode(b, q)
	return b[:n], err
}

// int reads an integer, or null (ok false).
func (d *replyDecoder) int() (n int, ok bool, err error) {
	d.next()
	start := d.i
	if bytes.HasPrefix(d.b[start:], []byte("null")) {
		d.i += 4
		return 0, false, nil
	}
	for d.i < len(d.b) && (d.b[d.i] == '-' || '0' <= d.b[d.i] && d.b[d.i] <= '9') {
		d.i++
	}
	n, err = strconv.Atoi(string(d.b[start:d.i]))
	if err != nil {
		return 0, false, d.errorf("not an integer")
	}
	return n, true, nil
}

// skip reads a value of any kind, and drops it.
func (d *replyDecoder) skip() error {
	switch d.next() {
	case '{':
		return d.object(func(string) error { return d.skip() })
	case '[':
		return d.array(d.skip)
	case '"':
		_, _, err := d.quoted()
		return err
	}
	start := d.i
	for d.i < len(d.b) && !bytes.ContainsRune([]byte(",}] \t\n\r"), rune(d.b[d.i])) {
		d.i++
	}
	if !json.Valid(d.b[start:d.i]) {
		return d.errorf("not a value")
	}
	return nil
}
