/* faultvfs.c - a fault-injecting SQLite VFS over "unix" for tests: counts writes and syncs,
 * fails the k-th once or from then on, and simulates a crash that loses or garbles unsynced
 * writes (from a shadow copy of each file as last synced). */
#include "faultvfs.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#define MAX_SHADOWS 16
#define PIECE 512

/* A region written since the file's last sync. */
typedef struct fv_range {
	sqlite3_int64 off;
	sqlite3_int64 len;
} fv_range;

/* What a file held at its last sync, and what was written after it. */
typedef struct fv_shadow {
	char *path;
	unsigned char *data; /* the durable image */
	sqlite3_int64 size;
	bool existed; /* the file was there (or synced) before the crash */
	fv_range *dirty;
	size_t ndirty;
} fv_shadow;

typedef struct fv_file {
	sqlite3_file base;
	fv_shadow *sh; /* NULL when not tracked */
	sqlite3_file *real;
} fv_file;

static struct {
	sqlite3_vfs *real;
	sqlite3_vfs vfs;
	bool installed;
	unsigned writes, syncs, points;
	/* an armed fault */
	bool armed;
	fv_op op;
	unsigned k;
	bool persistent;
	int rc;
	/* crash simulation */
	bool track;
	unsigned crash_k;
	bool crashed;
	bool fired;
	fv_shadow shadows[MAX_SHADOWS];
	size_t nshadows;
} fv;

/* ---- shadows ---- */

static int read_all(sqlite3_file *f, unsigned char **out, sqlite3_int64 *size)
{
	sqlite3_int64 n = 0;
	unsigned char *buf;
	int rc = f->pMethods->xFileSize(f, &n);

	if (rc != SQLITE_OK)
		return rc;
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (buf == NULL)
		return SQLITE_NOMEM;
	if (n > 0) {
		rc = f->pMethods->xRead(f, buf, (int)n, 0);
		if (rc != SQLITE_OK) {
			free(buf);
			return rc;
		}
	}
	free(*out);
	*out = buf;
	*size = n;
	return SQLITE_OK;
}

static fv_shadow *shadow_for(const char *path)
{
	for (size_t i = 0; i < fv.nshadows; i++)
		if (strcmp(fv.shadows[i].path, path) == 0)
			return &fv.shadows[i];
	return NULL;
}

static void shadow_dirty(fv_shadow *sh, sqlite3_int64 off, sqlite3_int64 len)
{
	fv_range *v = realloc(sh->dirty, (sh->ndirty + 1) * sizeof *v);

	if (v == NULL)
		abort(); /* a test helper: out of memory here is not a case under test */
	sh->dirty = v;
	v[sh->ndirty].off = off;
	v[sh->ndirty].len = len;
	sh->ndirty++;
}

static void shadows_free(void)
{
	for (size_t i = 0; i < fv.nshadows; i++) {
		free(fv.shadows[i].path);
		free(fv.shadows[i].data);
		free(fv.shadows[i].dirty);
	}
	memset(fv.shadows, 0, sizeof fv.shadows);
	fv.nshadows = 0;
}

/* ---- fault decisions ---- */

/* SQLITE_OK to go ahead, or the status to fail this operation with. */
static int decide(fv_op op, bool *crash_now)
{
	unsigned n;

	*crash_now = false;
	if (fv.crashed)
		return op == FV_SYNC ? SQLITE_IOERR_FSYNC : SQLITE_IOERR_WRITE;
	n = op == FV_WRITE ? ++fv.writes : ++fv.syncs;
	fv.points++;
	if (fv.crash_k > 0 && fv.points == fv.crash_k) {
		fv.crashed = true;
		fv.fired = true;
		*crash_now = true;
		return op == FV_SYNC ? SQLITE_IOERR_FSYNC : SQLITE_IOERR_WRITE;
	}
	if (fv.armed && op == fv.op && (n == fv.k || (fv.persistent && n > fv.k))) {
		fv.fired = true;
		return fv.rc;
	}
	return SQLITE_OK;
}

/* ---- file methods ---- */

static int fv_close(sqlite3_file *f)
{
	fv_file *p = (fv_file *)f;
	int rc = p->real->pMethods->xClose(p->real);

	p->real->pMethods = NULL;
	return rc;
}

