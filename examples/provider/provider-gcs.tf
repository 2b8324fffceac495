# Google Cloud Storage: each key is an HMAC key of a service account the
# provider makes for it, bound on each granted bucket's IAM policy; the
# provider's identity needs Service Account Admin, HMAC Key Admin and the
# bucket IAM permissions of the least-privilege guide.
provider "objectstorage" {
  alias = "gcs"
  gcs {
    project = var.gcs_project
    # credentials: a key file's JSON or path, or GOOGLE_APPLICATION_CREDENTIALS;
    # without it, application default credentials.
  }
}

variable "gcs_project" {
  type = string
}
