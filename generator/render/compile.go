package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"sync"
	"text/template/parse"
	"time"
)

// A page is executed by a program compiled from its template: the tree
// html/template has escaped (every action ends in the escapers its context
// needs) is walked once for the type of the data, and each node becomes a
// closure that reads fields by index and writes through ports of
// html/template's escapers. It writes what executing the template writes,
// byte for byte, about ten times faster: text/template looks each field up
// by name and calls each escaper through reflection on every execution.
//
// A template that uses what the compiler does not know (a method, a map, a
// function it does not have, a CSS or JavaScript context, break and
// continue…) is not compiled, and its page runs on html/template. So is a
// page whose program fails while it runs: html/template runs it again and
// its error is the one reported.

// errUnsupported says a template uses what the compiler does not know.
var errUnsupported = errors.New("not compiled")

// ErrStop says a page stopped where text/template would stop with an
// error (a field of a nil pointer): html/template runs the page again and
// says what is wrong, in its own words. Generated code returns it too.
var ErrStop = errors.New("stopped")

// program is a compiled page.
type program struct {
	run   runFn
	reads map[field]bool  // every field of a struct the templates read
	files map[string]bool // the template files it runs
}

// field is a struct type and one of its fields' names.
type field struct {
	t    reflect.Type
	name string
}

type (
	runFn  func(s *state, dot reflect.Value) error
	evalFn func(s *state, dot reflect.Value) (reflect.Value, error)
)

// state is one execution: the page's buffer and the variables in scope.
type state struct {
	w     *bytes.Buffer
	vars  []reflect.Value
	base  int // where the running template's variables start ($ is vars[base])
	depth int
	args  []reflect.Value // the arguments of the functions being called, a stack
}

// states keeps states, and the room their slices have grown, from page to
// page.
var states = sync.Pool{New: func() any { return new(state) }}

// maxDepth bounds templates calling templates; deeper, html/template runs
// the page and reports what it finds.
const maxDepth = 1000

// compiler turns one page's escaped templates into a program.
type compiler struct {
	set   *template.Template
	esc   map[string]escaper // the escapers, by html/template's names
	vars  []cvar             // in scope, as at run time from the running template's base
	done  map[tkey]*compiled
	reads map[field]bool
	files map[string]bool
}

type cvar struct {
	name string
	t    reflect.Type
}

type tkey struct {
	name string
	t    reflect.Type
}

// compiled is a template compiled for one type of dot; run is set once it
// is, so that a template may call itself.
type compiled struct{ run runFn }

// compile compiles the template named name of set, which html/template has
// escaped, for data of type t.
func compile(set *template.Template, name string, t reflect.Type) (p *program, err error) {
	if err := escapersDiffer(); err != nil {
		return nil, err
	}
	return compileWith(set, name, t, escapers)
}

// compileWith is compile with the escapers esc.
func compileWith(set *template.Template, name string, t reflect.Type, esc map[string]escaper) (p *program, err error) {
	c := &compiler{set: set, esc: esc, done: map[tkey]*compiled{}, reads: map[field]bool{}, files: map[string]bool{}}
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(unsupported); ok {
				p, err = nil, fmt.Errorf("%w: %s", errUnsupported, string(e))
				return
			}
			panic(r)
		}
	}()
	ct := c.template(name, t)
	return &program{run: ct.run, reads: c.reads, files: c.files}, nil
}

// unsupported is what the compiler panics with when a template uses what
// it does not know; compile recovers it.
type unsupported string

func unsup(format string, args ...any) { panic(unsupported(fmt.Sprintf(format, args...))) }

// execute runs p with data into w.
// safeExecute is execute, with a panic an error: no template can end a
// build or the dev server that html/template would not.
func (p *program) safeExecute(w *bytes.Buffer, data any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the compiled run failed: %v", r)
		}
	}()
	return p.execute(w, data)
}

