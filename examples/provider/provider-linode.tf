# Linode: Object Storage keys through API v4. The token needs the
# object_storage:read_write scope.
provider "objectstorage" {
  alias = "linode"
  linode {
    token = var.linode_token # or LINODE_TOKEN
  }
}

variable "linode_token" {
  type      = string
  sensitive = true
}
