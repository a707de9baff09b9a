#ifndef MEMKIT_CDEFLATE_SHIM_H
#define MEMKIT_CDEFLATE_SHIM_H
#include <libdeflate.h>
#endif