func (p *program) execute(w *bytes.Buffer, data any) error {
	s := states.Get().(*state)
	s.w, s.base, s.depth = w, 0, 0
	dot := reflect.ValueOf(data)
	if dot.Kind() == reflect.Struct {
		// addressable, so that its fields are read where they are (direct.go)
		v := reflect.New(dot.Type()).Elem()
		v.Set(dot)
		dot = v
	}
	s.vars = append(s.vars[:0], dot)
	err := p.run(s, dot)
	clear(s.vars[:cap(s.vars)]) // let go of the page's values
	clear(s.args[:cap(s.args)])
	s.w, s.vars, s.args = nil, s.vars[:0], s.args[:0]
	states.Put(s) // not after a panic: that state is dropped
	return err
}

func (c *compiler) template(name string, t reflect.Type) *compiled {
	k := tkey{name, t}
	if ct := c.done[k]; ct != nil {
		return ct
	}
	tmpl := c.set.Lookup(name)
	if tmpl == nil || tmpl.Tree == nil || tmpl.Tree.Root == nil {
		unsup("template %q", name)
	}
	ct := &compiled{}
	c.done[k] = ct
	c.files[tmpl.Tree.ParseName] = true
	outer := c.vars
	c.vars = []cvar{{"$", t}}
	body := c.list(tmpl.Tree.Root, t)
	c.vars = outer
	ct.run = func(s *state, dot reflect.Value) error {
		if s.depth++; s.depth > maxDepth {
			return ErrStop
		}
		base := s.base
		s.base = len(s.vars)
		s.vars = append(s.vars, dot)
		err := body(s, dot)
		s.vars = s.vars[:s.base]
		s.base = base
		s.depth--
		return err
	}
	return ct
}

func (c *compiler) list(l *parse.ListNode, dot reflect.Type) runFn {
	if l == nil {
		return func(*state, reflect.Value) error { return nil }
	}
	// each step writes the text before a node, then runs it: text costs
	// no call of its own
	type step struct {
		text string
		run  runFn
	}
	var steps []step
	text := ""
	for _, n := range l.Nodes {
		if t, ok := n.(*parse.TextNode); ok {
			text += string(t.Text)
			continue
		}
		if r := c.node(n, dot); r != nil {
			steps = append(steps, step{text, r})
			text = ""
		}
	}
	if text != "" {
		steps = append(steps, step{text, nil})
	}
	switch {
	case len(steps) == 0:
		return func(*state, reflect.Value) error { return nil }
	case len(steps) == 1 && steps[0].text == "":
		return steps[0].run
	}
	return func(s *state, dot reflect.Value) error {
		for i := range steps {
			st := &steps[i]
			if st.text != "" {
				s.w.WriteString(st.text)
			}
			if st.run != nil {
				if err := st.run(s, dot); err != nil {
					return err
				}
			}
		}
		return nil
	}
}

func (c *compiler) node(n parse.Node, dot reflect.Type) runFn {
	switch n := n.(type) {
	case *parse.TextNode:
		text := string(n.Text)
		return func(s *state, _ reflect.Value) error {
			s.w.WriteString(text)
			return nil
		}
	case *parse.CommentNode:
		return nil
	case *parse.ActionNode:
		if len(n.Pipe.Decl) > 0 {
			eval, _ := c.pipeline(n.Pipe, dot)
			return func(s *state, dot reflect.Value) error {
				_, err := eval(s, dot)
				return err
			}
		}
		return c.output(n.Pipe, dot)
	case *parse.IfNode:
		return c.ifOrWith(n.Pipe, n.List, n.ElseList, dot, false)
	case *parse.WithNode:
		return c.ifOrWith(n.Pipe, n.List, n.ElseList, dot, true)
	case *parse.RangeNode:
		return c.rangeNode(n, dot)
	case *parse.TemplateNode:
		return c.call(n, dot)
	}
	unsup("%s", n)
	return nil
}

// scope runs what f compiles with the variables it declares dropped after.
func (c *compiler) scope(f func()) (mark int) {
	mark = len(c.vars)
	f()
	c.vars = c.vars[:mark]
	return mark
}

