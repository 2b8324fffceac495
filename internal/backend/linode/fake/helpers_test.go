package fake_test

import (
	"io"
	"strconv"
	"strings"
)

func itoa(i int) string                { return strconv.Itoa(i) }
func stringsReader(s string) io.Reader { return strings.NewReader(s) }
