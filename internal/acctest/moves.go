package acctest

import "testing"

// MoveStory is one source resource moved into objectstorage_access_key
// with a real terraform, as a backend's fixture declares it (Fixture.Moves):
// the peer stand-in stores the key's state as the source provider would,
// then a moved block takes it over, with no write request to the service
// and an empty plan after.
type MoveStory struct {
	// Source is the source resource type.
	Source string
	// Env configures the backend for the story's service.
	Env []string
	// Made makes the key on the service as the source provider makes it,
	// and returns its state and the two configurations.
	Made func(t *testing.T) MovedKey
	// Writes counts the write requests the service got since ResetWrites.
	Writes      func() int
	ResetWrites func()
	// AfterMove is the plan's action on the moved key: "no-op", or
	// "update" where the source never set what the configuration must.
	AfterMove string
	// Works, where set, checks with the service that the moved secret
	// works.
	Works func(t *testing.T, accessKey, secret string)
	// Cleanup, where set, removes a key the stand-in made for real once the
	// test is done.
	Cleanup func(t *testing.T, id string)
}

// MovedKey is a key made as its source provider makes it. Where the
// stand-in makes the key itself, with the source provider's own request,
// only the configurations are set: the id, secret and state come from the
// source's apply.
type MovedKey struct {
	ID, Secret string
	// SourceConfig is the source's resource block, named "key";
	// OurBlock the objectstorage_access_key block named "key".
	SourceConfig, OurBlock string
	// State is the source's state as its provider stores it.
	State map[string]any
}