func (c *compiler) ifOrWith(pipe *parse.PipeNode, list, elseList *parse.ListNode, dot reflect.Type, with bool) runFn {
	var cond evalFn
	var then, otherwise runFn
	mark := c.scope(func() {
		var t reflect.Type
		cond, t = c.pipeline(pipe, dot)
		truth := truthOf(t)
		inner := dot
		if with {
			inner = t
		}
		body := c.list(list, inner)
		if elseList != nil {
			otherwise = c.list(elseList, dot)
		}
		then = func(s *state, d reflect.Value) error {
			v, err := cond(s, d)
			if err != nil {
				return err
			}
			if truth(v) {
				if with {
					d = v
				}
				return body(s, d)
			}
			if otherwise != nil {
				return otherwise(s, d)
			}
			return nil
		}
		if get, path, ok := c.directField(pipe, pipe.Cmds, dot); ok && !with && path.testable() {
			slow := then
			then = func(s *state, d reflect.Value) error {
				at, ok, err := path.addr(get(s, d))
				switch {
				case err != nil:
					return err
				case !ok:
					return slow(s, d)
				case path.truth(at):
					return body(s, d)
				case otherwise != nil:
					return otherwise(s, d)
				}
				return nil
			}
		}
	})
	if (pipe == nil || len(pipe.Decl) == 0) && !declares(list) && !declares(elseList) {
		return then // nothing to drop
	}
	return func(s *state, d reflect.Value) error {
		m := s.base + mark
		err := then(s, d)
		s.vars = s.vars[:m]
		return err
	}
}

func (c *compiler) rangeNode(n *parse.RangeNode, dot reflect.Type) runFn {
	if hasBreakOrContinue(n.List) {
		unsup("break or continue")
	}
	var run runFn
	mark := c.scope(func() {
		val, t := c.pipeline(n.Pipe, dot)
		if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
			unsup("range over %s", t)
		}
		elem := t.Elem()
		decl := n.Pipe.Decl
		if n.Pipe.IsAssign && len(decl) > 0 {
			unsup("range assigning variables")
		}
		// the variables the pipeline declared are the last ones in scope,
		// with the element type (and int for the index)
		nv := len(decl)
		if nv > 0 {
			c.vars[len(c.vars)-1].t = elem
		}
		if nv > 1 {
			c.vars[len(c.vars)-2].t = reflect.TypeFor[int]()
		}
		body := c.list(n.List, elem)
		var otherwise runFn
		if n.ElseList != nil {
			// in the else branch the variables hold what the pipeline
			// gave, the empty slice itself, as text/template has them
			for i := range nv {
				c.vars[len(c.vars)-1-i].t = t
			}
			otherwise = c.list(n.ElseList, dot)
		}
		run = func(s *state, d reflect.Value) error {
			v, err := val(s, d)
			if err != nil {
				return err
			}
			top := len(s.vars)
			if v.Len() == 0 {
				if otherwise != nil {
					return otherwise(s, d)
				}
				return nil
			}
			for i := range v.Len() {
				e := v.Index(i)
				if nv > 0 {
					s.vars[top-1] = e
				}
				if nv > 1 {
					s.vars[top-2] = reflect.ValueOf(i)
				}
				if err := body(s, e); err != nil {
					return err
				}
				s.vars = s.vars[:top]
			}
			return nil
		}
	})
	return func(s *state, d reflect.Value) error {
		m := s.base + mark
		err := run(s, d)
		s.vars = s.vars[:m]
		return err
	}
}

// declares reports whether an action of l itself declares a variable,
// which lives to the end of l.
func declares(l *parse.ListNode) bool {
	if l == nil {
		return false
	}
	for _, n := range l.Nodes {
		if a, ok := n.(*parse.ActionNode); ok && len(a.Pipe.Decl) > 0 && !a.Pipe.IsAssign {
			return true
		}
	}
	return false
}

func hasBreakOrContinue(l *parse.ListNode) bool {
	if l == nil {
		return false
	}
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.BreakNode, *parse.ContinueNode:
			return true
		case *parse.IfNode:
			if hasBreakOrContinue(n.List) || hasBreakOrContinue(n.ElseList) {
				return true
			}
		case *parse.WithNode:
			if hasBreakOrContinue(n.List) || hasBreakOrContinue(n.ElseList) {
				return true
			}
		}
	}
	return false
}

