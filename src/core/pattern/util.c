/* util.c - the review core's plumbing: memory, compact id lists, hash maps, dates and weeks,
 * the order of documents. */
#include "reflect/grow.h"
#include "internal.h"

/* ---------------------------------------------------------------- memory helpers */

/* Grow *v (of *cap elements of size sz) to hold at least need elements. */
rf_status pt_grow(void **v, size_t *cap, size_t need, size_t sz)
{
	return rf_grow(v, cap, need, sz, 8);
}


void pt_wipe_free(char **s)
{
	if (s == NULL || *s == NULL)
		return;
	sodium_memzero(*s, strlen(*s));
	free(*s);
	*s = NULL;
}

char *pt_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}
rf_status pt_idlist_add(idlist *l, uint32_t ord)
{
	uint32_t gap = ord + 1 - l->last;

	/* A list of one is kept without a buffer (most phrases are said once): its ordinal is
	 * last - 1. The buffer comes with the second. */
	if (l->n == 0 && l->buf == NULL) {
		l->last = ord + 1;
		l->n = 1;
		return RF_OK;
	}
	if (l->buf == NULL) {
		uint32_t first = l->last;
		l->buf = malloc(16);
		if (l->buf == NULL)
			return RF_ERR_NOMEM;
		l->cap = 16;
		l->len = 0;
		while (first >= 0x80) {
			l->buf[l->len++] = (unsigned char)(first | 0x80);
			first >>= 7;
		}
		l->buf[l->len++] = (unsigned char)first;
	}
	if (l->cap - l->len < 5) {
		uint32_t ncap = l->cap ? l->cap * 2 : 8;
		unsigned char *nb;
		if (l->cap > UINT32_MAX / 2)
			return RF_ERR_NOMEM;
		nb = realloc(l->buf, ncap);
		if (nb == NULL)
			return RF_ERR_NOMEM;
		l->buf = nb;
		l->cap = ncap;
	}
	while (gap >= 0x80) {
		l->buf[l->len++] = (unsigned char)(gap | 0x80);
		gap >>= 7;
	}
	l->buf[l->len++] = (unsigned char)gap;
	l->last = ord + 1;
	l->n++;
	return RF_OK;
}

/* Iterate: *pos starts at 0, *prev at 0; returns false at the end. */
bool pt_idlist_next(const idlist *l, uint32_t *pos, uint32_t *prev, uint32_t *ord)
{
	uint32_t gap = 0;
	int shift = 0;

	if (l->buf == NULL) {
		if (l->n != 1 || *pos != 0)
			return false;
		*pos = 1;
		*prev = l->last;
		*ord = l->last - 1;
		return true;
	}
	if (*pos >= l->len)
		return false;
	for (;;) {
		unsigned char b = l->buf[(*pos)++];
		gap |= (uint32_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			break;
		shift += 7;
	}
	*prev += gap;
	*ord = *prev - 1;
	return true;
}

void pt_idlist_free(idlist *l)
{
	free(l->buf);
	memset(l, 0, sizeof(*l));
}
uint32_t pt_hash_bytes(const char *s, size_t n)
{
	uint32_t h = FNV_BASIS;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= FNV_PRIME;
	}
	return h;
}

uint32_t pt_hash_u64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return (uint32_t)k;
}

/* Strings to indices; the keys belong to the caller and must outlive the map. */
uint32_t pt_strmap_get(const strmap *m, const char *key, size_t len, uint32_t h)
{
	size_t i;

	if (m->cap == 0)
		return NONE;
	for (i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		const strslot *s = &m->s[i];
		if (s->key == NULL)
			return NONE;
		if (s->hash == h && s->len == len) {
			size_t k = 0;
			while (k < len && s->key[k] == key[k])
				k++;
			if (k == len)
				return s->val;
		}
	}
}

static rf_status strmap_rehash(strmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 1024;
	strslot *ns;

	if (ncap > SIZE_MAX / sizeof(*ns))
		return RF_ERR_NOMEM;
	ns = calloc(ncap, sizeof(*ns));
	if (ns == NULL)
		return RF_ERR_NOMEM;
	for (size_t i = 0; i < m->cap; i++) {
		size_t j;
		if (m->s[i].key == NULL)
			continue;
		for (j = m->s[i].hash & (ncap - 1); ns[j].key; j = (j + 1) & (ncap - 1))
			;
		ns[j] = m->s[i];
	}
	free(m->s);
	m->s = ns;
	m->cap = ncap;
	return RF_OK;
}

/* Insert a key known to be absent. */
rf_status pt_strmap_put(strmap *m, const char *key, size_t len, uint32_t h, uint32_t val)
{
	size_t i;

	if ((m->n + 1) * 4 > m->cap * 3) {
		rf_status st = strmap_rehash(m);
		if (st != RF_OK)
			return st;
	}
	for (i = h & (m->cap - 1); m->s[i].key; i = (i + 1) & (m->cap - 1))
		;
	m->s[i] = (strslot){key, (uint32_t)len, h, val};
	m->n++;
	return RF_OK;
}

