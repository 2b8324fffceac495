package backend

import "context"

// UnconfirmedDeleter is a driver whose service may hold a key without
// every part of it knowing so yet, and whose plain delete can then miss
// it: a MinIO node deletes only the accounts it knows of and answers
// success for the others. It removes a key an unclear create may have
// made (UncertainCreateError.MayExist) so that no part of the service
// keeps it.
type UnconfirmedDeleter interface {
	DeleteUnconfirmed(ctx context.Context, id string) error
}

// DeleteUnconfirmed removes a key an unclear create may have made: with
// the driver's UnconfirmedDeleter where it has one, else as DeleteKey
// does. A key that is not there is not an error.
func (k *Keys) DeleteUnconfirmed(ctx context.Context, id string) error {
	if err := k.ValidateID(id); err != nil {
		return err
	}
	if d, ok := k.driver.(UnconfirmedDeleter); ok {
		return d.DeleteUnconfirmed(ctx, id)
	}
	return k.driver.DeleteKey(ctx, id)
}
