//go:build race

package acctest

// raceDetector is true when the tests run under the race detector: the
// provider they build runs under it too.
const raceDetector = true