func (c *compiler) call(n *parse.TemplateNode, dot reflect.Type) runFn {
	var arg evalFn
	t := reflect.Type(nil)
	if n.Pipe != nil {
		c.scope(func() { arg, t = c.pipeline(n.Pipe, dot) })
	}
	if t == nil {
		unsup("template called without data")
	}
	ct := c.template(n.Name, t)
	return func(s *state, d reflect.Value) error {
		v, err := arg(s, d)
		if err != nil {
			return err
		}
		return ct.run(s, v)
	}
}

// pipeline compiles a pipeline, declaring its variables in scope; it
// returns the evaluation and the static type of its value.
func (c *compiler) pipeline(p *parse.PipeNode, dot reflect.Type) (evalFn, reflect.Type) {
	if p == nil || len(p.Cmds) == 0 {
		unsup("empty pipeline")
	}
	var eval evalFn
	var t reflect.Type
	for i, cmd := range p.Cmds {
		eval, t = c.command(cmd, dot, eval, t, i > 0)
	}
	if len(p.Decl) == 0 {
		return eval, t
	}
	if p.IsAssign {
		idx := make([]int, len(p.Decl))
		for k, d := range p.Decl {
			i := c.lookupVar(d.Ident[0])
			if c.vars[i].t != t {
				unsup("assigning a value of another type to %s", d.Ident[0])
			}
			idx[k] = i
		}
		return func(s *state, d reflect.Value) (reflect.Value, error) {
			v, err := eval(s, d)
			if err != nil {
				return v, err
			}
			for _, i := range idx {
				s.vars[s.base+i] = v
			}
			return v, nil
		}, t
	}
	n := len(p.Decl)
	for _, d := range p.Decl {
		c.vars = append(c.vars, cvar{d.Ident[0], t})
	}
	return func(s *state, d reflect.Value) (reflect.Value, error) {
		v, err := eval(s, d)
		if err != nil {
			return v, err
		}
		for range n {
			s.vars = append(s.vars, v)
		}
		return v, nil
	}, t
}

func (c *compiler) lookupVar(name string) int {
	for i := len(c.vars) - 1; i >= 0; i-- {
		if c.vars[i].name == name {
			return i
		}
	}
	unsup("undefined variable %s", name)
	return 0
}

// command compiles one command of a pipeline; final is the previous
// command's value, the last argument of a function.
func (c *compiler) command(cmd *parse.CommandNode, dot reflect.Type, final evalFn, finalT reflect.Type, hasFinal bool) (evalFn, reflect.Type) {
	switch n := cmd.Args[0].(type) {
	case *parse.IdentifierNode:
		return c.function(n.Ident, cmd.Args[1:], dot, final, finalT, hasFinal)
	}
	if len(cmd.Args) > 1 || hasFinal {
		unsup("arguments to a value")
	}
	return c.arg(cmd.Args[0], dot)
}

// arg compiles a value.
func (c *compiler) arg(n parse.Node, dot reflect.Type) (evalFn, reflect.Type) {
	switch n := n.(type) {
	case *parse.DotNode:
		return func(_ *state, d reflect.Value) (reflect.Value, error) { return d, nil }, dot
	case *parse.FieldNode:
		return c.fields(func(_ *state, d reflect.Value) (reflect.Value, error) { return d, nil }, dot, n.Ident)
	case *parse.VariableNode:
		i := c.lookupVar(n.Ident[0])
		get := func(s *state, _ reflect.Value) (reflect.Value, error) { return s.vars[s.base+i], nil }
		return c.fields(get, c.vars[i].t, n.Ident[1:])
	case *parse.ChainNode:
		if _, ok := n.Node.(*parse.PipeNode); !ok {
			unsup("chain on %s", n.Node)
		}
		e, t := c.arg(n.Node, dot)
		return c.fields(e, t, n.Field)
	case *parse.PipeNode:
		var e evalFn
		var t reflect.Type
		c.scope(func() { e, t = c.pipeline(n, dot) })
		return e, t
	case *parse.StringNode:
		v := reflect.ValueOf(n.Text)
		return func(*state, reflect.Value) (reflect.Value, error) { return v, nil }, v.Type()
	case *parse.BoolNode:
		v := reflect.ValueOf(n.True)
		return func(*state, reflect.Value) (reflect.Value, error) { return v, nil }, v.Type()
	case *parse.NumberNode:
		if !n.IsInt || n.IsFloat && n.Text != strconv.FormatInt(n.Int64, 10) {
			unsup("number %s", n.Text)
		}
		v := reflect.ValueOf(int(n.Int64))
		return func(*state, reflect.Value) (reflect.Value, error) { return v, nil }, v.Type()
	}
	unsup("%s", n)
	return nil, nil
}