/* 64-bit keys (never UINT64_MAX) to indices. */
uint32_t pt_intmap_get(const intmap *m, uint64_t key)
{
	size_t i;

	if (m->cap == 0)
		return NONE;
	for (i = pt_hash_u64(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (m->s[i].key == key)
			return m->s[i].val;
		if (m->s[i].key == INT_EMPTY)
			return NONE;
	}
}

rf_status pt_intmap_put(intmap *m, uint64_t key, uint32_t val)
{
	size_t i;

	if ((m->n + 1) * 4 > m->cap * 3) {
		size_t ncap = m->cap ? m->cap * 2 : 64;
		intslot *ns;
		if (ncap > SIZE_MAX / sizeof(*ns))
			return RF_ERR_NOMEM;
		ns = malloc(ncap * sizeof(*ns));
		if (ns == NULL)
			return RF_ERR_NOMEM;
		for (size_t j = 0; j < ncap; j++)
			ns[j].key = INT_EMPTY;
		for (size_t j = 0; j < m->cap; j++) {
			size_t k;
			if (m->s[j].key == INT_EMPTY)
				continue;
			for (k = pt_hash_u64(m->s[j].key) & (ncap - 1); ns[k].key != INT_EMPTY;
			     k = (k + 1) & (ncap - 1))
				;
			ns[k] = m->s[j];
		}
		free(m->s);
		m->s = ns;
		m->cap = ncap;
	}
	for (i = pt_hash_u64(key) & (m->cap - 1); m->s[i].key != INT_EMPTY; i = (i + 1) & (m->cap - 1))
		;
	m->s[i].key = key;
	m->s[i].val = val;
	m->n++;
	return RF_OK;
}

/* The value of key, inserted as 0 when absent; NULL when out of memory. The pointer is
 * valid until the next insertion. */
static uint32_t *intmap_slot(intmap *m, uint64_t key)
{
	size_t i;

	if (m->cap > 0)
		for (i = pt_hash_u64(key) & (m->cap - 1); m->s[i].key != INT_EMPTY;
		     i = (i + 1) & (m->cap - 1))
			if (m->s[i].key == key)
				return &m->s[i].val;
	if (pt_intmap_put(m, key, 0) != RF_OK)
		return NULL;
	for (i = pt_hash_u64(key) & (m->cap - 1); m->s[i].key != key; i = (i + 1) & (m->cap - 1))
		;
	return &m->s[i].val;
}

/* Counts over pairs of small numbers (a, b): a dense table when it is small enough, a hash
 * map otherwise. A count is later replaced by RETAINED | the index of a kept item. */
rf_status pt_cmap_init(cmap *m, size_t rows, size_t cols)
{
	memset(m, 0, sizeof(*m));
	m->rows = rows;
	m->cols = cols;
	if (rows > 0 && cols > 0 && rows <= ((size_t)4 << 20) / cols) {
		m->dense = calloc(rows * cols, sizeof(*m->dense));
		if (m->dense == NULL)
			return RF_ERR_NOMEM;
	}
	return RF_OK;
}

void pt_cmap_free(cmap *m)
{
	free(m->dense);
	free(m->map.s);
	memset(m, 0, sizeof(*m));
}

uint32_t *pt_cmap_slot(cmap *m, uint32_t a, uint32_t b)
{
	if (m->dense)
		return &m->dense[(size_t)a * m->cols + b];
	return intmap_slot(&m->map, ((uint64_t)a << 32) | b);
}

uint32_t pt_cmap_get(const cmap *m, uint32_t a, uint32_t b)
{
	uint32_t v;

	if (m->dense)
		return m->dense[(size_t)a * m->cols + b];
	v = pt_intmap_get(&m->map, ((uint64_t)a << 32) | b);
	return v == NONE ? 0 : v;
}

/* Iterate the nonzero cells: *pos starts at 0. */
bool pt_cmap_next(cmap *m, size_t *pos, uint32_t *a, uint32_t *b, uint32_t **val)
{
	if (m->dense) {
		for (; *pos < m->rows * m->cols; (*pos)++)
			if (m->dense[*pos] != 0) {
				*a = (uint32_t)(*pos / m->cols);
				*b = (uint32_t)(*pos % m->cols);
				*val = &m->dense[(*pos)++];
				return true;
			}
		return false;
	}
	for (; *pos < m->map.cap; (*pos)++)
		if (m->map.s[*pos].key != INT_EMPTY && m->map.s[*pos].val != 0) {
			*a = (uint32_t)(m->map.s[*pos].key >> 32);
			*b = (uint32_t)m->map.s[*pos].key;
			*val = &m->map.s[(*pos)++].val;
			return true;
		}
	return false;
}

/* ---------------------------------------------------------------- dates and weeks */

static int32_t days_from_civil(int y, unsigned m, unsigned d)
{
	int era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int32_t)doe - 719468;
}

