# Replaced every 90 days, and at every release; the new key exists before
# the old one is revoked.
variable "release" {
  type    = string
  default = "v1.4.0"
}

resource "objectstorage_access_key" "uploader" {
  name          = "uploader"
  bucket_access = [{ bucket = "app-uploads", permission = "read_write" }]

  rotation_days     = 90
  rotation_triggers = { release = var.release }

  lifecycle {
    create_before_destroy = true
  }
}