// fields compiles .A.B.C on what get evaluates, of type t.
func (c *compiler) fields(get evalFn, t reflect.Type, idents []string) (evalFn, reflect.Type) {
	for _, name := range idents {
		st, ptr, f := fieldNamed(t, name)
		c.reads[field{st, name}] = true
		get = fieldOf(get, f.Index, ptr)
		t = f.Type
	}
	return get, t
}

// fieldNamed is the field called name of values of type t, as text/template
// finds it, and the struct type that has it; ptr says t is a pointer to
// that struct. What the compiler does not know is refused: a method of
// that name, a map, an interface, a field through an embedded pointer.
func fieldNamed(t reflect.Type, name string) (st reflect.Type, ptr bool, f reflect.StructField) {
	if t == nil || t.Kind() == reflect.Interface {
		unsup("a field of %v", t)
	}
	if _, ok := t.MethodByName(name); ok {
		unsup("method %s", name)
	}
	if t.Kind() != reflect.Pointer {
		if _, ok := reflect.PointerTo(t).MethodByName(name); ok {
			unsup("method %s", name)
		}
	}
	st, ptr = t, t.Kind() == reflect.Pointer
	if ptr {
		st = t.Elem()
		if st.Kind() == reflect.Pointer {
			unsup("a pointer to a pointer")
		}
	}
	if st.Kind() != reflect.Struct {
		unsup("field %s of %s", name, t)
	}
	f, ok := st.FieldByName(name)
	if !ok || !f.IsExported() {
		unsup("field %s of %s", name, st)
	}
	for k := 1; k < len(f.Index); k++ {
		if st.FieldByIndex(f.Index[:k]).Type.Kind() == reflect.Pointer {
			unsup("a field through an embedded pointer")
		}
	}
	return st, ptr, f
}

// fieldOf evaluates to the field at index (a path through embedded
// structs) of what prev evaluates to, through a pointer when ptr.
func fieldOf(prev evalFn, index []int, ptr bool) evalFn {
	i, rest := index[0], index[1:]
	return func(s *state, d reflect.Value) (reflect.Value, error) {
		v, err := prev(s, d)
		if err != nil {
			return v, err
		}
		if ptr {
			if v.IsNil() {
				return v, ErrStop // html/template says "nil pointer evaluating"
			}
			v = v.Elem()
		}
		v = v.Field(i)
		for _, j := range rest {
			v = v.Field(j)
		}
		return v, nil
	}
}

