package linode

// ReadsSoFar is the number of key reads the backend has counted, for tests
// that hold the list's answer until enough reads are waiting.
func (b *Backend) ReadsSoFar() int64 { return b.keys.Reads() }
