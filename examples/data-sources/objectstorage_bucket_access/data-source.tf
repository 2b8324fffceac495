# Who can reach the bucket, and how? Unrestricted keys count as read_write.
data "objectstorage_bucket_access" "audit" {
  bucket = "app-uploads"
}

output "writers" {
  value = [for grant in data.objectstorage_bucket_access.audit.grants : grant.name if grant.permission != "read_only"]
}
