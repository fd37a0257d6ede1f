/* grow.h - the one way the core grows an array. */
#ifndef REFLECT_GROW_H
#define REFLECT_GROW_H

#include <stddef.h>

#include "reflect/status.h"

/* Grow *v (an array of *cap elements of size sz) to hold at least need elements, doubling from
 * at least `first`; RF_ERR_NOMEM (with *v and *cap unchanged) when it cannot. */
rf_status rf_grow(void **v, size_t *cap, size_t need, size_t sz, size_t first);

#endif
