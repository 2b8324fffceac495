package fake

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend/testkit/fakeapi"
)

type handler func(s *Server, form url.Values) (any, *apiError)

type empty struct{}

var handlers = map[string]handler{
	"CreateUser":                     createUser,
	"GetUser":                        getUser,
	"ListUsers":                      listUsers,
	"UpdateUser":                     updateUser,
	"DeleteUser":                     deleteUser,
	"TagUser":                        tagUser,
	"ListUserTags":                   listUserTags,
	"CreateAccessKey":                createAccessKey,
	"ListAccessKeys":                 listAccessKeys,
	"UpdateAccessKey":                updateAccessKey,
	"DeleteAccessKey":                deleteAccessKey,
	"PutUserPolicy":                  putUserPolicy,
	"GetUserPolicy":                  getUserPolicy,
	"ListUserPolicies":               listUserPolicies,
	"DeleteUserPolicy":               deleteUserPolicy,
	"ListAttachedUserPolicies":       listAttachedUserPolicies,
	"DetachUserPolicy":               detachUserPolicy,
	"ListGroupsForUser":              listGroupsForUser,
	"RemoveUserFromGroup":            removeUserFromGroup,
	"GetAccountAuthorizationDetails": getAccountAuthorizationDetails,
}

func createUser(s *Server, form url.Values) (any, *apiError) {
	name, err := required(form, "UserName")
	if err != nil {
		return nil, err
	}
	if _, ok := s.users[name]; ok {
		return nil, &apiError{http.StatusConflict, "EntityAlreadyExists", "User with name " + name + " already exists."}
	}
	path := form.Get("Path")
	if path == "" {
		path = "/"
	}
	if !strings.HasPrefix(path, "/") || !strings.HasSuffix(path, "/") {
		return nil, invalid("The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.")
	}
	now := s.clock()
	u := &User{Name: name, Path: path, ID: "AIDA" + fakeapi.RandomString(17, upperDigits), Created: now, Visible: now.Add(s.Lag),
		Tags: tagsOf(form), Policies: map[string]string{}}
	s.users[name] = u
	return struct {
		User userXML `xml:"User"`
	}{u.xml()}, nil
}

func userNamed(s *Server, form url.Values) (*User, *apiError) {
	name, err := required(form, "UserName")
	if err != nil {
		return nil, err
	}
	return s.user(name)
}

func getUser(s *Server, form url.Values) (any, *apiError) {
	u, err := userNamed(s, form)
	if err != nil {
		return nil, err
	}
	return struct {
		User userXML `xml:"User"`
	}{u.xml()}, nil
}

func listUsers(s *Server, form url.Values) (any, *apiError) {
	prefix := form.Get("PathPrefix")
	if prefix == "" {
		prefix = "/"
	}
	var names []string
	for name, u := range s.users {
		if strings.HasPrefix(u.Path, prefix) && !s.clock().Before(u.Visible) {
			names = append(names, name)
		}
	}
	names, truncated, marker, err := page(names, form)
	if err != nil {
		return nil, err
	}
	out := struct {
		Users []userXML `xml:"Users>member"`
		list
	}{list: list{truncated, marker}}
	for _, name := range names {
		u := s.users[name].xml()
		u.Tags = nil // ListUsers answers no tags
		out.Users = append(out.Users, u)
	}
	return out, nil
}

func updateUser(s *Server, form url.Values) (any, *apiError) {
	u, err := userNamed(s, form)
	if err != nil {
		return nil, err
	}
	if newName := form.Get("NewUserName"); newName != "" && newName != u.Name {
		if _, taken := s.users[newName]; taken {
			return nil, &apiError{http.StatusConflict, "EntityAlreadyExists", "User with name " + newName + " already exists."}
		}
		delete(s.users, u.Name)
		u.Name, u.Visible = newName, s.clock().Add(s.Lag)
		s.users[newName] = u
	}
	if newPath := form.Get("NewPath"); newPath != "" {
		u.Path = newPath
	}
	return empty{}, nil
}

func deleteUser(s *Server, form url.Values) (any, *apiError) {
	u, err := userNamed(s, form)
	if err != nil {
		return nil, err
	}
	if len(u.Keys) > 0 || len(u.Policies) > 0 || len(u.Attached) > 0 || len(u.Groups) > 0 {
		return nil, &apiError{http.StatusConflict, "DeleteConflict", "Cannot delete entity, must delete access keys, policies and groups first."}
	}
	delete(s.users, u.Name)
	return empty{}, nil
}

