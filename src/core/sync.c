/* sync.c - the exchange folder: receive what is addressed here, send what is due. */
#include "reflect/i18n.h"
#include "reflect/sync.h"
#include "reflect/deid.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

static rf_status push_event(sync_event **v, size_t *n, const sync_event *e)
{
	sync_event *p = realloc(*v, (*n + 1) * sizeof *p);

	if (p == NULL)
		return RF_ERR_NOMEM;
	*v = p;
	p[(*n)++] = *e;
	return RF_OK;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_bundle_name(const char *s)
{
	size_t n = strlen(s), k = strlen(SYNC_SUFFIX);

	return s[0] != '.' && n > k && n < 96 && strcmp(s + n - k, SYNC_SUFFIX) == 0;
}

/* Read a whole regular file (no links followed) of at most max bytes. */
static rf_status read_file(int dfd, const char *name, size_t max, unsigned char **out, size_t *len)
{
	struct stat sb;
	unsigned char *buf;
	size_t got = 0;
	int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	*out = NULL;
	*len = 0;
	if (fd < 0)
		return errno == ENOENT ? RF_ERR_NOT_FOUND : RF_ERR_IO;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return RF_ERR_IO;
	}
	if ((uintmax_t)sb.st_size > max) {
		close(fd);
		return RF_ERR_TOO_BIG;
	}
	buf = malloc((size_t)sb.st_size + 1);
	if (buf == NULL) {
		close(fd);
		return RF_ERR_NOMEM;
	}
	while (got < (size_t)sb.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)sb.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	*out = buf;
	*len = got;
	return RF_OK;
}

rf_status sync_write_bundle(const char *dir, const unsigned char id[BUNDLE_IDBYTES],
			    const unsigned char *data, size_t len, char *name_out)
{
	char idhex[2 * BUNDLE_IDBYTES + 1], name[96], tmp[96];
	size_t off = 0;
	int dfd, fd;
	rf_status st = RF_OK;

	bundle_id_hex(id, idhex);
	snprintf(name, sizeof name, "%s%s", idhex, SYNC_SUFFIX);
	snprintf(tmp, sizeof tmp, ".%s.tmp", idhex);
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return RF_ERR_IO;
	fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		close(dfd);
		return RF_ERR_IO;
	}
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			st = errno == ENOSPC ? RF_ERR_FULL : RF_ERR_IO;
			break;
		}
		off += (size_t)w;
	}
	if (st == RF_OK && fsync(fd) != 0)
		st = RF_ERR_IO;
	if (close(fd) != 0 && st == RF_OK)
		st = RF_ERR_IO;
	/* the name is the bundle's fresh random id: nothing is there to replace */
	if (st == RF_OK && renameat(dfd, tmp, dfd, name) != 0)
		st = RF_ERR_IO;
	if (st != RF_OK)
		unlinkat(dfd, tmp, 0);
	else
		(void)fsync(dfd);
	close(dfd);
	if (st == RF_OK && name_out != NULL)
		snprintf(name_out, 96, "%s", name);
	return st;
}

