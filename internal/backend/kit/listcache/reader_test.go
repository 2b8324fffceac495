package listcache

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// readerFixture counts the single reads and list loads a Reader makes.
type readerFixture struct {
	ones, loads int
	loadErr     error
	reader      *Reader[string]
}

func newReaderFixture() *readerFixture {
	f := &readerFixture{}
	f.reader = &Reader[string]{
		Cache: &Cache[string]{},
		Load: func(context.Context) (map[string]string, error) {
			f.loads++
			if f.loadErr != nil {
				return nil, f.loadErr
			}
			return map[string]string{"a": "A", "b": "B"}, nil
		},
		One: func(_ context.Context, id string) (string, error) {
			f.ones++
			return "one:" + id, nil
		},
		Missing: func(id string) error { return fmt.Errorf("%s: missing", id) },
	}
	return f
}

func TestReaderReadsOneThenTheList(t *testing.T) {
	f := newReaderFixture()
	ctx := context.Background()
	if got, _ := f.reader.Get(ctx, "a"); got != "one:a" {
		t.Fatalf("first read: %q, want a single read", got)
	}
	for id, want := range map[string]string{"a": "A", "b": "B"} {
		if got, _ := f.reader.Get(ctx, id); got != want {
			t.Fatalf("read %s: %q, want %q from the list", id, got, want)
		}
	}
	if _, err := f.reader.Get(ctx, "gone"); err == nil || err.Error() != "gone: missing" {
		t.Fatalf("read of an id the list lacks: %v, want Missing's error", err)
	}
	if f.ones != 1 || f.loads != 1 {
		t.Fatalf("%d single reads and %d loads, want 1 and 1", f.ones, f.loads)
	}
}

func TestReaderWithListFirstNeverReadsSingly(t *testing.T) {
	f := newReaderFixture()
	f.reader.ListFirst = true
	ctx := context.Background()
	for id, want := range map[string]string{"a": "A", "b": "B"} {
		if got, _ := f.reader.Get(ctx, id); got != want {
			t.Fatalf("read %s: %q, want %q from the list", id, got, want)
		}
	}
	if f.ones != 0 || f.loads != 1 {
		t.Fatalf("%d single reads and %d loads, want 0 and 1", f.ones, f.loads)
	}
}

func TestReaderTurnsToSingleReadsOnErrPerItem(t *testing.T) {
	f := newReaderFixture()
	f.loadErr = fmt.Errorf("refused: %w", ErrPerItem)
	ctx := context.Background()
	for i := 0; i < 4; i++ {
		if got, err := f.reader.Get(ctx, "a"); err != nil || got != "one:a" {
			t.Fatalf("read %d: %q, %v, want a single read", i, got, err)
		}
	}
	if f.loads != 1 || f.ones != 4 {
		t.Fatalf("%d loads and %d single reads, want 1 load (never tried again) and 4", f.loads, f.ones)
	}
	if _, err := f.reader.List(ctx); !errors.Is(err, ErrPerItem) {
		t.Fatalf("List after the choice: %v, want ErrPerItem", err)
	}
}

func TestReaderServesAFailedLoadSinglyAndTriesAgain(t *testing.T) {
	f := newReaderFixture()
	ctx := context.Background()
	_, _ = f.reader.Get(ctx, "a")
	f.loadErr = errors.New("server error")
	if got, err := f.reader.Get(ctx, "b"); err != nil || got != "one:b" {
		t.Fatalf("read during a failing list: %q, %v, want a single read", got, err)
	}
	f.loadErr = nil
	if got, _ := f.reader.Get(ctx, "b"); got != "B" {
		t.Fatalf("read after the list recovered: %q, want it from the list", got)
	}
	if f.loads != 2 {
		t.Fatalf("%d loads, want 2 (the failed one and the next)", f.loads)
	}
}

func TestReaderWeighsTheListAgainAfterErrNotYet(t *testing.T) {
	f := newReaderFixture()
	f.loadErr = fmt.Errorf("too few reads: %w", ErrNotYet)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if got, err := f.reader.Get(ctx, "a"); err != nil || got != "one:a" {
			t.Fatalf("read %d: %q, %v, want a single read", i, got, err)
		}
	}
	f.loadErr = nil
	if got, _ := f.reader.Get(ctx, "b"); got != "B" {
		t.Fatalf("read once the list pays: %q, want it from the list", got)
	}
	if f.loads != 3 || f.ones != 3 {
		t.Fatalf("%d loads and %d single reads, want 3 (reads 2, 3, 4) and 3", f.loads, f.ones)
	}
}

// With Recheck, an id the list lacks is read singly: a key skipped by
// shifting pages is still found, and only the single read says it is gone.
func TestReaderRechecksWhatTheListLacks(t *testing.T) {
	f := newReaderFixture()
	f.reader.Recheck = true
	ctx := context.Background()
	_, _ = f.reader.Get(ctx, "a") // the first read, singly
	if got, _ := f.reader.Get(ctx, "b"); got != "B" {
		t.Fatalf("read b: %q, want it from the list", got)
	}
	if got, err := f.reader.Get(ctx, "skipped"); err != nil || got != "one:skipped" {
		t.Fatalf("read of an id the list lacks: %q, %v, want a single read", got, err)
	}
	if f.ones != 2 || f.loads != 1 {
		t.Fatalf("%d single reads and %d loads, want 2 and 1", f.ones, f.loads)
	}
}
