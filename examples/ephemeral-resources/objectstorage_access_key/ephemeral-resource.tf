# A key for one CI job: made when the run starts, handed to the upload
# step, revoked when the run ends; in neither plan nor state. On MinIO it
# also expires after ttl, should the run be killed.
ephemeral "objectstorage_access_key" "ci_job" {
  name          = "ci-job"
  bucket_access = [{ bucket = "build-cache", permission = "read_write" }]
  ttl           = "30m"
}

resource "terraform_data" "upload" {
  provisioner "local-exec" {
    command = "aws s3 sync ./dist s3://build-cache/ --endpoint-url https://minio.example.com"
    environment = {
      AWS_ACCESS_KEY_ID     = ephemeral.objectstorage_access_key.ci_job.access_key
      AWS_SECRET_ACCESS_KEY = ephemeral.objectstorage_access_key.ci_job.secret_key
    }
  }
}
