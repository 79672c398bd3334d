//! The commands a container's userland provides (busybox applets, GNU coreutils). (Being written.)
