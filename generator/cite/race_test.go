//go:build race

package cite

const raceEnabled = true
