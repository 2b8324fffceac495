# The caller brings the secret (MinIO, Terraform 1.11 or later): from an
# ephemeral variable here, or from an ephemeral resource. It never enters
# the plan or state; raise the version to give the key a new secret.
variable "reporting_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "objectstorage_access_key" "reporting" {
  name                  = "reporting"
  bucket_access         = [{ bucket = "reports", permission = "read_only" }]
  secret_key_wo         = var.reporting_secret
  secret_key_wo_version = 1
}
