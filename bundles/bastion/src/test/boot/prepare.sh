#!/bin/sh
#
# prepare.sh OUT_DIR: the kernel and initrd the VM boot test (PxeBootTest) network-boots.
#
# OUT_DIR/vmlinuz    Debian's kernel (the version linux-image-amd64 depends on)
# OUT_DIR/initrd.img a busybox initramfs (busybox-static) whose init loads the virtio NIC driver,
#                    gets an address over DHCP, fetches the kickstart named by inst.ks= on the kernel
#                    command line, checks it carries its lab-agent enrollment, calls the bastion's
#                    callback with status=installed and powers off. It stands in for the installer,
#                    which cannot run here (no installation tree without the internet).
#
# The packages are downloaded once (apt-get download, no installation) into LABCTL_BOOT_CACHE
# (default /var/cache/labctl-boot).
set -eu
OUT=$1
CACHE=${LABCTL_BOOT_CACHE:-/var/cache/labctl-boot}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$CACHE" "$OUT"
cd "$CACHE"
kernel=$(apt-cache depends linux-image-amd64 | sed -n 's/.*Depends: \(linux-image-[0-9][^ ]*\).*/\1/p' | head -1)
[ -n "$kernel" ] || { echo "prepare.sh: apt-cache knows no linux-image-amd64" >&2; exit 1; }
ls "${kernel}"_*.deb >/dev/null 2>&1 || apt-get download -q "$kernel" >&2
ls busybox-static_*.deb >/dev/null 2>&1 || apt-get download -q busybox-static >&2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$(ls "${kernel}"_*.deb | head -1)" "$work/kernel"
dpkg-deb -x "$(ls busybox-static_*.deb | head -1)" "$work/busybox"
cp "$work"/kernel/boot/vmlinuz-* "$OUT/vmlinuz"

root=$work/root
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/lib/modules"
cp "$work/busybox/bin/busybox" "$root/bin/busybox"
for module in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci failover net_failover virtio_net; do
    file=$(find "$work/kernel/lib/modules" -name "$module.ko" | head -1)
    [ -n "$file" ] && cp "$file" "$root/lib/modules/"
done
cp "$HERE/init" "$root/init"
cp "$HERE/udhcpc.script" "$root/bin/udhcpc.script"
chmod 755 "$root/init" "$root/bin/udhcpc.script"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$OUT/initrd.img"
