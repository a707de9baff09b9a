// System calls that the C library declares only with _GNU_SOURCE, wrapped for Swift.
#ifndef MEMKIT_CSYSTEM_SHIM_H
#define MEMKIT_CSYSTEM_SHIM_H

#ifdef __linux__
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/mman.h>

/// Grows or shrinks a mapping, moving it if needed: its pages move, none is copied. MAP_FAILED on failure.
static inline void *memkit_mremap(void *address, unsigned long oldSize, unsigned long newSize) {
    return mremap(address, oldSize, newSize, MREMAP_MAYMOVE);
}
#endif

#endif
