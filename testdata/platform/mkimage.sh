#!/bin/sh
# Writes a two-platform OCI image layout (linux/amd64, linux/arm64) to out/image with nothing but
# coreutils, tar and gzip: one layer per platform holding /etc/widget, its config and manifest, and
# index.json listing both manifests with their platforms. Used by the container release tests as a
# project's build step (it runs inside the platform's sandbox).
set -eu
out=out/image
rm -rf "$out" work
mkdir -p "$out/blobs/sha256" work
put() { # FILE: moves it into the layout under its digest; prints "DIGEST SIZE"
  d=$(sha256sum "$1" | cut -d' ' -f1)
  s=$(wc -c < "$1" | tr -d ' ')
  mv "$1" "$out/blobs/sha256/$d"
  echo "$d $s"
}
entries=""
for arch in amd64 arm64; do
  mkdir -p "work/rootfs-$arch/etc"
  printf 'widget %s for linux/%s\n' "$(cat VERSION)" "$arch" > "work/rootfs-$arch/etc/widget"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
    -cf "work/layer-$arch.tar" -C "work/rootfs-$arch" .
  diff=$(sha256sum "work/layer-$arch.tar" | cut -d' ' -f1)
  gzip -n -9 "work/layer-$arch.tar"
  set -- $(put "work/layer-$arch.tar.gz"); layer=$1; layer_size=$2
  printf '{"architecture":"%s","os":"linux","config":{"Cmd":["/bin/true"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$arch" "$diff" > "work/config-$arch.json"
  set -- $(put "work/config-$arch.json"); config=$1; config_size=$2
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
    "$config" "$config_size" "$layer" "$layer_size" > "work/manifest-$arch.json"
  set -- $(put "work/manifest-$arch.json"); manifest=$1; manifest_size=$2
  entries="$entries${entries:+,}{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:$manifest\",\"size\":$manifest_size,\"platform\":{\"architecture\":\"$arch\",\"os\":\"linux\"}}"
done
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[%s]}' \
  "$entries" > "$out/index.json"
printf '{"imageLayoutVersion":"1.0.0"}' > "$out/oci-layout"
