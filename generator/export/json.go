package export

import (
	"strconv"
	"unicode/utf8"
)

// claims.json and annotations.jsonld are tens of megabytes for a large
// site; encoding/json spent most of their time in reflection. They are
// appended here by hand, byte for byte as encoding/json writes the same
// values (TestJSONEqualsEncodingJSON and FuzzJSONString hold them to it).

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it: quotes, backslashes and control characters; <, > and & for
// HTML; U+2028 and U+2029; invalid UTF-8 as U+FFFD.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if i = skipSafe(s, i); i == len(s) {
			break
		}
		if b := s[i]; b < utf8.RuneSelf {
			if jsonSafe[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(append(dst, s[start:]...), '"')
	return dst
}

// jsonSafe holds the ASCII bytes a JSON string holds as they are.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// jsonSpecial holds the bytes that are not safe ASCII: to escape, or part
// of a multi-byte character.
var jsonSpecial = func() (t [256]uint8) {
	for c := range t {
		if c >= utf8.RuneSelf || !jsonSafe[c] {
			t[c] = 1
		}
	}
	return t
}()

// jsonObject appends the members of one JSON object, compact or indented
// as json.MarshalIndent(v, prefix, " ") indents an object at depth.
type jsonObject struct {
	dst    []byte
	indent string // "" for compact; else the prefix
	depth  int
	n      int // members so far
}

func (o *jsonObject) key(k string) {
	if o.n > 0 {
		o.dst = append(o.dst, ',')
	}
	o.n++
	o.newline(o.depth + 1)
	// the keys are this file's own words: nothing in them to escape
	o.dst = append(append(append(o.dst, '"'), k...), '"', ':')
	if o.indent != "" {
		o.dst = append(o.dst, ' ')
	}
}

const spaces = "                                "

func (o *jsonObject) newline(depth int) {
	if o.indent == "" {
		return
	}
	o.dst = append(append(o.dst, '\n'), o.indent...)
	o.dst = append(o.dst, spaces[:depth]...)
}

func (o *jsonObject) str(k, v string) {
	o.key(k)
	o.dst = appendJSONString(o.dst, v)
}

func (o *jsonObject) int(k string, v int) {
	o.key(k)
	o.dst = strconv.AppendInt(o.dst, int64(v), 10)
}

func (o *jsonObject) bool(k string, v bool) {
	o.key(k)
	o.dst = strconv.AppendBool(o.dst, v)
}

// open starts an object or array value of key k ("" in an array, where the
// caller has written the separator).
func (o *jsonObject) open(k string, brace byte) jsonObject {
	if k != "" {
		o.key(k)
	}
	o.dst = append(o.dst, brace)
	return jsonObject{dst: o.dst, indent: o.indent, depth: o.depth + 1}
}

// close ends an object or array that child began, taking its bytes back.
func (o *jsonObject) close(child *jsonObject, brace byte) {
	o.dst = child.dst
	if child.n > 0 {
		o.newline(child.depth)
	}
	o.dst = append(o.dst, brace)
}

// item starts the next element of an array.
func (o *jsonObject) item() {
	if o.n > 0 {
		o.dst = append(o.dst, ',')
	}
	o.n++
	o.newline(o.depth + 1)
}

// skipSafe returns where, from i on, the first eight bytes of s start that
// hold a byte to escape or a multi-byte character, or the start of the
// last seven bytes or fewer: text is mostly letters and spaces.
func skipSafe(s string, i int) int {
	t := &jsonSpecial
	for ; i+8 <= len(s); i += 8 {
		b := s[i : i+8]
		if t[b[0]]|t[b[1]]|t[b[2]]|t[b[3]]|t[b[4]]|t[b[5]]|t[b[6]]|t[b[7]] != 0 {
			return i
		}
	}
	return i
}