static int fv_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	fv_file *p = (fv_file *)f;

	return p->real->pMethods->xRead(p->real, buf, n, off);
}

static int fv_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	fv_file *p = (fv_file *)f;
	bool crash_now;
	int rc = decide(FV_WRITE, &crash_now);

	if (crash_now) {
		/* The write under way when the power went: it may or may not land. */
		if (p->real->pMethods->xWrite(p->real, buf, n, off) == SQLITE_OK && p->sh != NULL)
			shadow_dirty(p->sh, off, n);
		return rc;
	}
	if (rc != SQLITE_OK)
		return rc;
	rc = p->real->pMethods->xWrite(p->real, buf, n, off);
	if (rc == SQLITE_OK && p->sh != NULL)
		shadow_dirty(p->sh, off, n);
	return rc;
}

static int fv_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	fv_file *p = (fv_file *)f;
	bool crash_now;
	int rc = decide(FV_WRITE, &crash_now);

	if (rc != SQLITE_OK)
		return rc;
	rc = p->real->pMethods->xTruncate(p->real, size);
	/* A shrink that is not synced yet is undone by FV_DROP (the shadow keeps the old size). */
	return rc;
}

static int fv_sync(sqlite3_file *f, int flags)
{
	fv_file *p = (fv_file *)f;
	bool crash_now;
	int rc = decide(FV_SYNC, &crash_now);

	if (rc != SQLITE_OK)
		return rc;
	/* Durability is modelled by the shadow copies; flushing the real disk would only make
	 * the loops slow. */
	(void)flags;
	if (p->sh != NULL) {
		/* What is on disk now is durable. */
		rc = read_all(p->real, &p->sh->data, &p->sh->size);
		p->sh->existed = true;
		p->sh->ndirty = 0;
	}
	return rc;
}

static int fv_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	fv_file *p = (fv_file *)f;

	return p->real->pMethods->xFileSize(p->real, size);
}

static int fv_lock(sqlite3_file *f, int lock)
{
	fv_file *p = (fv_file *)f;

	return p->real->pMethods->xLock(p->real, lock);
}

static int fv_unlock(sqlite3_file *f, int lock)
{
	fv_file *p = (fv_file *)f;

	return p->real->pMethods->xUnlock(p->real, lock);
}

static int fv_check_lock(sqlite3_file *f, int *out)
{
	fv_file *p = (fv_file *)f;

	return p->real->pMethods->xCheckReservedLock(p->real, out);
}

static int fv_file_control(sqlite3_file *f, int op, void *arg)
{
	fv_file *p = (fv_file *)f;

	return p->real->pMethods->xFileControl(p->real, op, arg);
}

static int fv_sector_size(sqlite3_file *f)
{
	fv_file *p = (fv_file *)f;

	return p->real->pMethods->xSectorSize(p->real);
}

static int fv_device(sqlite3_file *f)
{
	fv_file *p = (fv_file *)f;

	return p->real->pMethods->xDeviceCharacteristics(p->real);
}

static int fv_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
	fv_file *p = (fv_file *)f;

	return p->real->pMethods->xShmMap(p->real, pg, pgsz, extend, pp);
}

static int fv_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	fv_file *p = (fv_file *)f;

	return p->real->pMethods->xShmLock(p->real, off, n, flags);
}

static void fv_shm_barrier(sqlite3_file *f)
{
	fv_file *p = (fv_file *)f;

	p->real->pMethods->xShmBarrier(p->real);
}

static int fv_shm_unmap(sqlite3_file *f, int del)
{
	fv_file *p = (fv_file *)f;

	return p->real->pMethods->xShmUnmap(p->real, fv.crashed ? 0 : del);
}

/* No memory-mapped reads: every read goes through xRead. */
static int fv_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	(void)f;
	(void)off;
	(void)n;
	*pp = NULL;
	return SQLITE_OK;
}

static int fv_unfetch(sqlite3_file *f, sqlite3_int64 off, void *pg)
{
	(void)f;
	(void)off;
	(void)pg;
	return SQLITE_OK;
}

