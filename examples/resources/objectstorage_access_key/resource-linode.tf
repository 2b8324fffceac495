# A provider configured for Linode (the token from LINODE_TOKEN).
provider "objectstorage" {
  alias = "linode"
  linode {}
}

# On Linode every grant names its bucket's region, and regions (if set)
# must include each of them. Changing bucket_access replaces the key (a new
# access key and secret); changing name or regions updates it in place.
resource "objectstorage_access_key" "linode_app" {
  provider = objectstorage.linode
  name     = "app-reader"
  regions  = ["nl-ams", "us-iad"]
  bucket_access = [
    { bucket = "app-assets", permission = "read_only", region = "nl-ams" },
  ]
}
