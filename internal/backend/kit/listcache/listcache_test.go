package listcache

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestConcurrentReadersShareOneLoad(t *testing.T) {
	var c Cache[int]
	var loads atomic.Int32
	release := make(chan struct{})
	load := func(context.Context) (map[string]int, error) {
		loads.Add(1)
		<-release
		return map[string]int{"a": 1}, nil
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			items, err := c.Get(context.Background(), "", load)
			if err != nil || items["a"] != 1 {
				t.Errorf("got %v, %v", items, err)
			}
		}()
	}
	close(release)
	wg.Wait()
	if n := loads.Load(); n != 1 {
		t.Fatalf("%d loads for 20 concurrent readers, want 1", n)
	}
}

func TestWritesKeepTheListCurrent(t *testing.T) {
	var c Cache[int]
	load := func(context.Context) (map[string]int, error) { return map[string]int{"a": 1}, nil }
	before, _ := c.Get(context.Background(), "s", load)
	c.Put("s", "b", 2)
	c.Delete("s", "a")
	after, _ := c.Get(context.Background(), "s", load)
	if _, ok := after["a"]; ok || after["b"] != 2 {
		t.Fatalf("after writes: %v", after)
	}
	if before["a"] != 1 || len(before) != 1 {
		t.Fatalf("a map handed out earlier changed: %v", before)
	}
	c.Put("other", "x", 1) // not loaded: ignored
	if c.Loaded("other") {
		t.Fatalf("a write loaded a scope")
	}
}

func TestFailedLoadIsRetried(t *testing.T) {
	var c Cache[int]
	fail := true
	load := func(context.Context) (map[string]int, error) {
		if fail {
			return nil, errors.New("boom")
		}
		return map[string]int{}, nil
	}
	if _, err := c.Get(context.Background(), "", load); err == nil {
		t.Fatal("want the load's error")
	}
	fail = false
	if _, err := c.Get(context.Background(), "", load); err != nil {
		t.Fatalf("a failed load was kept: %v", err)
	}
}

// The loading caller returns while other goroutines already see the list as
// loaded and write to it. Each round drives that interleaving: a writer
// waits until the scope is loaded and puts an item at once, racing the
// loader's return. Run with -race (make test does), which reports any
// access to the entry outside the lock; without it the test still checks
// that the loader gets the list it loaded and that no map handed out
// changes afterwards.
func TestWriteRacingTheLoadersReturn(t *testing.T) {
	var c Cache[int]
	for round := range 200 {
		scope := fmt.Sprint(round)
		loaded := map[string]int{"a": 1}
		load := func(context.Context) (map[string]int, error) { return loaded, nil }
		wrote := make(chan error, 1)
		go func() {
			deadline := time.Now().Add(5 * time.Second)
			for !c.Loaded(scope) {
				if time.Now().After(deadline) {
					wrote <- errors.New("the scope was never loaded")
					return
				}
				runtime.Gosched()
			}
			c.Put(scope, "x", 2)
			wrote <- nil
		}()
		got, err := c.Get(context.Background(), scope, load)
		if err != nil {
			t.Fatal(err)
		}
		if werr := <-wrote; werr != nil {
			t.Fatal(werr)
		}
		if len(got) != 1 || got["a"] != 1 || len(loaded) != 1 {
			t.Fatalf("round %d: the loader got %v and the loaded map is %v; a later write reached a map already handed out", round, got, loaded)
		}
		if now, _ := c.Get(context.Background(), scope, load); now["x"] != 2 {
			t.Fatalf("round %d: the write was lost: %v", round, now)
		}
	}
}

func TestWritesCountsEveryWriteLoadedOrNot(t *testing.T) {
	var c Cache[string]
	c.Put("s", "a", "A") // not loaded: nothing to change, still a write
	c.Delete("s", "a")
	c.Invalidate("s")
	if got := c.Writes("s"); got != 3 {
		t.Fatalf("Writes: %d, want 3", got)
	}
	if got := c.Writes("other"); got != 0 {
		t.Fatalf("Writes of an untouched scope: %d, want 0", got)
	}
}
