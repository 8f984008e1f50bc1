#!/usr/bin/env bash
# Builds the Debian package from this build tree and checks what it installs
# and what it depends on (dpkg-deb -c, dpkg-deb -f).
set -euo pipefail
build="$1"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
command -v dpkg-deb >/dev/null || { echo "SKIP: dpkg-deb missing"; exit 0; }
cpack --config "$build/CPackConfig.cmake" -B "$out" -G DEB >"$out/cpack.log" 2>&1 || { cat "$out/cpack.log"; exit 1; }
deb=$(ls "$out"/tagdesk_*.deb)
contents=$(dpkg-deb -c "$deb")
fail=0
for path in ./usr/bin/tagdesk ./etc/tagdesk/tagdesk.toml ./usr/lib/systemd/user/tagdesk-kiosk.service \
            ./etc/xdg/autostart/tagdesk-kiosk.desktop ./usr/share/tagdesk/tagdesk-session \
            ./usr/share/doc/tagdesk/tagdesk.toml ./usr/share/doc/tagdesk/README.md ./usr/share/doc/tagdesk/headless.md; do
  grep -q " $path\$" <<<"$contents" || { echo "missing from the package: $path"; fail=1; }
done
grep -q "\.ttf" <<<"$contents" && { echo "the package must not copy a font; it depends on fonts-noto-core"; fail=1; }
depends=$(dpkg-deb -f "$deb" Depends)
for dep in fonts-noto-core libsqlite3-0 libsodium23 libcups2; do
  grep -q "$dep" <<<"$depends" || { echo "Depends lacks $dep: $depends"; fail=1; }
done
[ "$(dpkg-deb -f "$deb" Package)" = tagdesk ] || { echo "wrong package name"; fail=1; }
grep -q "/etc/tagdesk/tagdesk.toml" < <(dpkg-deb -I "$deb" conffiles) || { echo "the settings file is not a conffile"; fail=1; }
[ $fail -eq 0 ] && echo "package ok: $(basename "$deb")"
exit $fail
