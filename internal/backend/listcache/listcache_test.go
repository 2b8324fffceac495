package listcache

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
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
