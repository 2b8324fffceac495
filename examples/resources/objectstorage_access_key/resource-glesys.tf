# A provider configured for GleSYS (GLESYS_USERID and GLESYS_TOKEN).
provider "objectstorage" {
  alias = "glesys"
  glesys {}
}

# On GleSYS a credential belongs to an instance and reaches every bucket of
# it: there is no bucket_access. A new name replaces the credential.
resource "objectstorage_access_key" "glesys_app" {
  provider    = objectstorage.glesys
  name        = "app"
  instance_id = "os-ab123"
}
