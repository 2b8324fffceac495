package fakeapi

import (
	"slices"
	"sync"
)

// Each is f of every entry of a fake's store, read under its lock, for the
// helpers through which tests inspect the service (names, secrets).
func Each[K comparable, V, T any](mu *sync.Mutex, store map[K]V, f func(K, V) T) []T {
	mu.Lock()
	defer mu.Unlock()
	out := make([]T, 0, len(store))
	for id, v := range store {
		out = append(out, f(id, v))
	}
	return out
}

// Sorted is Each, sorted.
func Sorted[K comparable, V any](mu *sync.Mutex, store map[K]V, f func(K, V) string) []string {
	out := Each(mu, store, f)
	slices.Sort(out)
	return out
}

// Index is f's name of every entry of a fake's store by the id ids gives,
// read under its lock.
func Index[K comparable, V any](mu *sync.Mutex, store map[K]V, ids func(K) string, f func(V) string) map[string]string {
	mu.Lock()
	defer mu.Unlock()
	out := make(map[string]string, len(store))
	for id, v := range store {
		out[ids(id)] = f(v)
	}
	return out
}
