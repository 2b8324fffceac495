package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backend"
	"github.com/objectstorage-keys/terraform-provider-objectstorage/internal/backends"
)

// blockSchema is a backend's provider block, built from its settings.
func blockSchema(k backend.Kind) schema.Block {
	attributes := map[string]schema.Attribute{}
	for _, s := range k.Settings {
		description := settingDescription(s)
		if s.Bool {
			attributes[s.Name] = schema.BoolAttribute{Optional: true, Sensitive: s.Sensitive, MarkdownDescription: description}
		} else {
			attributes[s.Name] = schema.StringAttribute{Optional: true, Sensitive: s.Sensitive, MarkdownDescription: description}
		}
	}
	return schema.SingleNestedBlock{
		MarkdownDescription: k.Description + " On this backend, " + markdownNames.Replace(backends.ChangeSummary(k.Capabilities)),
		Attributes:          attributes,
	}
}

// settingDescription is the setting's own description, its default and its
// environment variable.
func settingDescription(s backend.Setting) string {
	description := s.Description
	if s.Default != "" {
		description += " Defaults to `" + s.Default + "`."
	}
	return description + " Environment variable " + s.EnvNames() + "."
}

// selectingEnv is the environment variable that selects a backend when no
// block is configured: its first setting's (selectedByEnv reads its other
// name too).
func selectingEnv(k backend.Kind) string { return k.Settings[0].Env }

// selectingEnvSet names the variable that selects the backend in this
// environment: its first setting's, or that setting's other name when only
// it is set.
func selectingEnvSet(k backend.Kind) string {
	if s := k.Settings[0]; os.Getenv(s.Env) == "" && s.AlsoEnv != "" {
		return s.AlsoEnv
	}
	return selectingEnv(k)
}

// selectedByEnv reports whether the environment selects the backend.
func selectedByEnv(k backend.Kind) bool { return k.Settings[0].FromEnv() != "" }

// configureBackend picks, among kinds, the one configured backend block,
// or the one backend whose variables the environment sets, and opens its
// driver.
func configureBackend(ctx context.Context, config tfsdk.Config, version string, kinds []backend.Kind) (backend.Kind, backend.Driver, diag.Diagnostics) {
	var diags diag.Diagnostics
	var chosen []backend.Kind
	blocks := map[string]types.Object{}
	for _, k := range kinds {
		var block types.Object
		diags.Append(config.GetAttribute(ctx, path.Root(k.Name), &block)...)
		blocks[k.Name] = block
		if !block.IsNull() {
			chosen = append(chosen, k)
		}
	}
	if diags.HasError() {
		return backend.Kind{}, nil, diags
	}
	if len(chosen) == 0 {
		for _, k := range kinds {
			if selectedByEnv(k) {
				chosen = append(chosen, k)
			}
		}
		if len(chosen) != 1 {
			diags.AddError("No Backend Configured", noBackendDetail(kinds, chosen))
			return backend.Kind{}, nil, diags
		}
	}
	if len(chosen) > 1 {
		// ValidateConfig reports this with the block names.
		return backend.Kind{}, nil, diags
	}
	settings := blockSettings{kind: chosen[0], block: blocks[chosen[0].Name], version: version, diags: &diags}
	if settings.unknown() {
		return backend.Kind{}, nil, diags
	}
	settings.requireAll()
	d := settings.kind.Open(settings)
	if diags.HasError() {
		return backend.Kind{}, nil, diags
	}
	return settings.kind, d, diags
}

func noBackendDetail(kinds, fromEnv []backend.Kind) string {
	var choices []string
	for _, k := range kinds {
		choices = append(choices, fmt.Sprintf("a %q block (or %s in the environment)", k.Name, selectingEnv(k)))
	}
	detail := "The provider needs exactly one backend: " + strings.Join(choices, ", ") + "."
	if len(fromEnv) > 1 {
		var names []string
		for _, k := range fromEnv {
			names = append(names, selectingEnvSet(k))
		}
		detail += " The environment sets " + strings.Join(names, " and ") + ", so it does not say which one: add the block of the one to use."
	}
	return detail
}

