// Package dateparser stands in for github.com/markusmobius/go-dateparser,
// which go-htmldate imports for its "extensive" search of a page's text for
// dates. dossier never runs that search (it reads the publication date from
// the page's metadata: htmldate.Options.SkipExtensiveSearch is set), and
// the real package compiles hundreds of regular expressions for 200 locales
// when a program starts: 142 ms and 50 MB before any command, dossier build
// included. go.mod replaces it with this package, which has the types
// go-htmldate names and a Parse that finds nothing.
package dateparser

import (
	"errors"
	"time"
)

// ParserType names one of the real package's parsers.
type ParserType int

// The parsers go-htmldate asks for.
const (
	Timestamp ParserType = iota
	NegativeTimestamp
	RelativeTime
	CustomFormat
	AbsoluteTime
	NoSpacesTime
)

// PreferredDateSource is which of two readings of a date is kept.
type PreferredDateSource int

// The readings.
const (
	CurrentPeriod PreferredDateSource = iota
	Past
	Future
)

// Configuration is what the real parser is configured by; only the fields
// go-htmldate sets are here.
type Configuration struct {
	PreferredDateSource PreferredDateSource
	StrictParsing       bool
}

// Date is a parsed date.
type Date struct {
	Time time.Time
}

// Parser parses dates in free text.
type Parser struct {
	ParserTypes []ParserType
}

// ErrNotBuilt is what Parse returns: the search is not in dossier.
var ErrNotBuilt = errors.New("the extensive date search is not built into dossier")

// Parse finds no date.
func (p *Parser) Parse(cfg *Configuration, s string, formats ...string) (Date, error) {
	return Date{}, ErrNotBuilt
}
