# Adopt every key whose name starts with "legacy-" (Terraform 1.7 and
# later): the data source lists them, one import block adopts each, and a
# resource per key keeps its name and grants as the service has them.
data "objectstorage_access_keys" "legacy" {
  name_prefix = "legacy-"
}

locals {
  legacy = { for key in data.objectstorage_access_keys.legacy.keys : key.name => key }
}

import {
  for_each = local.legacy
  to       = objectstorage_access_key.legacy[each.key]
  id       = each.value.id
}

resource "objectstorage_access_key" "legacy" {
  for_each      = local.legacy
  name          = each.key
  bucket_access = each.value.bucket_access
}
