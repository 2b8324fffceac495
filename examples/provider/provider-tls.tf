# MinIO over HTTPS, with a certificate a private CA signed.
provider "objectstorage" {
  alias = "tls"
  minio {
    endpoint = "minio.internal.example:9000"
    user     = "admin"
    password = var.minio_password
    ssl      = true
    ca_file  = "${path.module}/internal-ca.pem"
  }
}
