package minio

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/listcache"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/minio/adminapi"
)

// svcAcctsFile is where an IAM export lists every service account.
const svcAcctsFile = "iam-assets/svcaccts.json"

// exportedAccount is what a refresh needs of a service account in an IAM
// export. The export carries each account's secret too; this type has no
// field for it, so the secrets are never decoded, kept or logged.
type exportedAccount struct {
	Parent        string          `json:"parent"`
	Name          string          `json:"name"`
	Status        string          `json:"status"`
	Expiration    *time.Time      `json:"expiration"`
	SessionPolicy json.RawMessage `json:"sessionPolicy"`
}

// loadByExport reads every service account with one ExportIAM call, which
// MinIO answers without the per-call key derivation of other admin calls.
func (b *Backend) loadByExport(ctx context.Context) (map[string]backend.Key, error) {
	var raw []byte
	err := b.call(ctx, func(ctx context.Context) (err error) {
		raw, err = b.admin.ExportIAM(ctx, maxExportBytes)
		return err
	})
	if isAccessDenied(err) {
		tflog.Debug(ctx, "the MinIO admin user may not export IAM; reading service accounts one by one")
		return nil, fmt.Errorf("%w: %w", listcache.ErrPerItem, err)
	}
	if err != nil {
		return nil, err
	}
	accounts, err := parseExport(raw)
	if err != nil {
		return nil, err
	}
	keys := make(map[string]backend.Key, len(accounts))
	for accessKey, a := range accounts {
		key, err := keyFromInfo(accessKey, exportedInfo(a))
		if err != nil {
			return nil, err
		}
		keys[accessKey] = key
		b.noteOwner(accessKey, a.Parent)
	}
	tflog.Debug(ctx, "refreshed MinIO service accounts from one IAM export", map[string]any{"accounts": len(keys)})
	return keys, nil
}

// exportedInfo is an exported account as info-service-account describes
// it.
func exportedInfo(a exportedAccount) adminapi.ServiceAccount {
	return adminapi.ServiceAccount{
		ParentUser: a.Parent, Name: a.Name, AccountStatus: a.Status, Expiration: a.Expiration,
		ImpliedPolicy: InheritsParentPolicy(a.SessionPolicy), Policy: string(a.SessionPolicy),
	}
}

// maxExportBytes bounds the export read into memory.
const maxExportBytes = 256 << 20

func parseExport(raw []byte) (map[string]exportedAccount, error) {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, fmt.Errorf("open the IAM export: %w", err)
	}
	f, err := zr.Open(svcAcctsFile)
	if err != nil {
		return nil, fmt.Errorf("the IAM export has no %s: %w", svcAcctsFile, err)
	}
	defer f.Close()
	accounts := map[string]exportedAccount{}
	// The list is read through the same bound as the export: a small zip
	// may hold a far larger file.
	if err := json.NewDecoder(io.LimitReader(f, maxExportBytes)).Decode(&accounts); err != nil {
		return nil, fmt.Errorf("parse %s of the IAM export: %w", svcAcctsFile, err)
	}
	return accounts, nil
}
