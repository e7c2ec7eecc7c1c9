// Package highlight renders fenced code blocks through chroma with CSS
// classes, never inline styles, so that one stylesheet (CSS) serves every
// page. Lexers are looked up once per language and cached; an unknown or
// missing language falls back to plain, escaped text. So does a block over
// MaxCode, a lexer that panics, and one that takes longer than TimeLimit.
package highlight