// function compiles a call.
func (c *compiler) function(name string, args []parse.Node, dot reflect.Type, final evalFn, finalT reflect.Type, hasFinal bool) (evalFn, reflect.Type) {
	if _, ok := escapers[name]; ok {
		unsup("an escaper before the end of an action") // html/template puts them last (output)
	}
	var evals []evalFn
	var types []reflect.Type
	for _, a := range args {
		e, t := c.arg(a, dot)
		evals, types = append(evals, e), append(types, t)
	}
	if hasFinal {
		evals, types = append(evals, final), append(types, finalT)
	}
	switch name {
	case "and", "or":
		if len(evals) == 0 {
			unsup("%s without arguments", name)
		}
		// the value is one of the arguments: of their type when they
		// share one; else it can only be asked whether it is true
		t := types[0]
		truths := make([]func(reflect.Value) bool, len(types))
		for i, at := range types {
			truths[i] = truthOf(at)
			if at != t {
				t = anyType
			}
		}
		or := name == "or"
		return func(s *state, d reflect.Value) (reflect.Value, error) {
			var v reflect.Value
			for i, e := range evals {
				var err error
				if v, err = e(s, d); err != nil {
					return v, err
				}
				if truths[i](v) == or {
					return v, nil
				}
			}
			return v, nil
		}, t
	case "not":
		if len(evals) != 1 {
			unsup("not with %d arguments", len(evals))
		}
		truth, e := truthOf(types[0]), evals[0]
		return func(s *state, d reflect.Value) (reflect.Value, error) {
			v, err := e(s, d)
			if err != nil {
				return v, err
			}
			return reflect.ValueOf(!truth(v)), nil
		}, reflect.TypeFor[bool]()
	case "len":
		if len(evals) != 1 {
			unsup("len with %d arguments", len(evals))
		}
		switch types[0].Kind() {
		case reflect.Slice, reflect.Array, reflect.String, reflect.Map:
		default:
			unsup("len of %s", types[0])
		}
		e := evals[0]
		return func(s *state, d reflect.Value) (reflect.Value, error) {
			v, err := e(s, d)
			if err != nil {
				return v, err
			}
			return reflect.ValueOf(v.Len()), nil
		}, reflect.TypeFor[int]()
	case "eq", "ne":
		if len(evals) != 2 {
			unsup("%s with %d arguments", name, len(evals))
		}
		equal, a, b, ne := equality(types[0], types[1]), evals[0], evals[1], name == "ne"
		return func(s *state, d reflect.Value) (reflect.Value, error) {
			x, err := a(s, d)
			if err != nil {
				return x, err
			}
			y, err := b(s, d)
			if err != nil {
				return y, err
			}
			return reflect.ValueOf(equal(x, y) != ne), nil
		}, reflect.TypeFor[bool]()
	}
	f, ok := Funcs[name]
	if !ok {
		unsup("function %s", name)
	}
	fv := reflect.ValueOf(f)
	ft := fv.Type()
	if ft.IsVariadic() || ft.NumIn() != len(evals) || ft.NumOut() != 1 {
		unsup("call of %s", name)
	}
	for i, t := range types {
		if t != ft.In(i) {
			unsup("argument %d of %s: %s", i+1, name, t)
		}
	}
	call := direct[name]
	if call == nil {
		call = func(in []reflect.Value) reflect.Value { return fv.Call(in)[0] }
	}
	return func(s *state, d reflect.Value) (reflect.Value, error) {
		start := len(s.args)
		for _, e := range evals {
			v, err := e(s, d)
			if err != nil {
				s.args = s.args[:start]
				return v, err
			}
			s.args = append(s.args, v)
		}
		v := call(s.args[start:])
		s.args = s.args[:start]
		return v, nil
	}, ft.Out(0)
}

// direct calls each of Funcs without reflect.Value.Call, which spent a
// tenth of a source page's time: the arguments are of the types the
// compiler checked against the function's.
var direct = map[string]func([]reflect.Value) reflect.Value{
	"date":    func(in []reflect.Value) reflect.Value { return reflect.ValueOf(Date(timeOf(in[0]))) },
	"isodate": func(in []reflect.Value) reflect.Value { return reflect.ValueOf(ISODate(timeOf(in[0]))) },
	"plural": func(in []reflect.Value) reflect.Value {
		return reflect.ValueOf(Plural(int(in[0].Int()), in[1].String(), in[2].String()))
	},
	"add": func(in []reflect.Value) reflect.Value {
		return reflect.ValueOf(Add(int(in[0].Int()), int(in[1].Int())))
	},
}

// timeOf is v's time.Time, read in place when v is addressable.
func timeOf(v reflect.Value) time.Time {
	if v.CanAddr() {
		return *(*time.Time)(v.Addr().UnsafePointer())
	}
	return v.Interface().(time.Time)
}

// anyType is the type of what "and" or "or" of values of different types
// gives: one of them.
var anyType = reflect.TypeFor[any]()

