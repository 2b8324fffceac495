# Backblaze B2: application keys through the native API. The provider's own
# key needs listKeys, writeKeys, deleteKeys and listBuckets.
provider "objectstorage" {
  alias = "b2"
  b2 {
    application_key_id = var.b2_application_key_id
    application_key    = var.b2_application_key
  }
}

variable "b2_application_key_id" {
  type = string
}

variable "b2_application_key" {
  type      = string
  sensitive = true
}
