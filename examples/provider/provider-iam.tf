# The AWS IAM API: on AWS, credentials from the AWS SDK's default chain
# (environment, shared files, instance roles); each key is an IAM user
# under /objectstorage/.
provider "objectstorage" {
  alias = "aws"
  iam {}
}

# SeaweedFS (or another service that speaks the IAM API) at its endpoint.
provider "objectstorage" {
  alias = "seaweedfs"
  iam {
    endpoint   = "http://127.0.0.1:8333"
    access_key = var.seaweedfs_access_key
    secret_key = var.seaweedfs_secret_key
    service    = "seaweedfs"
  }
}

variable "seaweedfs_access_key" {
  type = string
}

variable "seaweedfs_secret_key" {
  type      = string
  sensitive = true
}