// truthOf is text/template's truth for values of type t.
func truthOf(t reflect.Type) func(reflect.Value) bool {
	if t == anyType {
		return func(v reflect.Value) bool { return truthOf(v.Type())(v) }
	}
	switch t.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return func(v reflect.Value) bool { return v.Len() > 0 }
	case reflect.Bool:
		return reflect.Value.Bool
	case reflect.Pointer, reflect.Chan, reflect.Func:
		return func(v reflect.Value) bool { return !v.IsNil() }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(v reflect.Value) bool { return v.Int() != 0 }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(v reflect.Value) bool { return v.Uint() != 0 }
	case reflect.Struct:
		return func(reflect.Value) bool { return true }
	}
	unsup("truth of %s", t)
	return nil
}

// equality is text/template's eq for two values of types a and b, of the
// basic kinds it compares without an error.
func equality(a, b reflect.Type) func(x, y reflect.Value) bool {
	switch {
	case isString(a) && isString(b):
		return func(x, y reflect.Value) bool { return x.String() == y.String() }
	case isInt(a) && isInt(b):
		return func(x, y reflect.Value) bool { return x.Int() == y.Int() }
	case a.Kind() == reflect.Bool && b.Kind() == reflect.Bool:
		return func(x, y reflect.Value) bool { return x.Bool() == y.Bool() }
	}
	unsup("comparing %s with %s", a, b)
	return nil
}

func isString(t reflect.Type) bool { return t.Kind() == reflect.String }

func isInt(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return true
	}
	return false
}

var (
	htmlType      = reflect.TypeFor[template.HTML]()
	stringerType  = reflect.TypeFor[fmt.Stringer]()
	errorType     = reflect.TypeFor[error]()
	formatterType = reflect.TypeFor[fmt.Formatter]()
)

// content is a value as html/template's escapers take it: its text and
// whether it is template.HTML.
type content struct {
	s    string
	html bool
}

// stringer is how html/template's stringify makes text of a value of
// static type t, for an escaper that minds (html) or ignores template.HTML.
func stringer(t reflect.Type, html bool) func(reflect.Value) content {
	if t.Implements(stringerType) || t.Implements(errorType) || t.Implements(formatterType) {
		unsup("printing %s", t) // fmt calls its method
	}
	if t == htmlType {
		if !html {
			unsup("template.HTML where its tags would be stripped")
		}
		return func(v reflect.Value) content { return content{v.String(), true} }
	}
	if t.PkgPath() == "html/template" {
		unsup("printing %s", t)
	}
	switch {
	case t.Kind() == reflect.String:
		return func(v reflect.Value) content { return content{s: v.String()} }
	case isInt(t):
		return func(v reflect.Value) content { return content{s: strconv.FormatInt(v.Int(), 10)} }
	case t.Kind() == reflect.Bool:
		return func(v reflect.Value) content { return content{s: strconv.FormatBool(v.Bool())} }
	}
	unsup("printing %s", t)
	return nil
}

// output compiles an action that prints: its pipeline ends in escapers,
// which pass text from one to the next, the last writing into the page.
func (c *compiler) output(p *parse.PipeNode, dot reflect.Type) runFn {
	k, names := escapersOf(p)
	var eval evalFn
	var t reflect.Type
	for i, cmd := range p.Cmds[:k] {
		eval, t = c.command(cmd, dot, eval, t, i > 0)
	}
	chain := fuse(c.esc, names)
	str := stringer(t, chain[0].html)
	middle, last := chain[:len(chain)-1], chain[len(chain)-1]
	if get, path, ok := c.directField(nil, p.Cmds[:k], dot); ok && path.printable() {
		html, slow := t == htmlType, eval
		return func(s *state, d reflect.Value) error {
			at, ok, err := path.addr(get(s, d))
			if err != nil {
				return err
			}
			var text content
			if ok {
				text = content{s: path.text(at), html: html}
			} else {
				v, err := slow(s, d)
				if err != nil {
					return err
				}
				text = str(v)
			}
			for i := range middle {
				text = middle[i].text(text)
			}
			last.write(s.w, text)
			return nil
		}
	}
	if len(middle) == 0 {
		write := last.write
		return func(s *state, d reflect.Value) error {
			v, err := eval(s, d)
			if err != nil {
				return err
			}
			write(s.w, str(v))
			return nil
		}
	}
	return func(s *state, d reflect.Value) error {
		v, err := eval(s, d)
		if err != nil {
			return err
		}
		text := str(v)
		for i := range middle {
			text = middle[i].text(text)
		}
		last.write(s.w, text)
		return nil
	}
}

