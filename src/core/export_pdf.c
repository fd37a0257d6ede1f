/* export_pdf.c - printing the HTML export to PDF with headless Chromium: the page goes
 * through a private file in memory, the PDF comes back into memory, and a portfolio's page
 * references are taken from where Chromium put each entry. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "reflect/deid.h"
#include "reflect/export.h"
#include "reflect/journal.h"
#include "reflect/memdir.h"

/* A PDF larger than this is not read back. */
#define PDF_MAX ((size_t)1 << 30)
/* How long Chromium may take to print, in seconds. */
#define PRINT_TIMEOUT 300
/* How many times a portfolio may be printed to settle its page references. */
#define PRINT_PASSES 4

const char *export_pdf_browser(void)
{
	static const char *const names[] = {"chromium", "chromium-browser", "google-chrome-stable",
					    "google-chrome"};
	static char found[4096];
	const char *path = getenv("PATH");

	if (path == NULL || *path == '\0')
		path = "/usr/local/bin:/usr/bin:/bin";
	for (size_t n = 0; n < sizeof names / sizeof *names; n++) {
		const char *p = path;
		while (*p) {
			const char *end = strchr(p, ':');
			size_t dl = end ? (size_t)(end - p) : strlen(p);
			int k = snprintf(found, sizeof found, "%.*s/%s", (int)dl, dl ? p : ".",
					 names[n]);
			if (k > 0 && (size_t)k < sizeof found && access(found, X_OK) == 0) {
				struct stat sb;
				if (stat(found, &sb) == 0 && S_ISREG(sb.st_mode))
					return found;
			}
			p = end ? end + 1 : p + dl;
		}
	}
	return NULL;
}

/* Run the browser on page, printing to out, with its profile and every file it makes in dir.
 * RF_OK when it exited cleanly. */
static rf_status run_browser(const char *browser, const char *dir, const char *page,
			     const char *out)
{
	char profile[512], a_profile[600], a_out[600], url[600];
	pid_t pid;
	int status = 0, waited = 0;

	snprintf(profile, sizeof profile, "%s/profile", dir);
	if (mkdir(profile, 0700) != 0)
		return RF_ERR_IO;
	snprintf(a_profile, sizeof a_profile, "--user-data-dir=%s", profile);
	snprintf(a_out, sizeof a_out, "--print-to-pdf=%s", out);
	snprintf(url, sizeof url, "file://%s", page);
	pid = fork();
	if (pid < 0)
		return RF_ERR_IO;
	if (pid == 0) {
		/* The page is reflect's own (no script, no outside resource, a policy that
		 * forbids both), so Chromium runs without its sandbox, which needs privileges
		 * a container or root account may not have. */
		char *const argv[] = {(char *)browser,
				      "--headless",
				      "--no-sandbox",
				      "--disable-gpu",
				      "--disable-quic",
				      "--no-first-run",
				      "--disable-background-networking",
				      "--disable-component-update",
				      "--disable-sync",
				      "--disable-extensions",
				      "--disable-crash-reporter",
				      "--proxy-server=127.0.0.1:9",
				      "--no-pdf-header-footer",
				      "--print-to-pdf-no-header",
				      a_profile,
				      a_out,
				      url,
				      NULL};
		int null = open("/dev/null", O_RDWR);
		setpgid(0, 0);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
		}
		/* Anything it would keep (caches, crash reports) stays in the private place. */
		setenv("HOME", dir, 1);
		setenv("XDG_CONFIG_HOME", dir, 1);
		setenv("XDG_CACHE_HOME", dir, 1);
		setenv("XDG_DATA_HOME", dir, 1);
		if (chdir(dir) != 0)
			_exit(127);
		execv(browser, argv);
		_exit(127);
	}
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			status = -1;
			break;
		}
		if (waited >= PRINT_TIMEOUT * 20) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			status = -1;
			break;
		}
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
		waited++;
	}
	/* Helpers it started and left behind go with it. */
	kill(-pid, SIGKILL);
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? RF_OK : RF_ERR_IO;
}

