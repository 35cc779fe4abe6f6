#!/usr/bin/env bash
# Fetches htmx's unmodified release file and its licence from the npm registry into the app's static
# folder, and checks the package against the registry's integrity hash. The app serves htmx itself:
# no CDN, so readers are not tracked by third parties and the app works offline.
set -euo pipefail
VERSION="${1:-2.0.11}"
cd "$(dirname "$0")/.."
dest=searchapp/web/static/vendor/htmx
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "htmx.org@$VERSION" > /dev/null)
tarball="$tmp/htmx.org-$VERSION.tgz"
expected=$(npm view "htmx.org@$VERSION" dist.integrity)
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
[ "$expected" = "$actual" ] || { echo "integrity mismatch for htmx.org@$VERSION" >&2; exit 1; }
tar xzf "$tarball" -C "$tmp"
mkdir -p "$dest"
cp "$tmp/package/dist/htmx.min.js" "$dest/htmx.min.js"
cp "$tmp/package/LICENSE" "$dest/LICENSE"
echo "$VERSION" > "$dest/VERSION"
echo "htmx $VERSION -> $dest"
