package mdext

import (
	"bytes"
	"sort"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Bounds on the corners of Markdown where goldmark's work grows with the
// square of the input. Each is a limit with a message, never silent: what
// is over it is read as text, and the document gets a Problem.
const (
	// MaxNesting is how deep blocks may be nested in one another (lists,
	// list items, quotes, footnotes). goldmark asks each open block of
	// every line whether it goes on, and the thematic break test reads the
	// rest of the line at each level: "- " 100,000 times on one line took
	// 47 s.
	MaxNesting = 32
	// maxDestinationParens is how many unclosed parentheses a link's
	// destination may hold, as in cmark (CommonMark allows a limit).
	// goldmark reads a destination to the end of its line: "[a](b" repeated
	// over a line read the rest of the line at each repeat.
	maxDestinationParens = 32
	// maxDefinitionLines is how long a paragraph that opens with link
	// reference definitions may be. goldmark looks for each definition's
	// line from the end of the paragraph: 150,000 definitions in a row did
	// not finish in 30 s.
	maxDefinitionLines = 256
	// maxLabelWork bounds how many inline nodes goldmark may look through,
	// at the "]"s of one block, for a link inside the label each closes: it
	// looks through everything after the label's "[", and 1,000 "[" before
	// 250,000 "*a" took 16 s. A paragraph of links spends a few nodes a
	// link.
	maxLabelWork = 4_000_000
	// MaxFootnotes is how many footnotes a document may define. goldmark
	// looks each reference up among all the definitions, and sorts them by
	// insertion: 20,000 footnotes took 3 s.
	MaxFootnotes = 500
)

// NewParser returns goldmark's parser with its default block parsers,
// inline parsers and paragraph transformer, within the bounds above.
func NewParser() parser.Parser {
	var blocks []util.PrioritizedValue
	for _, v := range parser.DefaultBlockParsers() {
		if v.Value != parser.NewParagraphParser() { // which takes any line
			v.Value = nested{v.Value.(parser.BlockParser)}
		}
		blocks = append(blocks, v)
	}
	var inlines []util.PrioritizedValue
	for _, v := range parser.DefaultInlineParsers() {
		if v.Value == parser.NewLinkParser() {
			v.Value = boundedLinks{parser.NewLinkParser()}
		}
		inlines = append(inlines, v)
	}
	return parser.NewParser(
		parser.WithBlockParsers(blocks...),
		parser.WithInlineParsers(inlines...),
		parser.WithParagraphTransformers(util.Prioritized(boundedDefinitions{}, 100)),
	)
}

// Footnotes is goldmark's footnote extension with its definitions nested
// within MaxNesting.
var Footnotes goldmark.Extender = footnotes{}

type footnotes struct{}

func (footnotes) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(countedFootnotes{nested{extension.NewFootnoteBlockParser()}}, 999)),
		parser.WithInlineParsers(util.Prioritized(linesValue{extension.NewFootnoteParser()}, 101)),
		parser.WithASTTransformers(util.Prioritized(extension.NewFootnoteASTTransformer(), 999)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(extension.NewFootnoteHTMLRenderer(), 500)))
}

// countedFootnotes opens at most MaxFootnotes footnote definitions.
type countedFootnotes struct{ nested }

var footnotesKey = parser.NewContextKey()

func (f countedFootnotes) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	n, _ := pc.Get(footnotesKey).(int)
	switch {
	case n < MaxFootnotes:
		node, state := f.nested.Open(parent, reader, pc)
		if node != nil {
			pc.Set(footnotesKey, n+1)
		}
		return node, state
	case n == MaxFootnotes:
		// the first definition over the limit is reported, and read as text
		line, pos := reader.Position()
		node, state := f.nested.Open(parent, reader, pc)
		reader.SetPosition(line, pos)
		if node == nil {
			return nil, state
		}
		_, seg := reader.PeekLine()
		document(pc).problem(seg.Start, "more than "+strconv.Itoa(MaxFootnotes)+" footnotes: the rest are read as text")
		pc.Set(footnotesKey, n+1)
	}
	return nil, parser.NoChildren
}

// nested opens its block only within MaxNesting blocks.
type nested struct{ parser.BlockParser }

var nestingKey = parser.NewContextKey()

func (n nested) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if parent.Kind() == ast.KindList {
		return n.BlockParser.Open(parent, reader, pc) // a list holds items, which its depth counts
	}
	depth := 0
	for p := parent; p != nil && p.Kind() != ast.KindDocument; p = p.Parent() {
		if p.Kind() != ast.KindListItem { // a list and its item are one level
			depth++
		}
	}
	if depth >= MaxNesting {
		if pc.Get(nestingKey) == nil {
			pc.Set(nestingKey, true)
			_, seg := reader.PeekLine()
			document(pc).problem(seg.Start, "blocks nested more than "+strconv.Itoa(MaxNesting)+
				" deep (lists, quotes, footnotes): what is deeper is read as text")
		}
		return nil, parser.NoChildren
	}
	return n.BlockParser.Open(parent, reader, pc)
}

// boundedLinks is goldmark's link parser, with a destination that opens
// more than maxDestinationParens parentheses, or a <destination> that opens
// another before it closes, read as no destination: goldmark would read it
// to the end of its line.
type boundedLinks struct{ parser.InlineParser }

var labelWorkKey = parser.NewContextKey()

// labelWork is what a block spent on looking for links in labels, and
// how many nodes the block had when each label still open was opened: at
// its "]" goldmark looks through the nodes after its "[".
type labelWork struct {
	spent  int
	opened []int
}

