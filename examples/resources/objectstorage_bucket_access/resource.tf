resource "objectstorage_access_key" "ci" {
  name    = "ci"
  limited = true
}

# Each grant is its own resource, so modules can grant the same key
# buckets independently. They apply concurrently without losing each other.
resource "objectstorage_bucket_access" "ci_artifacts" {
  key_id     = objectstorage_access_key.ci.id
  bucket     = "ci-artifacts"
  permission = "read_write"
}

resource "objectstorage_bucket_access" "ci_cache" {
  key_id     = objectstorage_access_key.ci.id
  bucket     = "ci-cache"
  permission = "read_only"
}
