package backendtest

import (
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/kit/httpapi"
)

// QuickRetries is the HTTP drivers' retry policy in tests: the same three
// retries, waits of milliseconds.
var QuickRetries = httpapi.Retries{MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 50 * time.Millisecond}
