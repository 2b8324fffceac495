package fake

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

// The IAM API's XML, as AWS documents each action's result.

const namespace = "https://iam.amazonaws.com/doc/2010-05-08/"

type userXML struct {
	Path       string   `xml:"Path"`
	UserName   string   `xml:"UserName"`
	UserID     string   `xml:"UserId"`
	Arn        string   `xml:"Arn"`
	CreateDate string   `xml:"CreateDate"`
	Tags       []tagXML `xml:"Tags>member,omitempty"`
}

type tagXML struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

type accessKeyXML struct {
	UserName        string `xml:"UserName"`
	AccessKeyID     string `xml:"AccessKeyId"`
	Status          string `xml:"Status"`
	SecretAccessKey string `xml:"SecretAccessKey,omitempty"`
	CreateDate      string `xml:"CreateDate"`
}

type attachedXML struct {
	PolicyName string `xml:"PolicyName"`
	PolicyArn  string `xml:"PolicyArn"`
}

type groupXML struct {
	GroupName string `xml:"GroupName"`
}

type inlineXML struct {
	PolicyName     string `xml:"PolicyName"`
	PolicyDocument string `xml:"PolicyDocument"`
}

type userDetailXML struct {
	Path                    string        `xml:"Path"`
	UserName                string        `xml:"UserName"`
	UserID                  string        `xml:"UserId"`
	Arn                     string        `xml:"Arn"`
	CreateDate              string        `xml:"CreateDate"`
	UserPolicyList          []inlineXML   `xml:"UserPolicyList>member"`
	GroupList               []string      `xml:"GroupList>member"`
	AttachedManagedPolicies []attachedXML `xml:"AttachedManagedPolicies>member"`
	Tags                    []tagXML      `xml:"Tags>member,omitempty"`
}

type list struct {
	IsTruncated bool   `xml:"IsTruncated"`
	Marker      string `xml:"Marker,omitempty"`
}

func (u *User) xml() userXML {
	return userXML{Path: u.Path, UserName: u.Name, UserID: u.ID, Arn: u.arn(), CreateDate: date(u.Created), Tags: tagList(u.Tags)}
}

func (u *User) arn() string { return "arn:aws:iam::123456789012:user" + u.Path + u.Name }

func tagList(tags map[string]string) []tagXML {
	var out []tagXML
	for k, v := range tags {
		out = append(out, tagXML{k, v})
	}
	return out
}

func date(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// writeResult writes the answer: ActionResponse, holding ActionResult and
// the ResponseMetadata.
func writeResult(w http.ResponseWriter, action string, result any) {
	var body bytes.Buffer
	enc := xml.NewEncoder(&body)
	if err := enc.EncodeElement(result, xml.StartElement{Name: xml.Name{Local: action + "Result"}}); err != nil {
		writeError(w, http.StatusInternalServerError, "Receiver", "ServiceFailure", err.Error())
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<%[1]sResponse xmlns="%[2]s">%[3]s<ResponseMetadata><RequestId>%[4]s</RequestId></ResponseMetadata></%[1]sResponse>`,
		action, namespace, body.String(), requestID())
}

// writeError writes the IAM API's ErrorResponse.
func writeError(w http.ResponseWriter, status int, typ, code, message string) {
	var escaped strings.Builder
	_ = xml.EscapeText(&escaped, []byte(message))
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<ErrorResponse xmlns="%s"><Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>`,
		namespace, typ, code, escaped.String(), requestID())
}

func requestID() string { return strings.ToLower(fakeapi.RandomString(32, "0123456789ABCDEF")) }

// rfc3986 percent-encodes everything but the unreserved characters, as
// AWS encodes a policy document in its answers.
func rfc3986(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