static void civil_from_days(int32_t z, int *y, unsigned *m, unsigned *d)
{
	int era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = (int)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y += *m <= 2;
}

bool pt_parse_day(const char *s, int32_t *out)
{
	int y;
	unsigned m, d;

	if (s == NULL || !entry_valid_date(s))
		return false;
	/* entry_valid_date checked the shape: YYYY-MM-DD. */
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
	d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
	*out = days_from_civil(y, m, d);
	return true;
}

void pt_format_day(int32_t z, char out[11])
{
	int y;
	unsigned m, d;

	civil_from_days(z, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, m % 100u, d % 100u);
}

/* Days since Monday (Monday 0); 1970-01-01 was a Thursday. */
int pt_weekday(int32_t z)
{
	return (int)(((z % 7) + 7 + 3) % 7);
}

void pt_iso_week(int32_t z, char out[9])
{
	int32_t thu = z - pt_weekday(z) + 3;
	int y;
	unsigned m, d;
	int32_t jan1;

	civil_from_days(thu, &y, &m, &d);
	jan1 = days_from_civil(y, 1, 1);
	if (y < 0 || y > 9999)
		y = 0;
	snprintf(out, 9, "%04u-W%02u", (unsigned)y % 10000u, (unsigned)((thu - jan1) / 7 + 1) % 100u);
}

rf_status pt_fail(pattern *p, rf_status st)
{
	if (p->st == RF_OK)
		p->st = st;
	return st;
}

const pattern_ids *pt_mkids(pattern *p, const idlist *l)
{
	pattern_ids *ids;

	if (GROW(p->pids, p->cappids, p->npids + 1) != RF_OK)
		return NULL;
	ids = malloc(sizeof(*ids));
	if (ids == NULL)
		return NULL;
	ids->l = l;
	ids->p = p;
	p->pids[p->npids++] = ids;
	return ids;
}

idlist *pt_mkextra(pattern *p)
{
	idlist *l;

	if (GROW(p->extra, p->capextra, p->nextra + 1) != RF_OK)
		return NULL;
	l = calloc(1, sizeof(*l));
	if (l == NULL)
		return NULL;
	p->extra[p->nextra++] = l;
	return l;
}

char *pt_keepstr(pattern *p, char *s)
{
	if (s == NULL)
		return NULL;
	if (GROW(p->strs, p->capstrs, p->nstrs + 1) != RF_OK) {
		pt_wipe_free(&s);
		return NULL;
	}
	p->strs[p->nstrs++] = s;
	return s;
}


int pt_cmp_double_desc(double a, double b)
{
	if (a > b + EPS)
		return -1;
	if (a < b - EPS)
		return 1;
	return 0;
}

/* qsort, but fine with an empty (NULL) array. */
void pt_xsort(void *base, size_t n, size_t sz, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, sz, cmp);
}

/* For qsort callbacks that need the state (the review runs on one thread at a time). */
/* Chronological order of documents: day, then time written, then id. */
int pt_doc_chrono(const doc *a, const doc *b)
{
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (a->written != b->written)
		return a->written < b->written ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return 0;
}

int pt_cmp_u32(const void *x, const void *y)
{
	const uint32_t *a = x, *b = y;
	return *a < *b ? -1 : *a > *b;
}

int pt_ord_chrono_desc(const void *x, const void *y)
{
	const uint32_t *a = x, *b = y;
	int c = pt_doc_chrono(&pt_sort_p->docs[*a], &pt_sort_p->docs[*b]);
	if (c)
		return -c;
	return *a < *b ? -1 : *a > *b;
}

/* For qsort callbacks that need the state (the review runs on one thread at a time). */
const pattern *pt_sort_p;

void pt_human_day(int32_t z, char *out, size_t cap)
{
	int y;
	unsigned m, d;
	struct tm tm;
	char mon[32];

	civil_from_days(z, &y, &m, &d);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = (int)m - 1;
	tm.tm_mday = (int)d;
	if (strftime(mon, sizeof(mon), "%b", &tm) == 0)
		snprintf(mon, sizeof(mon), "%02u", m);
	/* TRANSLATORS: a day as people say it: %1$u the day of the month, %2$s the month's short
	 * name ("17 Nov"). */
	snprintf(out, cap, _("%u %s"), d, mon);
}

static int dbl_cmp(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

double pt_median(double *v, size_t n)
{
	if (n == 0)
		return 0;
	pt_xsort(v, n, sizeof(*v), dbl_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
