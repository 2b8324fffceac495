package cloudflare

import (
	"context"
	"fmt"
	"net/http"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// ensureShape looks the R2 permission groups' ids up by name, once per
// run: ids are the account's, never written into the code. A group the
// account lacks is an error that names it.
func (b *Backend) ensureShape(ctx context.Context) error {
	b.shapeMu.Lock()
	defer b.shapeMu.Unlock()
	if b.shape != nil {
		return nil
	}
	var groups []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	if err := b.keys.Call(ctx, "list the permission groups", httpapi.Request{Method: http.MethodGet, Path: "/tokens/permission_groups"}, &groups); err != nil {
		return err
	}
	s := &shape{account: b.cfg.AccountID, jurisdiction: b.cfg.Jurisdiction, ids: map[string]string{}, names: map[string]string{}}
	for _, g := range groups {
		s.ids[g.Name], s.names[g.ID] = g.ID, g.Name
	}
	for _, name := range []string{groupItemRead, groupItemWrite, groupStorageRead, groupStorageWrite} {
		if s.ids[name] == "" {
			return fmt.Errorf("the account %s has no permission group %q, which R2 keys are made of: check cloudflare.account_id "+
				"(CLOUDFLARE_ACCOUNT_ID), and that R2 is enabled on the account", b.cfg.AccountID, name)
		}
	}
	b.shape = s
	return nil
}