func tagUser(s *Server, form url.Values) (any, *apiError) {
	u, err := userNamed(s, form)
	if err != nil {
		return nil, err
	}
	if u.Tags == nil {
		u.Tags = map[string]string{}
	}
	maps.Copy(u.Tags, tagsOf(form))
	if len(u.Tags) > 50 {
		return nil, &apiError{http.StatusConflict, "LimitExceeded", "a user has at most 50 tags"}
	}
	return empty{}, nil
}

func listUserTags(s *Server, form url.Values) (any, *apiError) {
	u, err := userNamed(s, form)
	if err != nil {
		return nil, err
	}
	return struct {
		Tags []tagXML `xml:"Tags>member"`
		list
	}{Tags: tagList(u.Tags)}, nil
}

func createAccessKey(s *Server, form url.Values) (any, *apiError) {
	u, err := userNamed(s, form)
	if err != nil {
		return nil, err
	}
	if len(u.Keys) >= maxKeysPerUser {
		return nil, &apiError{http.StatusConflict, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2"}
	}
	k := &AccessKey{ID: "AKIA" + fakeapi.RandomString(16, upperDigits), Secret: fakeapi.RandomString(40, upperDigits+"abcdefghijklmnopqrstuvwxyz+/"),
		Status: "Active", Created: s.clock()}
	u.Keys = append(u.Keys, k)
	return struct {
		AccessKey accessKeyXML `xml:"AccessKey"`
	}{accessKeyXML{UserName: u.Name, AccessKeyID: k.ID, Status: k.Status, SecretAccessKey: k.Secret, CreateDate: date(k.Created)}}, nil
}

func listAccessKeys(s *Server, form url.Values) (any, *apiError) {
	u, err := userNamed(s, form)
	if err != nil {
		return nil, err
	}
	out := struct {
		AccessKeyMetadata []accessKeyXML `xml:"AccessKeyMetadata>member"`
		list
	}{}
	for _, k := range u.Keys {
		out.AccessKeyMetadata = append(out.AccessKeyMetadata, accessKeyXML{UserName: u.Name, AccessKeyID: k.ID, Status: k.Status, CreateDate: date(k.Created)})
	}
	return out, nil
}

func keyOf(s *Server, form url.Values) (*User, int, *apiError) {
	u, err := userNamed(s, form)
	if err != nil {
		return nil, 0, err
	}
	id, err := required(form, "AccessKeyId")
	if err != nil {
		return nil, 0, err
	}
	i := slices.IndexFunc(u.Keys, func(k *AccessKey) bool { return k.ID == id })
	if i < 0 {
		return nil, 0, noSuchEntity("The Access Key with id " + id)
	}
	return u, i, nil
}

func updateAccessKey(s *Server, form url.Values) (any, *apiError) {
	u, i, err := keyOf(s, form)
	if err != nil {
		return nil, err
	}
	status := form.Get("Status")
	if status != "Active" && status != "Inactive" {
		return nil, invalid("Status must be Active or Inactive")
	}
	u.Keys[i].Status = status
	return empty{}, nil
}

func deleteAccessKey(s *Server, form url.Values) (any, *apiError) {
	u, i, err := keyOf(s, form)
	if err != nil {
		return nil, err
	}
	u.Keys = slices.Delete(u.Keys, i, i+1)
	return empty{}, nil
}

func putUserPolicy(s *Server, form url.Values) (any, *apiError) {
	u, err := userNamed(s, form)
	if err != nil {
		return nil, err
	}
	name, err := required(form, "PolicyName")
	if err != nil {
		return nil, err
	}
	doc, err := required(form, "PolicyDocument")
	if err != nil {
		return nil, err
	}
	var parsed struct {
		Version   string
		Statement json.RawMessage
	}
	if json.Unmarshal([]byte(doc), &parsed) != nil || parsed.Version == "" || len(parsed.Statement) == 0 {
		return nil, &apiError{http.StatusBadRequest, "MalformedPolicyDocument", "Syntax errors in policy."}
	}
	if len(doc) > 2048 {
		return nil, &apiError{http.StatusConflict, "LimitExceeded", "Maximum policy size of 2048 bytes exceeded for user " + u.Name}
	}
	u.Policies[name] = doc
	return empty{}, nil
}

func getUserPolicy(s *Server, form url.Values) (any, *apiError) {
	u, err := userNamed(s, form)
	if err != nil {
		return nil, err
	}
	name := form.Get("PolicyName")
	doc, ok := u.Policies[name]
	if !ok {
		return nil, noSuchEntity("The user policy with name " + name)
	}
	return struct {
		UserName       string `xml:"UserName"`
		PolicyName     string `xml:"PolicyName"`
		PolicyDocument string `xml:"PolicyDocument"`
	}{u.Name, name, rfc3986(doc)}, nil
}

func listUserPolicies(s *Server, form url.Values) (any, *apiError) {
	u, err := userNamed(s, form)
	if err != nil {
		return nil, err
	}
	return struct {
		PolicyNames []string `xml:"PolicyNames>member"`
		list
	}{PolicyNames: slices.Sorted(maps.Keys(u.Policies))}, nil
}

func deleteUserPolicy(s *Server, form url.Values) (any, *apiError) {
	u, err := userNamed(s, form)
	if err != nil {
		return nil, err
	}
	name := form.Get("PolicyName")
	if _, ok := u.Policies[name]; !ok {
		return nil, noSuchEntity("The user policy with name " + name)
	}
	delete(u.Policies, name)
	return empty{}, nil
}

func listAttachedUserPolicies(s *Server, form url.Values) (any, *apiError) {
	u, err := userNamed(s, form)
	if err != nil {
		return nil, err
	}
	out := struct {
		AttachedPolicies []attachedXML `xml:"AttachedPolicies>member"`
		list
	}{}
	for _, arn := range u.Attached {
		out.AttachedPolicies = append(out.AttachedPolicies, attachedXML{arn[strings.LastIndex(arn, "/")+1:], arn})
	}
	return out, nil
}

func detachUserPolicy(s *Server, form url.Values) (any, *apiError) {
	u, err := userNamed(s, form)
	if err != nil {
		return nil, err
	}
	arn := form.Get("PolicyArn")
	i := slices.Index(u.Attached, arn)
	if i < 0 {
		return nil, noSuchEntity("Policy " + arn + " is not attached to user " + u.Name)
	}
	u.Attached = slices.Delete(u.Attached, i, i+1)
	return empty{}, nil
}

func listGroupsForUser(s *Server, form url.Values) (any, *apiError) {
	u, err := userNamed(s, form)
	if err != nil {
		return nil, err
	}
	out := struct {
		Groups []groupXML `xml:"Groups>member"`
		list
	}{}
	for _, g := range u.Groups {
		out.Groups = append(out.Groups, groupXML{g})
	}
	return out, nil
}

func removeUserFromGroup(s *Server, form url.Values) (any, *apiError) {
	u, err := userNamed(s, form)
	if err != nil {
		return nil, err
	}
	i := slices.Index(u.Groups, form.Get("GroupName"))
	if i < 0 {
		return nil, noSuchEntity("The group with name " + form.Get("GroupName"))
	}
	u.Groups = slices.Delete(u.Groups, i, i+1)
	return empty{}, nil
}

// getAccountAuthorizationDetails answers the users (Filter User) with
// their tags, inline policies (URL-encoded), managed policies and groups,
// paginated by name.
func getAccountAuthorizationDetails(s *Server, form url.Values) (any, *apiError) {
	filter := members(form, "Filter")
	var names []string
	if len(filter) == 0 || slices.Contains(filter, "User") {
		for name, u := range s.users {
			if !s.clock().Before(u.Visible) {
				names = append(names, name)
			}
		}
	}
	names, truncated, marker, err := page(names, form)
	if err != nil {
		return nil, err
	}
	out := struct {
		UserDetailList []userDetailXML `xml:"UserDetailList>member"`
		list
	}{list: list{truncated, marker}}
	for _, name := range names {
		u := s.users[name]
		d := userDetailXML{Path: u.Path, UserName: u.Name, UserID: u.ID, Arn: u.arn(), CreateDate: date(u.Created), GroupList: u.Groups, Tags: tagList(u.Tags)}
		for _, p := range slices.Sorted(maps.Keys(u.Policies)) {
			d.UserPolicyList = append(d.UserPolicyList, inlineXML{p, rfc3986(u.Policies[p])})
		}
		for _, arn := range u.Attached {
			d.AttachedManagedPolicies = append(d.AttachedManagedPolicies, attachedXML{arn[strings.LastIndex(arn, "/")+1:], arn})
		}
		out.UserDetailList = append(out.UserDetailList, d)
	}
	return out, nil
}
