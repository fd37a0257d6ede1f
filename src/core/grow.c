/* grow.c - the one way the core grows an array: doubling, with every product checked. */
#include <stdint.h>
#include <stdlib.h>

#include "reflect/grow.h"

rf_status rf_grow(void **v, size_t *cap, size_t need, size_t sz, size_t first)
{
	size_t ncap;
	void *nv;

	if (need <= *cap)
		return RF_OK;
	ncap = *cap ? *cap : (first ? first : 1);
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return RF_ERR_NOMEM;
		ncap *= 2;
	}
	if (sz == 0 || ncap > SIZE_MAX / sz)
		return RF_ERR_NOMEM;
	nv = realloc(*v, ncap * sz);
	if (nv == NULL)
		return RF_ERR_NOMEM;
	*v = nv;
	*cap = ncap;
	return RF_OK;
}
