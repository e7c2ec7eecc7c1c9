// Package shell writes words for a POSIX shell: the commands dossier
// prints for an editor to paste (cd into a new site, import a page again).
package shell

import "strings"

// Quote is s as one word of a POSIX shell: as it is when it holds nothing
// a shell reads, else in single quotes.
func Quote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._/+,:@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
