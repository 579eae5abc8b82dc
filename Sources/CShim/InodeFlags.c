// The inode flags that chattr(1) sets, read with the FS_IOC_GETFLAGS ioctl: ioctl(2) is
// variadic, which Swift cannot call.
#define _GNU_SOURCE
#include "CShim.h"

#include <errno.h>
#include <linux/fs.h>
#include <sys/ioctl.h>

int osconf_inode_flags(int fd, uint32_t *flags) {
    // The kernel reads and writes an int here, whatever the ioctl's declared `long`
    // (e2fsprogs' lsattr passes an int too).
    int value = 0;
    if (ioctl(fd, FS_IOC_GETFLAGS, &value) != 0) {
        // A file system that keeps no inode flags refuses the ioctl itself: ENOTTY (no
        // handler), EOPNOTSUPP or EINVAL, depending on the file system.
        if (errno == ENOTTY || errno == EOPNOTSUPP || errno == EINVAL) {
            *flags = 0;
            return 0;
        }
        return -1;
    }
    *flags = (uint32_t)value;
    return 0;
}
