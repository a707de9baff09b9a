#ifndef MEMKIT_CZLIB_SHIM_H
#define MEMKIT_CZLIB_SHIM_H
#include <zlib.h>

/* deflateInit2 and inflateInit2 are macros in zlib.h; Swift cannot call macros, so wrap them. */
static inline int memkit_deflateInit2(z_streamp strm, int level, int windowBits) {
    return deflateInit2(strm, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}
static inline int memkit_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
#endif
