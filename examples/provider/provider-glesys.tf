# GleSYS: credentials of object-storage instances. The API key needs the
# objectstorage functions and an IP allow-list that includes this machine.
provider "objectstorage" {
  alias = "glesys"
  glesys {
    project = "CL12345"        # or GLESYS_USERID
    token   = var.glesys_token # or GLESYS_TOKEN
  }
}

variable "glesys_token" {
  type      = string
  sensitive = true
}
