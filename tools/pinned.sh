# Sourced by the install scripts: a tool pinned at a version is built once
# into .bin/ (git-ignored) and reused while .bin/NAME.version says that
# version.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin_dir="${root}/.bin"

# pinned_is_built NAME VERSION: whether .bin/NAME is there at VERSION.
pinned_is_built() {
  [[ -x "${bin_dir}/$1" && -f "${bin_dir}/$1.version" && "$(cat "${bin_dir}/$1.version")" == "$2" ]]
}

# pinned_mark_built NAME VERSION: record that .bin/NAME is at VERSION.
pinned_mark_built() {
  echo "$2" > "${bin_dir}/$1.version"
}