// blockSettings reads a backend block's settings for its Open: each from
// the block when set there, else from its environment variable, else its
// default. It reports problems as diagnostics on the setting.
type blockSettings struct {
	kind    backend.Kind
	block   types.Object
	version string
	diags   *diag.Diagnostics
}

var _ backend.Settings = blockSettings{}

func (s blockSettings) path(name string) path.Path { return path.Root(s.kind.Name).AtName(name) }

func (s blockSettings) setting(name string) backend.Setting {
	for _, setting := range s.kind.Settings {
		if setting.Name == name {
			return setting
		}
	}
	panic(fmt.Sprintf("the %s backend has no setting %q", s.kind.Name, name))
}

// unknown reports the settings whose value Terraform does not know yet
// (they depend on a resource not created yet). Such a setting is never
// replaced by its environment variable or its default: the provider would
// then plan against another service than the one meant.
func (s blockSettings) unknown() bool {
	found := false
	if s.block.IsUnknown() {
		s.diags.AddAttributeError(path.Root(s.kind.Name), "Unknown Provider Settings",
			fmt.Sprintf("The %s block is not known when Terraform plans. Give the provider's settings as literals, variables or "+
				"environment variables, or apply what they depend on first with terraform apply -target=...", s.kind.Name))
		return true
	}
	for name, value := range s.attributes() {
		if !value.IsUnknown() {
			continue
		}
		found = true
		s.diags.AddAttributeError(s.path(name), "Unknown Provider Setting",
			fmt.Sprintf("%s.%s depends on a value Terraform knows only after apply, such as another resource's attribute, but "+
				"the provider needs it to plan. Give it as a literal, a variable or the %s environment variable, or apply what it "+
				"depends on first with terraform apply -target=...", s.kind.Name, name, s.setting(name).Env))
	}
	return found
}

// requireAll reports every required setting given neither in the block
// nor in the environment.
func (s blockSettings) requireAll() {
	for _, setting := range s.kind.Settings {
		if setting.Need != "" && s.String(setting.Name) == "" {
			s.diags.AddAttributeError(s.path(setting.Name), "Missing "+s.kind.Title+" "+setting.Title,
				fmt.Sprintf("The backend needs %s: set %s.%s in the provider block or the %s environment variable.",
					setting.Need, s.kind.Name, setting.Name, setting.Env))
		}
	}
}

func (s blockSettings) attributes() map[string]attr.Value {
	if s.block.IsNull() || s.block.IsUnknown() {
		return nil
	}
	return s.block.Attributes()
}

func (s blockSettings) String(name string) string {
	if v, ok := s.attributes()[name].(basetypes.StringValue); ok && !v.IsNull() {
		return v.ValueString()
	}
	if v := s.setting(name).FromEnv(); v != "" {
		return v
	}
	return s.setting(name).Default
}

func (s blockSettings) Bool(name string) bool {
	if v, ok := s.attributes()[name].(basetypes.BoolValue); ok && !v.IsNull() {
		return v.ValueBool()
	}
	setting := s.setting(name)
	raw := setting.FromEnv()
	if raw == "" {
		raw = setting.Default
	}
	if raw == "" {
		return false
	}
	b, err := strconv.ParseBool(raw)
	if err != nil {
		s.diags.AddAttributeError(s.path(name), "Invalid Environment Variable",
			fmt.Sprintf("%s is %q; allowed values are true and false (or 1 and 0).", setting.Env, raw))
	}
	return b
}

func (s blockSettings) Default(name string) string { return s.setting(name).Default }

func (s blockSettings) ProviderVersion() string { return s.version }

func (s blockSettings) Error(name, summary, detail string) {
	s.diags.AddAttributeError(s.path(name), summary, detail)
}

func (s blockSettings) Warn(name, summary, detail string) {
	s.diags.AddAttributeWarning(s.path(name), summary, detail)
}

func quotedList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, " and ")
}
