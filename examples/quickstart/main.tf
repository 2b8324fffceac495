# Quickstart: three keys for one application bucket, each with a different
# reach. `make demo` applies this against a local MinIO server and shows,
# with real S3 calls, what each key can and cannot do.

terraform {
  required_providers {
    objectstorage = {
      source = "objectstorage-keys/objectstorage"
    }
  }
}

# The MinIO server comes from the environment: MINIO_ENDPOINT, MINIO_USER and
# MINIO_PASSWORD (make demo sets them for its local server).
provider "objectstorage" {}

# Reads and lists app-data; cannot write it, nor reach any other bucket.
resource "objectstorage_access_key" "reader" {
  name          = "app-reader"
  bucket_access = [{ bucket = "app-data", permission = "read_only" }]
}

# Reads and writes app-data; nothing else.
resource "objectstorage_access_key" "writer" {
  name          = "app-writer"
  bucket_access = [{ bucket = "app-data", permission = "read_write" }]
}

# A limited key with no bucket: it may list bucket names and nothing more.
resource "objectstorage_access_key" "no_bucket" {
  name          = "no-bucket"
  bucket_access = []
}

output "keys" {
  description = "Each key's credentials by name."
  sensitive   = true
  value = {
    for key in [objectstorage_access_key.reader, objectstorage_access_key.writer, objectstorage_access_key.no_bucket] :
    key.name => { access_key = key.access_key, secret_key = key.secret_key }
  }
}
