# Terraform 1.5 and later can import with a block in the configuration.
import {
  to = objectstorage_access_key.app
  id = "AKIAIOSFODNN7EXAMPLE"
}