static rf_status receive_all(journal *j, const identity *me, const char *dir, sync_event **v,
			     size_t *n, rf_detail *d)
{
	DIR *dp = opendir(dir);
	strlist known = {0};
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0;
	rf_status st = RF_OK;
	int dfd;

	if (dp == NULL)
		return rf_fail(d, RF_ERR_IO, 0, 0, _("could not open the exchange folder %s: %s"), dir,
			       strerror(errno));
	while ((de = readdir(dp)) != NULL) {
		char **p;
		if (!is_bundle_name(de->d_name))
			continue;
		p = realloc(names, (nn + 1) * sizeof *p);
		if (p == NULL || (p[nn] = strdup(de->d_name)) == NULL) {
			if (p != NULL)
				names = p;
			st = RF_ERR_NOMEM;
			break;
		}
		names = p;
		nn++;
	}
	dfd = dirfd(dp);
	if (nn > 1)
		qsort(names, nn, sizeof *names, name_cmp);
	if (st == RF_OK)
		st = share_known_bundles(j, &known);
	for (size_t i = 0; i < nn && st == RF_OK; i++) {
		unsigned char *data = NULL;
		size_t len = 0;
		sync_event e;
		rf_status rs;
		memset(&e, 0, sizeof e);
		snprintf(e.file, sizeof e.file, "%s", names[i]);
		if (strlen(names[i]) == 2 * BUNDLE_IDBYTES + strlen(SYNC_SUFFIX)) {
			char stem[2 * BUNDLE_IDBYTES + 1];
			memcpy(stem, names[i], 2 * BUNDLE_IDBYTES);
			stem[2 * BUNDLE_IDBYTES] = '\0';
			if (strlist_has(&known, stem))
				continue; /* sent from here or received already: nothing to open */
		}
		rs = read_file(dfd, names[i], BUNDLE_FILE_MAX, &data, &len);
		if (rs == RF_ERR_NOT_FOUND)
			continue; /* taken away meanwhile */
		if (rs == RF_ERR_TOO_BIG) {
			e.what = SYNC_REFUSED;
			e.why = BUNDLE_TOO_BIG;
			st = push_event(v, n, &e);
			continue;
		}
		if (rs != RF_OK) {
			st = rs == RF_ERR_NOMEM ? rs : RF_OK; /* unreadable: next time */
			continue;
		}
		rs = share_receive(j, me, data, len, &e.r, &e.why);
		sodium_memzero(data, len);
		free(data);
		if (rs == RF_OK) {
			e.what = SYNC_RECEIVED;
			e.kind = e.r.kind;
			st = push_event(v, n, &e);
		} else if (rs == RF_ERR_REJECTED) {
			if (e.why == BUNDLE_NOT_FOR_ME || e.why == BUNDLE_REPLAY)
				continue; /* someone else's, or here already */
			e.what = SYNC_REFUSED;
			st = push_event(v, n, &e);
		} else {
			st = rs;
		}
	}
	for (size_t i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	strlist_clear(&known);
	closedir(dp);
	return st;
}

static rf_status send_one(journal *j, const char *dir, share_outgoing *o, sync_event **v,
			  size_t *n, rf_detail *d)
{
	sync_event e;
	rf_status st;

	memset(&e, 0, sizeof e);
	st = sync_write_bundle(dir, o->id, o->data, o->len, e.file);
	if (st != RF_OK)
		return rf_fail(d, st, 0, 0, _("could not write into the exchange folder %s: %s"), dir,
			       strerror(errno));
	st = share_record(j, o);
	if (st != RF_OK)
		return st;
	e.what = SYNC_SENT;
	e.kind = o->kind;
	snprintf(e.to, sizeof e.to, "%s", o->to);
	e.count = o->kind == BUNDLE_ENTRIES ? o->n : o->nitems;
	return push_event(v, n, &e);
}

/* What is marked for supervisor `to` holds identifying details: nothing goes to them until
 * it is settled, and the person is told which entry. */
static rf_status held_back(const char *to, const deid_findings *found, sync_event **v, size_t *n)
{
	sync_event e;

	memset(&e, 0, sizeof e);
	e.what = SYNC_HELD;
	e.kind = BUNDLE_ENTRIES;
	snprintf(e.to, sizeof e.to, "%s", to);
	e.count = found->n;
	e.entry = found->v[0].entry;
	return push_event(v, n, &e);
}

rf_status sync_run(journal *j, const identity *me, const char *dir, sync_event **v, size_t *n,
		   rf_detail *d)
{
	identity_contact *c = NULL;
	share_outgoing **msgs = NULL;
	size_t nc = 0, nm = 0;
	rf_status st;

	*v = NULL;
	*n = 0;
	st = receive_all(j, me, dir, v, n, d);
	if (st != RF_OK)
		return st;
	st = identity_contact_list(j, &c, &nc);
	for (size_t i = 0; st == RF_OK && i < nc; i++) {
		share_outgoing *o = NULL;
		const char *to = c[i].name;
		rf_detail quiet = {0, 0, ""};
		deid_findings found = {0};
		if (!c[i].supervisor || c[i].has_pending)
			continue;
		st = share_prepare_entries_deid(j, me, &to, 1, NULL, 0, true, SHARE_DEID_STOP, &found,
						NULL, &o, &quiet);
		if (st == RF_ERR_EXISTS || st == RF_ERR_INVALID)
			st = RF_OK; /* nothing marked, or nothing changed */
		else if (st == RF_ERR_REJECTED && found.n > 0)
			st = held_back(to, &found, v, n); /* said, and the rest goes on */
		else if (st == RF_OK)
			st = send_one(j, dir, o, v, n, d);
		deid_findings_clear(&found);
		share_outgoing_free(&o);
	}
	free(c);
	if (st == RF_OK)
		st = share_prepare_messages(j, me, NULL, false, &msgs, &nm, d);
	for (size_t i = 0; i < nm; i++) {
		if (st == RF_OK)
			st = send_one(j, dir, msgs[i], v, n, d);
		share_outgoing_free(&msgs[i]);
	}
	free(msgs);
	return st;
}