rf_status export_pdf_print(const char *browser, const char *html, size_t html_len,
			   unsigned char **pdf, size_t *len)
{
	char dir[256], page[512], out[512];
	rf_status st;
	char *buf;
	size_t n = 0;

	*pdf = NULL;
	*len = 0;
	if (browser == NULL)
		return RF_ERR_NOT_FOUND;
	if ((st = memdir_make(dir, sizeof dir)) != RF_OK)
		return st;
	st = memdir_write(dir, "portfolio.html", html, html_len, page, sizeof page);
	if (st == RF_OK) {
		snprintf(out, sizeof out, "%s/portfolio.pdf", dir);
		st = run_browser(browser, dir, page, out);
	}
	if (st == RF_OK) {
		buf = memdir_read(out, PDF_MAX, &n);
		if (buf == NULL || n < 8 || memcmp(buf, "%PDF-", 5) != 0) {
			if (buf != NULL) {
				sodium_memzero(buf, n);
				free(buf);
			}
			st = RF_ERR_IO;
		} else {
			*pdf = (unsigned char *)buf;
			*len = n;
		}
	}
	memdir_wipe(dir);
	return st;
}

/* ---- reading back where the pages are ---- */

typedef struct pdf_obj {
	long num;
	size_t at; /* offset of what follows "N 0 obj" */
} pdf_obj;

/* The first n in h (hl bytes), or NULL. */
static const unsigned char *find(const unsigned char *h, size_t hl, const char *n)
{
	size_t nl = strlen(n);

	if (nl == 0 || hl < nl)
		return NULL;
	for (const unsigned char *p = h, *last = h + hl - nl;
	     p <= last && (p = memchr(p, (unsigned char)n[0], (size_t)(last - p) + 1)) != NULL;
	     p++)
		if (memcmp(p, n, nl) == 0)
			return p;
	return NULL;
}

/* Every "N 0 obj" at the start of a line, in file order. The caller frees *out. */
static size_t objects(const unsigned char *pdf, size_t len, pdf_obj **out)
{
	size_t n = 0, cap = 0;
	pdf_obj *v = NULL;

	for (size_t i = 0; i + 6 < len;) {
		const unsigned char *p = find(pdf + i, len - i, " 0 obj");
		size_t at, b;
		if (p == NULL)
			break;
		at = (size_t)(p - pdf);
		b = at;
		while (b > 0 && pdf[b - 1] >= '0' && pdf[b - 1] <= '9')
			b--;
		if (b < at && (b == 0 || pdf[b - 1] == '\n' || pdf[b - 1] == '\r')) {
			if (n == cap) {
				size_t nc = cap ? cap * 2 : 256;
				pdf_obj *nv = realloc(v, nc * sizeof *nv);
				if (nv == NULL)
					break;
				v = nv;
				cap = nc;
			}
			v[n].num = strtol((const char *)pdf + b, NULL, 10);
			v[n].at = at + 6;
			n++;
		}
		i = at + 6;
	}
	*out = v;
	return n;
}

static const pdf_obj *object(const pdf_obj *v, size_t n, long num)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].num == num)
			return &v[i];
	return NULL;
}

/* The dictionary text of an object (up to its "endobj"), as a bounded span. */
static size_t obj_span(const unsigned char *pdf, size_t len, const pdf_obj *o)
{
	const unsigned char *e = find(pdf + o->at, len - o->at, "endobj");

	return e ? (size_t)(e - (pdf + o->at)) : len - o->at;
}

static bool is_pages(const unsigned char *pdf, size_t len, const pdf_obj *o)
{
	size_t sp = obj_span(pdf, len, o);

	return find(pdf + o->at, sp, "/Type /Pages") != NULL;
}

/* Walk the page tree from node, numbering leaves; *found is the page of object target. */
static void walk(const unsigned char *pdf, size_t len, const pdf_obj *v, size_t n, long node,
		 long target, int *count, int *found, int depth)
{
	const pdf_obj *o = object(v, n, node);
	const unsigned char *kids, *p, *end;
	size_t sp;

	if (o == NULL || depth > 32)
		return;
	if (!is_pages(pdf, len, o)) {
		(*count)++;
		if (node == target && *found == 0)
			*found = *count;
		return;
	}
	sp = obj_span(pdf, len, o);
	if ((kids = find(pdf + o->at, sp, "/Kids [")) == NULL)
		return;
	p = kids + 7;
	end = pdf + o->at + sp;
	while (p < end && *p != ']') {
		char *e = NULL;
		long k = strtol((const char *)p, &e, 10);
		if (e == NULL || (const unsigned char *)e == p)
			break;
		walk(pdf, len, v, n, k, target, count, found, depth + 1);
		/* past " 0 R" */
		p = (const unsigned char *)e;
		while (p < end && *p != 'R' && *p != ']')
			p++;
		if (p < end && *p == 'R')
			p++;
		while (p < end && *p == ' ')
			p++;
	}
}

