# MinIO: the access key. Linode: the numeric key id. GleSYS: INSTANCE_ID/CREDENTIAL_ID.
# MinIO and Linode never show a secret again, so secret_key stays null after import.
terraform import objectstorage_access_key.app AKIAIOSFODNN7EXAMPLE
