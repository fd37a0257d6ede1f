/* json_fast.c - a quick way into jansson values for well-formed JSON (imports of many
 * entries). jansson's own parser reads a byte at a time through a stream; this one scans the
 * buffer directly and builds the same values with jansson's constructors. It takes only what
 * is unremarkable: anything else (an error, a real number, \u0000, duplicate keys, deep
 * nesting, a failed allocation) gives NULL, and the caller parses the text with json_loadb,
 * which then gives the same value or the same error as before. */
#include "reflect/json_fast.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#define MAX_DEPTH 64
#define MAX_DIGITS 18 /* fits in json_int_t whatever the digits */

struct jp {
	const char *s;
	size_t pos, len;
	char *scratch; /* unescaped strings */
	size_t cap;
};

static json_t *value(struct jp *p, int depth);

static void ws(struct jp *p)
{
	while (p->pos < p->len) {
		char c = p->s[p->pos];
		if (c != ' ' && c != '\n' && c != '\t' && c != '\r')
			break;
		p->pos++;
	}
}

static int hex4(const char *s, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static int put_utf8(struct jp *p, size_t *n, uint32_t cp)
{
	unsigned char b[4];
	size_t k;

	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		k = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xc0 | (cp >> 6));
		b[1] = (unsigned char)(0x80 | (cp & 0x3f));
		k = 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xe0 | (cp >> 12));
		b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp & 0x3f));
		k = 3;
	} else {
		b[0] = (unsigned char)(0xf0 | (cp >> 18));
		b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (unsigned char)(0x80 | (cp & 0x3f));
		k = 4;
	}
	memcpy(p->scratch + *n, b, k);
	*n += k;
	return 0;
}

/* A string at p->pos (on its opening quote): its bytes in *out (pointing into the buffer or
 * into scratch), *n long. -1 when it is anything unusual. */
static int string(struct jp *p, const char **out, size_t *n)
{
	size_t start = ++p->pos, i = start, w = 0;
	bool escaped = false;

	while (i < p->len) {
		unsigned char c = (unsigned char)p->s[i];
		if (c == '"')
			break;
		if (c < 0x20)
			return -1;
		if (c == '\\') {
			escaped = true;
			i += 2;
			continue;
		}
		i++;
	}
	if (i >= p->len)
		return -1;
	if (!escaped) {
		*out = p->s + start;
		*n = i - start;
		p->pos = i + 1;
		return 0;
	}
	/* Unescaping never makes a string longer. */
	if (i - start > p->cap) {
		char *nb = malloc(i - start);
		if (nb == NULL)
			return -1;
		if (p->scratch != NULL) {
			sodium_memzero(p->scratch, p->cap);
			free(p->scratch);
		}
		p->scratch = nb;
		p->cap = i - start;
	}
	for (size_t k = start; k < i;) {
		char c = p->s[k];
		if (c != '\\') {
			p->scratch[w++] = c;
			k++;
			continue;
		}
		c = p->s[k + 1];
		k += 2;
		switch (c) {
		case '"': case '\\': case '/':
			p->scratch[w++] = c;
			break;
		case 'b': p->scratch[w++] = '\b'; break;
		case 'f': p->scratch[w++] = '\f'; break;
		case 'n': p->scratch[w++] = '\n'; break;
		case 'r': p->scratch[w++] = '\r'; break;
		case 't': p->scratch[w++] = '\t'; break;
		case 'u': {
			uint32_t cp, lo;
			if (k + 4 > i || hex4(p->s + k, &cp) != 0 || cp == 0)
				return -1;
			k += 4;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return -1;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (k + 6 > i || p->s[k] != '\\' || p->s[k + 1] != 'u' ||
				    hex4(p->s + k + 2, &lo) != 0 || lo < 0xdc00 || lo > 0xdfff)
					return -1;
				k += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			put_utf8(p, &w, cp);
			break;
		}
		default:
			return -1;
		}
	}
	*out = p->scratch;
	*n = w;
	p->pos = i + 1;
	return 0;
}

