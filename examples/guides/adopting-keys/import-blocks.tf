# Writes an import block per key whose name starts with "legacy-", for
# terraform plan -generate-config-out to write a resource block for each:
#   terraform apply
#   terraform output -raw import_blocks > imports.tf
#   terraform plan -generate-config-out=generated.tf
data "objectstorage_access_keys" "to_adopt" {
  name_prefix = "legacy-"
}

output "import_blocks" {
  value = join("\n", [for key in data.objectstorage_access_keys.to_adopt.keys : <<-EOT
    import {
      to = objectstorage_access_key.${replace(key.name, "/[^a-zA-Z0-9_]/", "_")}
      id = "${key.id}"
    }
  EOT
  ])
}
