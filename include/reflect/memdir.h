/* memdir.h - private directories in memory (/dev/shm, tmpfs) for plaintext that must never
 * reach a disk: the $EDITOR hand-off and the HTML a PDF is printed from. Each is 0700, its
 * files 0600, and everything in it is overwritten with zeros before it is removed. */
#ifndef REFLECT_MEMDIR_H
#define REFLECT_MEMDIR_H

#include <stdbool.h>
#include <stddef.h>

#include "reflect/status.h"

/* Where the private directories are made. */
#define MEMDIR_ROOT "/dev/shm"

/* True when MEMDIR_ROOT exists and is a memory file system (tmpfs). */
bool memdir_available(void);

/* Make a new private directory (mode 0700) under MEMDIR_ROOT, named after this process so a
 * later reflect can sweep it if this one is killed; its path goes to out (cap bytes).
 * RF_ERR_INVALID when MEMDIR_ROOT is not a memory file system (nothing is made), RF_ERR_IO
 * when it cannot be made. */
rf_status memdir_make(char *out, size_t cap);

/* Write len bytes to a new file name (mode 0600) in the private directory dir; the file's
 * path goes to path (cap bytes). RF_ERR_IO when it cannot be written (nothing is left). */
rf_status memdir_write(const char *dir, const char *name, const void *data, size_t len,
		       char *path, size_t cap);

/* Read a file of at most max bytes into a malloc'ed buffer with a NUL after it; *len (may be
 * NULL) is its size. The caller wipes and frees it (sodium_memzero, free). NULL when it
 * cannot be read or is larger than max. */
char *memdir_read(const char *path, size_t max, size_t *len);

/* Overwrite every file in dir (and its subdirectories) with zeros and remove it all. */
void memdir_wipe(const char *dir);

/* Wipe and remove private directories left by a reflect that is no longer running. */
void memdir_sweep(void);

#endif
