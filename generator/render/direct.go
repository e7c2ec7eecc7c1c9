package render

import (
	"reflect"
	"strconv"
	"text/template/parse"
	"unsafe"
)

// A printing action on a field of dot or of a variable, {{.A.B}} or
// {{$x.A}}, the most common by far, reads the field through its address:
// the offsets of a path of plain fields are known when the template is
// compiled, so the run follows them with no reflect.Value at each step,
// as code written for the type would. fieldsOf (compile.go) has checked
// every step: exported fields, through embedded structs that are not
// pointers, no methods of the name.

// fieldPath is the way from a value to one of its fields.
type fieldPath struct {
	ptr   bool // the value is a pointer to the struct the path starts in
	steps []pathStep
	t     reflect.Type // of the field at the end
}

// pathStep is one field of the path.
type pathStep struct {
	deref  bool    // the field before it is a pointer, followed first
	offset uintptr // where it is in its struct, through embedded ones
}

// directPath is the path of the fields idents from values of type t.
func directPath(t reflect.Type, idents []string) fieldPath {
	p := fieldPath{ptr: t.Kind() == reflect.Pointer}
	for k, name := range idents {
		st, ptr, f := fieldNamed(t, name)
		var off uintptr
		for j := range f.Index {
			off += st.FieldByIndex(f.Index[:j+1]).Offset
		}
		p.steps = append(p.steps, pathStep{deref: ptr && k > 0, offset: off})
		t = f.Type
	}
	p.t = t
	return p
}

// addr is where the field is in v. ok is false when v is a struct that is
// not addressable (the caller reads it by reflection); err is ErrStop at a
// nil pointer, where html/template reports one.
func (p *fieldPath) addr(v reflect.Value) (_ unsafe.Pointer, ok bool, err error) {
	var at unsafe.Pointer
	if p.ptr {
		if v.IsNil() {
			return nil, true, ErrStop
		}
		at = v.UnsafePointer()
	} else {
		if !v.CanAddr() {
			return nil, false, nil
		}
		at = unsafe.Pointer(v.UnsafeAddr())
	}
	for _, st := range p.steps {
		if st.deref {
			at = *(*unsafe.Pointer)(at)
			if at == nil {
				return nil, true, ErrStop
			}
		}
		at = unsafe.Add(at, st.offset)
	}
	return at, true, nil
}

// printable says text reads the field.
func (p *fieldPath) printable() bool {
	switch p.t.Kind() {
	case reflect.String, reflect.Int, reflect.Int64, reflect.Bool:
		return true
	}
	return false
}

// text is the field at at as text/template prints it.
func (p *fieldPath) text(at unsafe.Pointer) string {
	switch p.t.Kind() {
	case reflect.String:
		return *(*string)(at)
	case reflect.Int:
		return strconv.Itoa(*(*int)(at))
	case reflect.Int64:
		return strconv.FormatInt(*(*int64)(at), 10)
	default: // bool
		if *(*bool)(at) {
			return "true"
		}
		return "false"
	}
}

// testable says truth reads the field.
func (p *fieldPath) testable() bool {
	switch p.t.Kind() {
	case reflect.String, reflect.Slice, reflect.Int, reflect.Bool, reflect.Pointer:
		return true
	}
	return false
}

// truth is whether the field at at is true to if, as text/template has it:
// not empty, not zero, not nil.
func (p *fieldPath) truth(at unsafe.Pointer) bool {
	switch p.t.Kind() {
	case reflect.String:
		return len(*(*string)(at)) > 0
	case reflect.Slice: // every slice has the header of a []byte
		return len(*(*[]byte)(at)) > 0
	case reflect.Int:
		return *(*int)(at) != 0
	case reflect.Bool:
		return *(*bool)(at)
	default: // pointer
		return *(*unsafe.Pointer)(at) != nil
	}
}

// directField compiles a pipeline that is one field path, on dot or on a
// variable, declaring nothing: ok is false for any other. get is the value
// the path starts from.
func (c *compiler) directField(pipe *parse.PipeNode, cmds []*parse.CommandNode, dot reflect.Type) (get func(*state, reflect.Value) reflect.Value, p fieldPath, ok bool) {
	if pipe != nil && len(pipe.Decl) > 0 || len(cmds) != 1 || len(cmds[0].Args) != 1 {
		return nil, p, false
	}
	switch n := cmds[0].Args[0].(type) {
	case *parse.FieldNode:
		return func(_ *state, d reflect.Value) reflect.Value { return d }, directPath(dot, n.Ident), true
	case *parse.VariableNode:
		if len(n.Ident) < 2 {
			return nil, p, false
		}
		i := c.lookupVar(n.Ident[0])
		return func(s *state, _ reflect.Value) reflect.Value { return s.vars[s.base+i] }, directPath(c.vars[i].t, n.Ident[1:]), true
	}
	return nil, p, false
}
