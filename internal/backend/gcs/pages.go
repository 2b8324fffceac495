package gcs

import "fmt"

// maxPages bounds one listing.
const maxPages = 1000

// eachPage reads a paged list: page reads the page of a token ("" for the
// first) and returns the next token, "" after the last. A token answered
// twice ends the list with an error, as do more than maxPages pages: an
// answer that never ends must not make a read that never ends.
func eachPage(what string, page func(token string) (next string, err error)) error {
	seen := map[string]bool{}
	token := ""
	for range maxPages {
		next, err := page(token)
		switch {
		case err != nil:
			return err
		case next == "":
			return nil
		case seen[next]:
			return fmt.Errorf("%s: Google Cloud answered the page token %q twice", what, next)
		}
		seen[next], token = true, next
	}
	return fmt.Errorf("%s: more than %d pages", what, maxPages)
}