static const sqlite3_io_methods fv_io = {
	3,
	fv_close,
	fv_read,
	fv_write,
	fv_truncate,
	fv_sync,
	fv_file_size,
	fv_lock,
	fv_unlock,
	fv_check_lock,
	fv_file_control,
	fv_sector_size,
	fv_device,
	fv_shm_map,
	fv_shm_lock,
	fv_shm_barrier,
	fv_shm_unmap,
	fv_fetch,
	fv_unfetch,
};

/* ---- VFS methods ---- */

static int fv_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *outflags)
{
	fv_file *p = (fv_file *)f;
	int rc;

	(void)vfs;
	memset(p, 0, sizeof *p);
	p->real = (sqlite3_file *)(p + 1);
	rc = fv.real->xOpen(fv.real, name, p->real, flags, outflags);
	if (rc != SQLITE_OK || p->real->pMethods == NULL) {
		p->base.pMethods = NULL;
		return rc;
	}
	p->base.pMethods = &fv_io;
	if (fv.track && name != NULL &&
	    (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL))) {
		fv_shadow *sh = shadow_for(name);
		if (sh == NULL && fv.nshadows < MAX_SHADOWS) {
			sh = &fv.shadows[fv.nshadows];
			sh->path = strdup(name);
			if (sh->path == NULL)
				abort();
			/* What is on disk when first seen counts as durable. */
			if (read_all(p->real, &sh->data, &sh->size) != SQLITE_OK)
				abort();
			sh->existed = sh->size > 0;
			fv.nshadows++;
		}
		p->sh = sh;
	}
	return SQLITE_OK;
}

static int fv_delete(sqlite3_vfs *vfs, const char *name, int syncdir)
{
	(void)vfs;
	if (fv.crashed)
		return SQLITE_IOERR_DELETE;
	return fv.real->xDelete(fv.real, name, syncdir);
}

static int fv_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return fv.real->xAccess(fv.real, name, flags, out);
}

static int fv_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return fv.real->xFullPathname(fv.real, name, n, out);
}

static void *fv_dlopen(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return fv.real->xDlOpen(fv.real, name);
}

static void fv_dlerror(sqlite3_vfs *vfs, int n, char *msg)
{
	(void)vfs;
	fv.real->xDlError(fv.real, n, msg);
}

static void (*fv_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	return fv.real->xDlSym(fv.real, h, sym);
}

static void fv_dlclose(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	fv.real->xDlClose(fv.real, h);
}

static int fv_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return fv.real->xRandomness(fv.real, n, out);
}

static int fv_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return fv.real->xSleep(fv.real, us);
}

static int fv_current_time(sqlite3_vfs *vfs, double *t)
{
	(void)vfs;
	return fv.real->xCurrentTime(fv.real, t);
}

static int fv_last_error(sqlite3_vfs *vfs, int n, char *msg)
{
	(void)vfs;
	return fv.real->xGetLastError(fv.real, n, msg);
}

static int fv_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *t)
{
	(void)vfs;
	return fv.real->xCurrentTimeInt64(fv.real, t);
}

/* ---- control ---- */

void faultvfs_install(void)
{
	if (fv.installed) {
		faultvfs_use(true);
		return;
	}
	sqlite3_initialize();
	fv.real = sqlite3_vfs_find("unix");
	if (fv.real == NULL)
		abort();
	fv.vfs = (sqlite3_vfs){
		.iVersion = 2,
		.szOsFile = (int)sizeof(fv_file) + fv.real->szOsFile,
		.mxPathname = fv.real->mxPathname,
		.zName = "faultvfs",
		.xOpen = fv_open,
		.xDelete = fv_delete,
		.xAccess = fv_access,
		.xFullPathname = fv_full_pathname,
		.xDlOpen = fv_dlopen,
		.xDlError = fv_dlerror,
		.xDlSym = fv_dlsym,
		.xDlClose = fv_dlclose,
		.xRandomness = fv_randomness,
		.xSleep = fv_sleep,
		.xCurrentTime = fv_current_time,
		.xGetLastError = fv_last_error,
		.xCurrentTimeInt64 = fv_current_time64,
	};
	sqlite3_vfs_register(&fv.vfs, 1);
	fv.installed = true;
}

void faultvfs_use(bool on)
{
	sqlite3_vfs_register(on ? &fv.vfs : fv.real, 1);
}

