# KEY_ID/BUCKET
terraform import objectstorage_bucket_access.ci_cache AKIAIOSFODNN7EXAMPLE/ci-cache
