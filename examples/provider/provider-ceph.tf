# Ceph's RADOS Gateway: each key is an RGW user of its own under the
# prefix "objectstorage-", with one S3 key and one inline user policy. The
# user of access_key needs the admin caps users=*, user-policy=* and
# metadata=read.
provider "objectstorage" {
  alias = "ceph"
  ceph {
    endpoint   = "https://rgw.example.com"
    access_key = var.rgw_admin_access_key
    secret_key = var.rgw_admin_secret_key
  }
}

variable "rgw_admin_access_key" {
  type = string
}

variable "rgw_admin_secret_key" {
  type      = string
  sensitive = true
}
