/* json_fast.h - well-formed JSON into jansson values without jansson's byte-at-a-time
 * reader (json_fast.c). Used by the core's JSON readers. */
#ifndef REFLECT_JSON_FAST_H
#define REFLECT_JSON_FAST_H

#include <stddef.h>

#include <jansson.h>

/* The object or array that is the whole of buf[0..len) (white space around it allowed), as
 * json_loadb(buf, len, JSON_REJECT_DUPLICATES) would give it; NULL when the text holds anything
 * this reader leaves to jansson (errors included): parse it with json_loadb then. */
json_t *json_fast_load(const char *buf, size_t len);

#endif
