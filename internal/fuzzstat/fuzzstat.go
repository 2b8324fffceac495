// Package fuzzstat counts a fuzz target's executions for make fuzz, which
// reports them per target. go test's own count only grows when a worker
// reports back to the coordinator, which can lag for the whole run
// (golang/go#51484), so each worker process writes its own count instead.
package fuzzstat

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// DirEnv names the directory the counts are written to; unset, nothing is
// counted.
const DirEnv = "OBJECTSTORAGE_FUZZ_COUNTS"

var (
	count atomic.Int64
	start sync.Once
	// dir is read once: Count runs on every execution of a target.
	dir = sync.OnceValue(func() string { return os.Getenv(DirEnv) })
)

// Count counts one execution. Every quarter second the process writes its
// total to a file named after its pid in the directory DirEnv names.
func Count() {
	dir := dir()
	if dir == "" {
		return
	}
	count.Add(1)
	start.Do(func() { go flush(filepath.Join(dir, strconv.Itoa(os.Getpid()))) })
}

// flush writes the count until the process ends; a rename keeps a reader
// from seeing half a file.
func flush(path string) {
	for {
		tmp := path + ".tmp"
		if os.WriteFile(tmp, []byte(fmt.Sprint(count.Load())), 0o600) == nil {
			_ = os.Rename(tmp, path)
		}
		time.Sleep(250 * time.Millisecond)
	}
}
