# Cloudflare R2: each key is an account-owned API token named
# "objectstorage: NAME"; the provider's token needs Account API Tokens
# Write.
provider "objectstorage" {
  alias = "cloudflare"
  cloudflare {
    api_token  = var.cloudflare_api_token
    account_id = var.cloudflare_account_id
  }
}

variable "cloudflare_api_token" {
  type      = string
  sensitive = true
}

variable "cloudflare_account_id" {
  type = string
}
