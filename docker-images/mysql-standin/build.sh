#!/usr/bin/env bash
# Builds the stand-in MySQL image from Debian packages (no image registry needed): a minimal bookworm root
# filesystem with mariadb-server (debootstrap), plus docker-entrypoint.sh, imported as one layer.
#   docker-images/mysql-standin/build.sh [IMAGE]      (needs root, debootstrap, a reachable Docker engine)
# Skips the build when IMAGE exists with the same recipe hash; keeps the root filesystem in
# $MH_STANDIN_CACHE so a changed entrypoint re-imports in seconds instead of re-bootstrapping.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
image=${1:-migration-harness/mysql-standin:mariadb-bookworm}
cache=${MH_STANDIN_CACHE:-/var/cache/migration-harness/mysql-standin}
mirror=${MH_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm

# The recipe hash: this script and the entrypoint. A different hash means a stale image.
recipe=$(cat "$here/build.sh" "$here/docker-entrypoint.sh" | sha256sum | cut -c1-16)
current=$(docker image inspect -f '{{ index .Config.Labels "org.migration-harness.recipe" }}' "$image" 2>/dev/null || true)
if [ "$current" = "$recipe" ]; then
  echo "mysql-standin: $image is up to date (recipe $recipe)" >&2
  exit 0
fi

rootfs="$cache/rootfs-$suite"
if [ ! -f "$rootfs/.complete" ]; then
  command -v debootstrap >/dev/null || { echo "mysql-standin: debootstrap is not installed" >&2; exit 1; }
  rm -rf "$rootfs"
  mkdir -p "$cache"
  echo "mysql-standin: debootstrap $suite with mariadb-server (about a minute)" >&2
  if ! debootstrap --variant=minbase --include=mariadb-server "$suite" "$rootfs" "$mirror" >"$cache/debootstrap.log" 2>&1; then
    tail -n 20 "$cache/debootstrap.log" >&2
    echo "mysql-standin: debootstrap failed (full log: $cache/debootstrap.log)" >&2
    exit 1
  fi
  # Every container gets a full copy of the image under the vfs storage driver: keep it small.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
    "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
  find "$rootfs"/usr/share/locale -mindepth 1 -maxdepth 1 ! -name 'en*' -exec rm -rf {} +
  # The package's postinst may have initialised a datadir; the entrypoint must create its own from the env.
  rm -rf "$rootfs"/var/lib/mysql/*
  touch "$rootfs/.complete"
fi
install -m 0755 "$here/docker-entrypoint.sh" "$rootfs/usr/local/bin/docker-entrypoint.sh"
# shellcheck disable=SC2016 # dpkg-query's own ${Version} format, not a shell expansion
version=$(chroot "$rootfs" dpkg-query -W -f '${Version}' mariadb-server)
echo "mysql-standin: importing $image (mariadb-server $version)" >&2
tar -C "$rootfs" --exclude=./.complete -c . | docker import \
  --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
  --change 'CMD ["mariadbd"]' \
  --change 'EXPOSE 3306' \
  --change 'VOLUME /var/lib/mysql' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "LABEL org.migration-harness.recipe=$recipe" \
  --change "LABEL org.migration-harness.stands-in-for=mysql:8.0" \
  --change "LABEL org.migration-harness.server=mariadb-server:$version" \
  - "$image" >/dev/null
# The previous build, now untagged, would otherwise keep its full copy in the data root.
docker image prune -f --filter label=org.migration-harness.recipe >/dev/null
echo "mysql-standin: built $image" >&2