func (l boundedLinks) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	w, _ := pc.Get(labelWorkKey).(*labelWork)
	if w == nil {
		w = &labelWork{}
		pc.Set(labelWorkKey, w)
	}
	if len(line) == 0 || line[0] != ']' {
		node := l.InlineParser.Parse(parent, block, pc)
		if node != nil { // a "[" or "![" opened a label
			w.opened = append(w.opened, parent.ChildCount())
		}
		return node
	}
	if len(w.opened) == 0 {
		return l.InlineParser.Parse(parent, block, pc) // closes no label
	}
	if w.spent > maxLabelWork {
		return nil
	}
	n := len(w.opened) - 1
	// (a link made since moved the nodes after its "[" into it)
	if w.spent += max(0, parent.ChildCount()-w.opened[n]); w.spent > maxLabelWork {
		document(pc).problem(seg.Start, "a paragraph of too many [ and other marks for its links to be read: the rest of it is read as text; split it")
	}
	w.opened = w.opened[:n]
	r := &linesReader{Reader: block, lines: parent.Lines(), cut: -1}
	if len(line) > 1 && line[1] == '(' {
		if end := destinationEnd(line[2:]); end >= 0 {
			r.cut = seg.Start - seg.Padding + 2 + end
		}
	}
	return l.InlineParser.Parse(parent, r, pc)
}

// linesValue is an inline parser that reads its block through a
// linesReader, whose Value does not walk the block's lines.
type linesValue struct{ parser.InlineParser }

func (l linesValue) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	return l.InlineParser.Parse(parent, &linesReader{Reader: block, lines: parent.Lines(), cut: -1}, pc)
}

// CloseBlock lets goldmark's link parser close the block's open labels,
// and counts the next block's work from 0.
func (l boundedLinks) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	pc.Set(labelWorkKey, nil)
	if c, ok := l.InlineParser.(parser.CloseBlocker); ok {
		c.CloseBlock(parent, block, pc)
	}
}

// destinationEnd returns where, in the line after a link's "](", a
// destination over the bounds stops being read; -1 when it is within them.
// It reads no further than goldmark would, and stops sooner.
func destinationEnd(line []byte) int {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if i < len(line) && line[i] == '<' {
		for j := i + 1; j < len(line); j++ {
			switch c := line[j]; {
			case c == '\\' && j+1 < len(line):
				j++
			case c == '>':
				return -1
			case c == '<':
				return j // CommonMark: a <destination> holds no unescaped <
			}
		}
		return -1
	}
	opened := 0
	for j := i; j < len(line); j++ {
		switch c := line[j]; {
		case c == '\\' && j+1 < len(line):
			j++
		case c == '(':
			if opened++; opened > maxDestinationParens {
				return j
			}
		case c == ')':
			if opened--; opened < 0 {
				return -1
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			return -1
		}
	}
	return -1
}

// linesReader is the reader of a block's lines for the link parser: its
// line ends at the offset cut of the source when cut is not -1 (what the
// link parser reads of a destination), and Value finds a segment's first
// line by binary search, where goldmark's walks back from the block's last
// line: a label closed on each of 150,000 lines took seconds.
type linesReader struct {
	text.Reader
	lines *text.Segments // the block's, which the reader reads
	cut   int
}

func (r *linesReader) PeekLine() ([]byte, text.Segment) {
	line, seg := r.Reader.PeekLine()
	if n := r.cut - seg.Start + seg.Padding; r.cut >= 0 && seg.Start < r.cut && r.cut < seg.Stop && n <= len(line) {
		line = line[:n]
		seg = seg.WithStop(r.cut)
	}
	return line, seg
}

// Value is goldmark's blockReader.Value.
func (r *linesReader) Value(seg text.Segment) []byte {
	n, src := r.lines.Len(), r.Reader.Source()
	line := sort.Search(n, func(i int) bool { return r.lines.At(i).Start > seg.Start }) - 1
	if line < 0 {
		return r.Reader.Value(seg) // as goldmark has it
	}
	ret := make([]byte, 0, seg.Stop-seg.Start+1)
	i := seg.Start
	for ; line < n; line++ {
		s := r.lines.At(line)
		if i < 0 {
			i = s.Start
		}
		ret = s.ConcatPadding(ret)
		for ; i < seg.Stop && i < s.Stop; i++ {
			ret = append(ret, src[i])
		}
		i = -1
		if s.Stop > seg.Stop {
			break
		}
	}
	return ret
}

// boundedDefinitions is goldmark's paragraph transformer for link reference
// definitions, for a paragraph of at most maxDefinitionLines lines or one
// that does not open with what may be a definition.
type boundedDefinitions struct{}

func (boundedDefinitions) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	if lines.Len() > maxDefinitionLines {
		seg := lines.At(0)
		first := util.TrimLeftSpace(seg.Value(reader.Source()))
		// "[label]:", or a label that goes on to the next line
		if len(first) > 0 && first[0] == '[' && (bytes.Contains(first, []byte("]:")) || !bytes.Contains(first, []byte("]"))) {
			document(pc).problem(lines.At(0).Start, "a paragraph of more than "+strconv.Itoa(maxDefinitionLines)+
				" lines that opens with [ is not read for link definitions: put a blank line after them")
			return
		}
	}
	parser.LinkReferenceParagraphTransformer.Transform(node, reader, pc)
}

// SetOption passes goldmark's options (an automatic heading id, say) on.
func (n nested) SetOption(name parser.OptionName, value any) {
	if s, ok := n.BlockParser.(parser.SetOptioner); ok {
		s.SetOption(name, value)
	}
}

// SetOption passes goldmark's options on.
func (l boundedLinks) SetOption(name parser.OptionName, value any) {
	if s, ok := l.InlineParser.(parser.SetOptioner); ok {
		s.SetOption(name, value)
	}
}