// escapersOf returns where the escapers a printing action's pipeline ends
// in start, and their names; an action without one, or with nothing
// before them, is not compiled.
func escapersOf(p *parse.PipeNode) (k int, names []string) {
	k = len(p.Cmds)
	for k > 0 {
		id, ok := p.Cmds[k-1].Args[0].(*parse.IdentifierNode)
		if !ok || len(p.Cmds[k-1].Args) > 1 || escapers[id.Ident].write == nil {
			break
		}
		names = append([]string{id.Ident}, names...)
		k--
	}
	if k == len(p.Cmds) || k == 0 {
		unsup("an action without an escaper, or an escaper alone")
	}
	return k, names
}

// fuse returns the escapers named, the last ones made one where a URL in
// a quoted attribute (the value of href or src) can be written in one
// pass: its normalising or escaping leaves the attribute's escaper only &
// and + to replace.
func fuse(esc map[string]escaper, names []string) []escaper {
	var chain []escaper
	for i := 0; i < len(names); i++ {
		rest := names[i:]
		if len(rest) == 2 && rest[1] == "_html_template_attrescaper" {
			switch rest[0] {
			case "_html_template_urlnormalizer":
				return append(chain, urlAttr(true))
			case "_html_template_urlescaper":
				return append(chain, urlAttr(false))
			}
		}
		chain = append(chain, esc[names[i]])
	}
	return chain
}

// urlAttr is the URL normaliser (norm) or escaper followed by the
// attribute escaper.
func urlAttr(norm bool) escaper {
	return escaper{write: func(w *bytes.Buffer, c content) { processURLAttr(w, c.s, norm) }}
}

// escaper is one of html/template's escapers: write writes what it
// returns; html says whether it treats template.HTML otherwise than text
// (the compiler refuses the cases that need stripTags). f, when set,
// returns it without a buffer, for an escaper that is often not the last.
type escaper struct {
	write func(*bytes.Buffer, content)
	html  bool
	f     func(content) string
}

// text is what the escaper returns, for the next one.
func (e *escaper) text(c content) content {
	if e.f != nil {
		return content{s: e.f(c)}
	}
	var b bytes.Buffer
	e.write(&b, c)
	return content{s: b.String()}
}

var escapers = map[string]escaper{
	"_html_template_htmlescaper": {
		write: func(w *bytes.Buffer, c content) {
			if c.html {
				w.WriteString(c.s)
				return
			}
			replace(w, c.s, &htmlTable, true)
		},
		html: true,
	},
	"_html_template_attrescaper": {
		write: func(w *bytes.Buffer, c content) { replace(w, c.s, &htmlTable, true) },
	},
	"_html_template_rcdataescaper": {
		write: func(w *bytes.Buffer, c content) {
			if c.html {
				replace(w, c.s, &htmlNormTable, true)
				return
			}
			replace(w, c.s, &htmlTable, true)
		},
		html: true,
	},
	"_html_template_nospaceescaper": {
		write: func(w *bytes.Buffer, c content) {
			if c.s == "" {
				w.WriteString(filterFailsafe)
				return
			}
			replace(w, c.s, &nospaceTable, false)
		},
	},
	"_html_template_commentescaper": {
		write: func(*bytes.Buffer, content) {},
	},
	"_html_template_urlfilter": {
		// before the URL's normaliser in every href: passed on as it is
		f: func(c content) string {
			if !isSafeURL(c.s) {
				return "#" + filterFailsafe
			}
			return c.s
		},
		write: func(w *bytes.Buffer, c content) {
			if !isSafeURL(c.s) {
				w.WriteString("#" + filterFailsafe)
				return
			}
			w.WriteString(c.s)
		},
	},
	"_html_template_urlnormalizer": {
		write: func(w *bytes.Buffer, c content) { processURL(w, c.s, true) },
	},
	"_html_template_urlescaper": {
		write: func(w *bytes.Buffer, c content) { processURL(w, c.s, false) },
	},
}
