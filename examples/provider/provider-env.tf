# With no backend block, the backend is taken from the environment when
# exactly one backend's variables are set, for example:
#   export MINIO_ENDPOINT=127.0.0.1:9000 MINIO_USER=admin MINIO_PASSWORD=...
provider "objectstorage" {
  alias = "from_env"
}
