data "objectstorage_access_keys" "ci" {
  name_prefix = "ci-"
}

output "ci_key_names" {
  value = [for key in data.objectstorage_access_keys.ci.keys : key.name]
}
