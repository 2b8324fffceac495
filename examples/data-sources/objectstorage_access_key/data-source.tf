data "objectstorage_access_key" "by_name" {
  name = "app"
}

data "objectstorage_access_key" "by_id" {
  id = "AKIAIOSFODNN7EXAMPLE"
}

output "app_buckets" {
  value = data.objectstorage_access_key.by_name.bucket_access
}
