#ifndef REVIEWBOT_CGIT2_SHIM_H
#define REVIEWBOT_CGIT2_SHIM_H
#include <git2.h>
#endif