int export_pdf_dest_page(const unsigned char *pdf, size_t len, const char *name, int *pages)
{
	pdf_obj *v = NULL;
	size_t n = objects(pdf, len, &v);
	long root = -1, target = -1;
	int count = 0, found = 0;
	char key[200];

	if (pages != NULL)
		*pages = 0;
	/* The root of the page tree: a /Pages node without a /Parent. */
	for (size_t i = 0; i < n && root < 0; i++)
		if (is_pages(pdf, len, &v[i]) &&
		    find(pdf + v[i].at, obj_span(pdf, len, &v[i]), "/Parent") == NULL)
			root = v[i].num;
	if (name != NULL) {
		const unsigned char *d;
		snprintf(key, sizeof key, "/%s [", name);
		if ((d = find(pdf, len, key)) != NULL)
			target = strtol((const char *)d + strlen(key), NULL, 10);
	}
	if (root >= 0)
		walk(pdf, len, v, n, root, target, &count, &found, 0);
	free(v);
	if (pages != NULL)
		*pages = count;
	return found;
}

/* ---- a whole export, printed ---- */

/* Render the plan as HTML into memory. The caller wipes and frees *html. */
static rf_status render_html(journal *j, const export_plan *p, const deid_list *ids, bool redact,
			     const export_options *o, char **html, size_t *len, size_t *replaced,
			     int64_t *rejected)
{
	export_writer *w = NULL;
	const char *b;
	rf_status st;

	*html = NULL;
	*len = 0;
	if ((st = export_begin(o, NULL, &w)) != RF_OK)
		return st;
	st = export_plan_write(j, p, ids, redact, w, replaced, rejected);
	if (st == RF_OK)
		st = export_finish(w);
	if (st == RF_OK) {
		b = export_buffer(w, len);
		if ((*html = malloc(*len + 1)) == NULL)
			st = RF_ERR_NOMEM;
		else
			memcpy(*html, b, *len + 1);
	}
	export_writer_free(&w);
	return st;
}

static void wipe(void *p, size_t n)
{
	if (p != NULL) {
		sodium_memzero(p, n);
		free(p);
	}
}

rf_status export_plan_pdf(journal *j, const export_plan *p, const deid_list *ids, bool redact,
			  const export_options *o, const char *browser, FILE *out,
			  size_t *replaced, int64_t *rejected)
{
	export_options po = *o;
	int *pages = NULL, *next = NULL;
	unsigned char *pdf = NULL;
	size_t pdflen = 0;
	rf_status st = RF_OK;

	po.format = EXPORT_HTML;
	if (po.rows != NULL && po.nrows > 0) {
		if ((pages = calloc(po.nrows, sizeof *pages)) == NULL ||
		    (next = calloc(po.nrows, sizeof *next)) == NULL) {
			free(pages);
			return RF_ERR_NOMEM;
		}
		/* A first guess as wide as the real numbers will be, so the pages hardly move. */
		for (size_t i = 0; i < po.nrows; i++)
			pages[i] = (int)(po.nrows + 1);
		po.pages = pages;
	}
	for (int pass = 0; pass < PRINT_PASSES; pass++) {
		char *html = NULL;
		size_t hlen = 0;
		bool settled = true;
		wipe(pdf, pdflen);
		pdf = NULL;
		st = render_html(j, p, ids, redact, &po, &html, &hlen, replaced, rejected);
		if (st == RF_OK)
			st = export_pdf_print(browser, html, hlen, &pdf, &pdflen);
		wipe(html, hlen);
		if (st != RF_OK || pages == NULL)
			break;
		for (size_t i = 0; i < po.nrows; i++) {
			char name[64];
			snprintf(name, sizeof name, "entry-%lld", (long long)po.rows[i].id);
			next[i] = export_pdf_dest_page(pdf, pdflen, name, NULL);
			settled = settled && next[i] == pages[i];
		}
		if (settled)
			break;
		memcpy(pages, next, po.nrows * sizeof *pages);
	}
	if (st == RF_OK && fwrite(pdf, 1, pdflen, out) != pdflen)
		st = errno == ENOSPC ? RF_ERR_FULL : RF_ERR_IO;
	if (st == RF_OK && fflush(out) != 0)
		st = errno == ENOSPC ? RF_ERR_FULL : RF_ERR_IO;
	wipe(pdf, pdflen);
	free(pages);
	free(next);
	return st;
}
