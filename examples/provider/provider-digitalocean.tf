# DigitalOcean: Spaces access keys through API v2. The token needs the
# spaces_key scopes: create_credentials, read, update and delete.
provider "objectstorage" {
  alias = "digitalocean"
  digitalocean {
    token = var.digitalocean_token # or DIGITALOCEAN_TOKEN, or DIGITALOCEAN_ACCESS_TOKEN
  }
}

variable "digitalocean_token" {
  type      = string
  sensitive = true
}
