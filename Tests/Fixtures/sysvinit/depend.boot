TARGETS = hwclock.sh mountkernfs.sh hostname.sh udev mountdevsubfs.sh brightness mountall.sh mountall-bootclean.sh networking urandom mountnfs.sh mountnfs-bootclean.sh bootmisc.sh checkroot.sh kmod checkroot-bootclean.sh checkfs.sh procps mount-configfs
INTERACTIVE = udev checkroot.sh checkfs.sh
udev: mountkernfs.sh
mountdevsubfs.sh: udev
brightness: mountall.sh mountall-bootclean.sh
mountall.sh: checkfs.sh checkroot-bootclean.sh
mountall-bootclean.sh: mountall.sh
networking: mountkernfs.sh mountall.sh mountall-bootclean.sh urandom procps
urandom: hwclock.sh mountall.sh mountall-bootclean.sh
mountnfs.sh: mountall.sh mountall-bootclean.sh networking
mountnfs-bootclean.sh: mountall.sh mountall-bootclean.sh mountnfs.sh
bootmisc.sh: udev mountall-bootclean.sh mountnfs-bootclean.sh checkroot-bootclean.sh mountnfs.sh mountall.sh
checkroot.sh: hostname.sh mountdevsubfs.sh
kmod: checkroot.sh
checkroot-bootclean.sh: checkroot.sh
checkfs.sh: checkroot.sh
procps: udev mountall.sh mountall-bootclean.sh
mount-configfs: mountkernfs.sh kmod