static json_t *number(struct jp *p)
{
	size_t i = p->pos, digits = 0;
	bool neg = false;
	json_int_t v = 0;

	if (p->s[i] == '-') {
		neg = true;
		i++;
	}
	if (i >= p->len || p->s[i] < '0' || p->s[i] > '9')
		return NULL;
	if (p->s[i] == '0' && i + 1 < p->len && p->s[i + 1] >= '0' && p->s[i + 1] <= '9')
		return NULL;
	while (i < p->len && p->s[i] >= '0' && p->s[i] <= '9') {
		if (++digits > MAX_DIGITS)
			return NULL;
		v = v * 10 + (p->s[i] - '0');
		i++;
	}
	/* Real numbers go to jansson (its own rounding and range rules). */
	if (i < p->len && (p->s[i] == '.' || p->s[i] == 'e' || p->s[i] == 'E'))
		return NULL;
	p->pos = i;
	return json_integer(neg ? -v : v);
}

static json_t *literal(struct jp *p, const char *word, json_t *(*make)(void))
{
	size_t n = strlen(word);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
		return NULL;
	p->pos += n;
	return make();
}

static json_t *object(struct jp *p, int depth)
{
	json_t *o = json_object();

	p->pos++;
	ws(p);
	if (o != NULL && p->pos < p->len && p->s[p->pos] == '}') {
		p->pos++;
		return o;
	}
	while (o != NULL) {
		const char *k;
		size_t kn;
		char key[256];
		json_t *v;
		if (p->pos >= p->len || p->s[p->pos] != '"' || string(p, &k, &kn) != 0 ||
		    kn >= sizeof key || memchr(k, '\0', kn) != NULL)
			break;
		memcpy(key, k, kn);
		key[kn] = '\0';
		ws(p);
		if (p->pos >= p->len || p->s[p->pos] != ':')
			break;
		p->pos++;
		ws(p);
		if (json_object_get(o, key) != NULL) /* a duplicate: jansson says so */
			break;
		v = value(p, depth + 1);
		if (v == NULL || json_object_set_new(o, key, v) != 0)
			break;
		ws(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			ws(p);
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == '}') {
			p->pos++;
			return o;
		}
		break;
	}
	json_decref(o);
	return NULL;
}

static json_t *array(struct jp *p, int depth)
{
	json_t *a = json_array();

	p->pos++;
	ws(p);
	if (a != NULL && p->pos < p->len && p->s[p->pos] == ']') {
		p->pos++;
		return a;
	}
	while (a != NULL) {
		json_t *v = value(p, depth + 1);
		if (v == NULL || json_array_append_new(a, v) != 0)
			break;
		ws(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			ws(p);
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == ']') {
			p->pos++;
			return a;
		}
		break;
	}
	json_decref(a);
	return NULL;
}

static json_t *value(struct jp *p, int depth)
{
	const char *s;
	size_t n;

	if (depth > MAX_DEPTH || p->pos >= p->len)
		return NULL;
	switch (p->s[p->pos]) {
	case '{':
		return object(p, depth);
	case '[':
		return array(p, depth);
	case '"':
		if (string(p, &s, &n) != 0)
			return NULL;
		return json_stringn(s, n); /* NULL for invalid UTF-8: jansson says so */
	case 't':
		return literal(p, "true", json_true);
	case 'f':
		return literal(p, "false", json_false);
	case 'n':
		return literal(p, "null", json_null);
	default:
		return number(p);
	}
}

json_t *json_fast_load(const char *buf, size_t len)
{
	struct jp p = {buf, 0, len, NULL, 0};
	json_t *v = NULL;

	ws(&p);
	if (p.pos < len && (buf[p.pos] == '{' || buf[p.pos] == '['))
		v = value(&p, 0);
	ws(&p);
	if (v != NULL && p.pos != len) {
		json_decref(v);
		v = NULL;
	}
	if (p.scratch != NULL) {
		sodium_memzero(p.scratch, p.cap);
		free(p.scratch);
	}
	return v;
}
