#!/usr/bin/env bash
# Re-fetch the web page's third-party assets from the npm registry and vendor the built
# files (with their licenses) into marsad/web/static/vendor/. The page never loads
# anything from a CDN: these copies are what `marsad serve` sends.
#
#   bash marsad/web/vendor.sh          # needs npm and the registry; run it to upgrade
#
# Pinned versions: change them here, run the script, check the page, commit the result.
set -euo pipefail

LEAFLET=leaflet@1.9.4                  # BSD-2-Clause
TOPOJSON=topojson-client@3.1.0         # ISC
WORLD_ATLAS=world-atlas@2.0.2          # ISC (data: Natural Earth, public domain)
SWAGGER=swagger-ui-dist@5.35.0         # Apache-2.0 (the API's /docs page)

here="$(cd "$(dirname "$0")" && pwd)"
dest="$here/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch() {  # fetch PKG@VERSION -> $work/NAME/package
    local spec="$1" name="${1%@*}"
    mkdir -p "$work/$name"
    (cd "$work/$name" && npm pack --silent "$spec" >/dev/null && tar xzf ./*.tgz)
}

fetch "$LEAFLET"
fetch "$TOPOJSON"
fetch "$WORLD_ATLAS"
fetch "$SWAGGER"

rm -rf "$dest/leaflet" "$dest/topojson-client" "$dest/world-atlas" "$dest/swagger-ui"
mkdir -p "$dest/leaflet/images" "$dest/topojson-client" "$dest/world-atlas" "$dest/swagger-ui"

cp "$work/leaflet/package/dist/leaflet.js" "$work/leaflet/package/dist/leaflet.css" "$dest/leaflet/"
cp "$work/leaflet/package/dist/images/"*.png "$dest/leaflet/images/"
cp "$work/leaflet/package/LICENSE" "$dest/leaflet/LICENSE"

cp "$work/topojson-client/package/dist/topojson-client.min.js" "$dest/topojson-client/"
cp "$work/topojson-client/package/LICENSE" "$dest/topojson-client/LICENSE"

cp "$work/world-atlas/package/countries-110m.json" "$dest/world-atlas/"
cp "$work/world-atlas/package/LICENSE" "$dest/world-atlas/LICENSE"

cp "$work/swagger-ui-dist/package/swagger-ui-bundle.js" "$work/swagger-ui-dist/package/swagger-ui.css" \
   "$work/swagger-ui-dist/package/favicon-32x32.png" "$dest/swagger-ui/"
cp "$work/swagger-ui-dist/package/LICENSE" "$dest/swagger-ui/LICENSE"
[ -f "$work/swagger-ui-dist/package/NOTICE" ] && cp "$work/swagger-ui-dist/package/NOTICE" "$dest/swagger-ui/NOTICE"

version() { node -p "require('$work/$1/package/package.json').version"; }
license() { node -p "require('$work/$1/package/package.json').license"; }

cat > "$dest/SOURCES.md" <<MD
# Vendored web assets

Fetched from the npm registry by \`marsad/web/vendor.sh\` (do not edit these files by hand;
re-run the script). Each folder keeps the package's own LICENSE file.

| package | version | license | files |
| --- | --- | --- | --- |
| leaflet | $(version leaflet) | $(license leaflet) | leaflet/leaflet.js, leaflet/leaflet.css, leaflet/images/*.png |
| topojson-client | $(version topojson-client) | $(license topojson-client) | topojson-client/topojson-client.min.js |
| swagger-ui-dist | $(version swagger-ui-dist) | $(license swagger-ui-dist) | swagger-ui/swagger-ui-bundle.js, swagger-ui/swagger-ui.css, swagger-ui/favicon-32x32.png (the API's /docs page) |
| world-atlas | $(version world-atlas) | $(license world-atlas) | world-atlas/countries-110m.json (Natural Earth 1:110m country outlines; Natural Earth data is in the public domain) |
MD

echo "vendored into $dest:"
(cd "$dest" && find . -type f | sort)
