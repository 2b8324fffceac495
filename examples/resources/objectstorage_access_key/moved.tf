# A key the Linode provider made, taken over with its id and secret: the
# resource linode_object_storage_key.reports is removed from the
# configuration and this one written in its place.
resource "objectstorage_access_key" "reports" {
  name          = "reports-reader"
  bucket_access = [{ bucket = "reports", region = "us-mia", permission = "read_only" }]
}

moved {
  from = linode_object_storage_key.reports
  to   = objectstorage_access_key.reports
}
