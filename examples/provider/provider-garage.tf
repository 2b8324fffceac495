# Garage's admin API (v2): each key is a Garage key whose id carries the
# provider's mark; grants are its read and write flags on each bucket.
provider "objectstorage" {
  alias = "garage"
  garage {
    endpoint    = "http://garage.example.com:3903"
    admin_token = var.garage_admin_token
  }
}

variable "garage_admin_token" {
  type      = string
  sensitive = true
}
