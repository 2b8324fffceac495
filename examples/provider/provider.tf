# MinIO: keys are service accounts of an admin user.
provider "objectstorage" {
  minio {
    endpoint = "127.0.0.1:9000"
    user     = "admin"
    password = var.minio_password
    ssl      = false
  }
}

variable "minio_password" {
  type      = string
  sensitive = true
}
