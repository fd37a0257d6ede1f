/* memdir.c - private directories in memory (/dev/shm) for plaintext hand-offs to other
 * programs: made 0700 on tmpfs only, files 0600, wiped with zeros and removed after. */
#include "reflect/memdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define MEMDIR_PREFIX	   "reflect-"
#define TMPFS_MAGIC_NUMBER 0x01021994

bool memdir_available(void)
{
	struct statfs sf;

	return statfs(MEMDIR_ROOT, &sf) == 0 && (unsigned long)sf.f_type == TMPFS_MAGIC_NUMBER;
}

rf_status memdir_make(char *out, size_t cap)
{
	int n;

	if (!memdir_available())
		return RF_ERR_INVALID;
	n = snprintf(out, cap, "%s/%s%ld-XXXXXX", MEMDIR_ROOT, MEMDIR_PREFIX, (long)getpid());
	if (n < 0 || (size_t)n >= cap)
		return RF_ERR_INVALID;
	if (mkdtemp(out) == NULL)
		return RF_ERR_IO;
	return RF_OK;
}

static bool write_all(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, s, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		s += w;
		len -= (size_t)w;
	}
	return true;
}

/* Overwrite a file with zeros, then remove it. */
static void wipe_file(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd >= 0) {
		struct stat st;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
			char zero[4096];
			off_t left = st.st_size;
			memset(zero, 0, sizeof zero);
			while (left > 0) {
				size_t n = left > (off_t)sizeof zero ? sizeof zero : (size_t)left;
				ssize_t w = write(fd, zero, n);
				if (w <= 0)
					break;
				left -= w;
			}
			fsync(fd);
		}
		close(fd);
	}
	unlinkat(dirfd, name, 0);
}

rf_status memdir_write(const char *dir, const char *name, const void *data, size_t len,
		       char *path, size_t cap)
{
	int n = snprintf(path, cap, "%s/%s", dir, name);
	int fd;
	bool ok;

	if (n < 0 || (size_t)n >= cap || strchr(name, '/') != NULL)
		return RF_ERR_INVALID;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return RF_ERR_IO;
	ok = write_all(fd, data, len);
	close(fd);
	if (!ok) {
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			wipe_file(dfd, name);
			close(dfd);
		}
		return errno == ENOSPC ? RF_ERR_FULL : RF_ERR_IO;
	}
	return RF_OK;
}

char *memdir_read(const char *path, size_t max, size_t *len)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	char *buf = NULL;
	size_t size, n = 0;

	if (len != NULL)
		*len = 0;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max)
		goto out;
	size = (size_t)st.st_size;
	if ((buf = malloc(size + 1)) == NULL)
		goto out;
	while (n < size) {
		ssize_t r = read(fd, buf + n, size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	if (len != NULL)
		*len = n;
out:
	close(fd);
	return buf;
}

void memdir_wipe(const char *path)
{
	int dfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d;
	struct dirent *de;

	if (dfd < 0)
		return;
	if ((d = fdopendir(dfd)) == NULL) {
		close(dfd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			size_t n = strlen(path) + strlen(de->d_name) + 2;
			char *sub = malloc(n);
			if (sub != NULL) {
				snprintf(sub, n, "%s/%s", path, de->d_name);
				memdir_wipe(sub);
				free(sub);
			}
		} else if (S_ISREG(st.st_mode)) {
			wipe_file(dfd, de->d_name);
		} else {
			unlinkat(dfd, de->d_name, 0);
		}
	}
	closedir(d);
	rmdir(path);
}

void memdir_sweep(void)
{
	DIR *d = opendir(MEMDIR_ROOT);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char *end = NULL, path[512];
		long pid;
		struct stat st;
		if (strncmp(de->d_name, MEMDIR_PREFIX, strlen(MEMDIR_PREFIX)) != 0)
			continue;
		pid = strtol(de->d_name + strlen(MEMDIR_PREFIX), &end, 10);
		if (pid <= 0 || end == NULL || *end != '-')
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue; /* its reflect is still running */
		snprintf(path, sizeof path, "%s/%s", MEMDIR_ROOT, de->d_name);
		if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != getuid())
			continue;
		memdir_wipe(path);
	}
	closedir(d);
}
