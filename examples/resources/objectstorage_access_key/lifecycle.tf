# A contractor's key (MinIO): switched off between engagements without
# losing it, and refused by MinIO itself after the contract ends.
resource "objectstorage_access_key" "contractor" {
  name          = "contractor"
  bucket_access = [{ bucket = "handover", permission = "read_write" }]
  enabled       = false
  expires_at    = "2027-03-31T17:00:00Z"
}
