# A key that reads one bucket and writes another.
resource "objectstorage_access_key" "app" {
  name = "app"
  bucket_access = [
    { bucket = "app-assets", permission = "read_only" },
    { bucket = "app-uploads", permission = "read_write" },
  ]
}

# A key that reaches no bucket until objectstorage_bucket_access resources
# grant it some (MinIO).
resource "objectstorage_access_key" "ci" {
  name    = "ci"
  limited = true
}

# An unrestricted key: the service's default access.
resource "objectstorage_access_key" "admin_tool" {
  name = "admin-tool"
}

output "app_secret_key" {
  value     = objectstorage_access_key.app.secret_key
  sensitive = true
}
