# GleSYS: INSTANCE_ID/CREDENTIAL_ID. GleSYS shows the secret again, so the import recovers it.
terraform import objectstorage_access_key.glesys_app os-ab123/376af022-c81e-4a02-9f28-0dce6ba24387