void faultvfs_reset(void)
{
	shadows_free();
	fv.writes = fv.syncs = fv.points = 0;
	fv.armed = false;
	fv.track = false;
	fv.crash_k = 0;
	fv.crashed = false;
	fv.fired = false;
}

unsigned faultvfs_writes(void)
{
	return fv.writes;
}

unsigned faultvfs_syncs(void)
{
	return fv.syncs;
}

void faultvfs_count_from_here(void)
{
	fv.writes = fv.syncs = fv.points = 0;
}

void faultvfs_fail(fv_op op, unsigned k, bool persistent, int rc)
{
	fv.armed = true;
	fv.op = op;
	fv.k = k;
	fv.persistent = persistent;
	fv.rc = rc;
	fv.fired = false;
}

void faultvfs_crash_at(unsigned k)
{
	shadows_free();
	fv.track = true;
	fv.crash_k = k;
	fv.crashed = false;
	fv.fired = false;
}

bool faultvfs_fired(void)
{
	return fv.fired;
}

static int pwrite_all(int fd, const void *buf, size_t n, off_t off)
{
	const unsigned char *b = buf;

	while (n > 0) {
		ssize_t w = pwrite(fd, b, n, off);
		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
		off += w;
	}
	return 0;
}

/* Put back what the shadow holds for [off, off+len), zeros past its end. */
static int restore(int fd, const fv_shadow *sh, sqlite3_int64 off, sqlite3_int64 len)
{
	unsigned char zero[PIECE] = {0};

	while (len > 0) {
		sqlite3_int64 n = len > PIECE ? PIECE : len;
		const unsigned char *src = zero;
		if (off + n <= sh->size)
			src = sh->data + off;
		else if (off < sh->size)
			n = sh->size - off, src = sh->data + off;
		if (pwrite_all(fd, src, (size_t)n, off) != 0)
			return -1;
		off += n;
		len -= n;
	}
	return 0;
}

static int garble(int fd, sqlite3_int64 off, sqlite3_int64 len, unsigned *seed)
{
	unsigned char junk[PIECE];

	while (len > 0) {
		sqlite3_int64 n = len > PIECE ? PIECE : len;
		for (sqlite3_int64 i = 0; i < n; i++)
			junk[i] = (unsigned char)(rand_r(seed) >> 7);
		if (pwrite_all(fd, junk, (size_t)n, off) != 0)
			return -1;
		off += n;
		len -= n;
	}
	return 0;
}

static int apply_one(const fv_shadow *sh, fv_crash mode, unsigned *seed)
{
	int fd, rc = 0;

	if (mode == FV_DROP) {
		if (!sh->existed) {
			unlink(sh->path);
			return 0;
		}
		fd = open(sh->path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0)
			return -1;
		rc = pwrite_all(fd, sh->data, (size_t)sh->size, 0);
		close(fd);
		return rc;
	}
	fd = open(sh->path, O_WRONLY);
	if (fd < 0)
		return sh->ndirty == 0 ? 0 : -1;
	for (size_t i = 0; i < sh->ndirty && rc == 0; i++) {
		const fv_range *r = &sh->dirty[i];
		if (mode == FV_GARBLE) {
			rc = garble(fd, r->off, r->len, seed);
			continue;
		}
		for (sqlite3_int64 o = r->off; o < r->off + r->len && rc == 0; o += PIECE) {
			sqlite3_int64 n = r->off + r->len - o < PIECE ? r->off + r->len - o : PIECE;
			switch (rand_r(seed) % 3) {
			case 0: /* it landed */
				break;
			case 1:
				rc = restore(fd, sh, o, n);
				break;
			default:
				rc = garble(fd, o, n, seed);
				break;
			}
		}
	}
	close(fd);
	return rc;
}

int faultvfs_crash_apply(fv_crash mode, unsigned seed)
{
	int touched = 0;

	for (size_t i = 0; i < fv.nshadows; i++) {
		char shm[4200];
		if (apply_one(&fv.shadows[i], mode, &seed) != 0)
			return -1;
		snprintf(shm, sizeof shm, "%s-shm", fv.shadows[i].path);
		unlink(shm); /* shared memory does not outlive the machine */
		touched++;
	}
	faultvfs_reset();
	return touched;
}
