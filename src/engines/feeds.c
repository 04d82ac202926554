/*
 * Feed import. Files are read whole (lists, KEV, single OSV records: all
 * capped), streamed (tracker JSON) or walked entry by entry (OSV zip), and
 * written to the store in one transaction per file.
 */
#include "engines/feeds.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "parse/dsa_list.h"
#include "parse/kev.h"
#include "parse/osv.h"
#include "parse/tracker_json.h"
#include "store/feeds.h"
#include "util/fileio.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "util/lazylib.h"

/* libarchive, loaded when first needed; every use follows a karchive_load() that succeeded */
#define LA karchive_load(NULL)

static const char *const kind_names[FEED__COUNT] = { "auto", "dsa", "dla", "kev", "osv", "tracker" };

const char *feed_kind_name(enum feed_kind k)
{
	return (unsigned)k < FEED__COUNT ? kind_names[k] : "?";
}

int feed_kind_parse(const char *s, enum feed_kind *out)
{
	size_t i;

	for (i = 0; i < FEED__COUNT; i++)
		if (!strcmp(s, kind_names[i])) {
			*out = (enum feed_kind)i;
			return 0;
		}
	return -EINVAL;
}

static bool ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

enum feed_kind feed_detect(const char *buf, size_t len)
{
	static const char *const kev_keys[] = { "title", "catalogVersion", "dateReleased", "count", "vulnerabilities" };
	static const char *const osv_keys[] = { "id", "schema_version", "modified", "published", "aliases", "summary",
						"details", "affected", "withdrawn", "related", "upstream", "severity",
						"database_specific", "references", "credits" };
	size_t i = 0, k, start;

	if (len >= 4 && !memcmp(buf, "PK\x03\x04", 4))
		return FEED_OSV;
	while (i < len && ws(buf[i]))
		i++;
	if (i < len && buf[i] == '[') {
		const char *id = memchr(buf + i, ']', len - i);
		if (id && (size_t)(id - buf) + 5 < len) {
			if (!memcmp(id + 2, "DLA-", 4))
				return FEED_DLA;
			if (!memcmp(id + 2, "DSA-", 4) || !memcmp(id + 2, "DTSA", 4))
				return FEED_DSA;
		}
		return FEED_AUTO;
	}
	if (i >= len || buf[i] != '{')
		return FEED_AUTO;
	for (i++; i < len && ws(buf[i]); i++)
		;
	if (i >= len || buf[i] != '"')
		return FEED_AUTO;
	start = ++i;
	while (i < len && buf[i] != '"' && buf[i] != '\\')
		i++;
	if (i >= len)
		return FEED_AUTO;
	for (k = 0; k < sizeof(kev_keys) / sizeof(kev_keys[0]); k++)
		if (i - start == strlen(kev_keys[k]) && !memcmp(buf + start, kev_keys[k], i - start))
			return FEED_KEV;
	for (k = 0; k < sizeof(osv_keys) / sizeof(osv_keys[0]); k++)
		if (i - start == strlen(osv_keys[k]) && !memcmp(buf + start, osv_keys[k], i - start))
			return FEED_OSV;
	return FEED_TRACKER;	/* a package name */
}

/* ---- input ---- */

static int open_regular(const char *path, struct stat *st, struct err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	if (fd < 0)
		return err_set(err, -errno, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
		close(fd);
		return err_set(err, -EINVAL, "cannot import '%s': not a regular file", path);
	}
	return fd;
}

static void sha256_hex(GChecksum *c, char out[65])
{
	snprintf(out, 65, "%s", g_checksum_get_string(c));
}

/* sha256 of a whole file, read in chunks. */
static int hash_fd(int fd, const char *path, char out[65], struct err *err)
{
	GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
	char *buf = xmalloc(FEED_STREAM_CHUNK);
	ssize_t n;
	int r = 0;

	while ((n = read(fd, buf, FEED_STREAM_CHUNK)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = err_set(err, -errno, "cannot read '%s': %s", path, strerror(errno));
			break;
		}
		g_checksum_update(c, (const guchar *)buf, (gssize)n);
	}
	if (r == 0)
		sha256_hex(c, out);
	g_checksum_free(c);
	free(buf);
	if (r == 0 && lseek(fd, 0, SEEK_SET) < 0)
		r = err_set(err, -errno, "cannot rewind '%s': %s", path, strerror(errno));
	return r;
}

static void strv_release(char **v, size_t n)
{
	while (n)
		free(v[--n]);
	free(v);
}

/* ---- DSA / DLA ---- */

static int import_list(struct store *s, const char *feed, const struct strbuf *in, const char *path, char as_of[11],
		       struct feed_import *res, struct err *err)
{
	struct dsa_list l;
	size_t i, j;
	int r;

	if (in->len && in->buf[in->len - 1] != '\n')
		return err_set(err, -EINVAL, "'%s' is truncated: the last line has no line feed", path);
	r = dsa_list_parse(in->buf, in->len, &l, err);
	if (r < 0) {
		err_prefix(err, "'%s'", path);
		return r;
	}
	if (l.bad.n) {
		r = err_set(err, -EINVAL, "'%s' line %zu: %s (%zu malformed lines; nothing imported)", path,
			    l.bad.line[0], l.bad.why[0], l.bad.n);
		goto out;
	}
	if (!l.n) {
		r = err_set(err, -EINVAL, "'%s' holds no advisories", path);
		goto out;
	}
	r = store_feed_begin(s, feed, true, err);
	if (r < 0)
		goto out;
	for (i = 0; i < l.n && r == 0; i++) {
		const struct dsa_entry *e = &l.v[i];
		struct store_fix *fx = xcalloc(e->n_fixes ? e->n_fixes : 1, sizeof(*fx));
		struct store_advisory a = { .id = e->id, .published = e->date, .source = e->source[0] ? e->source : NULL,
					    .title = e->title, .cves = (const char *const *)e->cves,
					    .n_cves = e->n_cves, .fixes = fx, .n_fixes = e->n_fixes };

		for (j = 0; j < e->n_fixes; j++) {
			fx[j].release = e->fixes[j].release;
			fx[j].package = e->fixes[j].package;
			fx[j].fixed = e->fixes[j].version;
			fx[j].tag = e->fixes[j].tag;
		}
		r = store_feed_advisory(s, feed, &a, err);
		free(fx);
	}
	if (r < 0) {
		store_feed_rollback(s);
		goto out;
	}
	res->records = l.n;
	memcpy(as_of, l.newest, 11);
out:
	dsa_list_free(&l);
	return r;
}

/* ---- KEV ---- */

static int import_kev(struct store *s, const struct strbuf *in, const char *path, char as_of[11],
		      struct feed_import *res, struct err *err)
{
	struct kev_catalog c;
	size_t i;
	int r = kev_parse(in->buf, in->len, &c, err);

	if (r < 0) {
		err_prefix(err, "'%s'", path);
		return r;
	}
	r = store_feed_begin(s, "kev", true, err);
	for (i = 0; i < c.n && r == 0; i++) {
		const struct kev_entry *e = &c.v[i];
		struct store_kev k = { e->cve, e->vendor, e->product, e->name, e->date_added,
				       e->due_date[0] ? e->due_date : NULL, e->ransomware };

		r = store_feed_kev(s, &k, err);
		if (r < 0)
			store_feed_rollback(s);
	}
	if (r == 0) {
		res->records = c.n;
		memcpy(as_of, c.released[0] ? c.released : c.newest, 11);
	}
	kev_free(&c);
	return r;
}

/* ---- OSV ---- */

static void max_date(char as_of[11], const char *d)
{
	if (d && strlen(d) >= 10 && strncmp(d, as_of, 10) > 0) {
		memcpy(as_of, d, 10);
		as_of[10] = '\0';
	}
}

/* Stores one parsed record unless the same version of it is there. Inside a transaction. */
static int store_osv(struct store *s, const struct osv_record *o, char as_of[11], bool *changed, struct err *err)
{
	struct store_fix *fx = NULL;
	size_t nfx = 0, alloc = 0, i, j;
	char *old = NULL;
	char **tags = NULL;
	size_t ntags = 0;
	int r;

	r = store_feed_advisory_modified(s, "osv", o->id, &old, err);
	if (r < 0)
		return r;
	if (old && o->modified[0] && !strcmp(old, o->modified)) {
		free(old);
		return 0;
	}
	free(old);
	for (i = 0; i < o->n_aff; i++) {
		const struct osv_affected *a = &o->aff[i];

		if (!a->release)
			continue;	/* only Debian ecosystems are matched */
		for (j = 0; j < a->n_ranges; j++) {
			const struct osv_range *rg = &a->ranges[j];

			ALLOC_GROW(fx, nfx + 1, alloc);
			memset(&fx[nfx], 0, sizeof(fx[nfx]));
			fx[nfx].release = a->release;
			fx[nfx].package = a->package;
			fx[nfx].introduced = rg->introduced && strcmp(rg->introduced, "0") ? rg->introduced : NULL;
			fx[nfx].fixed = rg->fixed;
			if (!rg->fixed && rg->last_affected) {
				tags = xrealloc(tags, st_mult(ntags + 1, sizeof(*tags)));
				tags[ntags] = xasprintf("last_affected:%s", rg->last_affected);
				fx[nfx].tag = tags[ntags++];
			} else if (!rg->fixed) {
				fx[nfx].tag = "unfixed";
			}
			nfx++;
		}
	}
	{
		struct store_advisory a = { .id = o->id, .published = o->published[0] ? o->published : NULL,
					    .modified = o->modified, .title = o->summary,
					    .cves = (const char *const *)o->cves, .n_cves = o->n_cves,
					    .fixes = fx, .n_fixes = nfx };
		r = store_feed_advisory(s, "osv", &a, err);
	}
	max_date(as_of, o->published);
	max_date(as_of, o->modified);
	*changed = true;
	free(fx);
	strv_release(tags, ntags);
	return r;
}

static int import_osv_json(struct store *s, const struct strbuf *in, const char *path, char as_of[11],
			   bool *changed, struct feed_import *res, struct err *err)
{
	struct osv_record o;
	int r = osv_parse(in->buf, in->len, &o, err);

	if (r < 0) {
		err_prefix(err, "'%s'", path);
		return r;
	}
	r = store_feed_begin(s, "osv", false, err);
	if (r == 0) {
		r = store_osv(s, &o, as_of, changed, err);
		if (r < 0)
			store_feed_rollback(s);
	}
	if (r == 0)
		res->records = 1;
	osv_free(&o);
	return r;
}

static int import_osv_zip(struct store *s, int fd, const char *path, char as_of[11], bool *changed,
			  struct feed_import *res, struct err *err)
{
	struct archive *a;
	struct archive_entry *ent;
	struct strbuf buf = STRBUF_INIT;
	size_t entries = 0;
	int r, ar;

	if (!karchive_load(err))
		return err ? err->code : -ENOENT;
	a = LA->read_new();
	if (!a)
		return err_set(err, -ENOMEM, "out of memory");
	LA->read_support_format_zip_seekable(a);	/* reads the central directory: a cut archive is an error */
	if (LA->read_open_fd(a, fd, 65536) != ARCHIVE_OK) {
		r = err_set(err, -EINVAL, "'%s': not a readable zip archive: %s", path, LA->error_string(a));
		LA->read_free(a);
		return r;
	}
	r = store_feed_begin(s, "osv", false, err);
	if (r < 0)
		goto out;
	while ((ar = LA->read_next_header(a, &ent)) == ARCHIVE_OK) {
		const char *name = LA->entry_pathname(ent);
		la_int64_t size = LA->entry_size(ent);
		struct osv_record o;
		struct err e;
		ssize_t n;

		if (++entries > FEED_MAX_ZIP_ENTRIES) {
			r = err_set(err, -EFBIG, "'%s': more than %zu entries", path, FEED_MAX_ZIP_ENTRIES);
			goto fail;
		}
		if (LA->entry_filetype(ent) != AE_IFREG || !name || strlen(name) < 6 ||
		    strcmp(name + strlen(name) - 5, ".json") != 0)
			continue;
		if (size < 0 || (size_t)size > OSV_MAX_BYTES) {
			r = err_set(err, -EFBIG, "'%s': entry '%.200s' is larger than %zu bytes", path, name,
				    OSV_MAX_BYTES);
			goto fail;
		}
		strbuf_reset(&buf);
		if (strbuf_grow(&buf, (size_t)size + 1) < 0) {
			r = err_set(err, -ENOMEM, "out of memory");
			goto fail;
		}
		n = LA->read_data(a, buf.buf, (size_t)size + 1);
		if (n < 0 || n != (ssize_t)size) {
			r = err_set(err, -EINVAL, "'%s': cannot read entry '%.200s': %s", path, name,
				    n < 0 ? LA->error_string(a) : "size differs from the header");
			goto fail;
		}
		buf.len = (size_t)n;	/* strbuf_setlen only shortens; the bytes are there (grown above) */
		buf.buf[buf.len] = '\0';
		if (osv_parse(buf.buf, buf.len, &o, &e) < 0) {
			if (!res->skipped++)
				snprintf(res->first_skip, sizeof(res->first_skip), "%.100s: %.140s", name, e.msg);
			continue;
		}
		r = store_osv(s, &o, as_of, changed, err);
		osv_free(&o);
		if (r < 0)
			goto fail;
		res->records++;
	}
	if (ar != ARCHIVE_EOF) {
		r = err_set(err, -EINVAL, "'%s': damaged or truncated zip archive: %s", path, LA->error_string(a));
		goto fail;
	}
	if (!res->records) {
		r = err_set(err, -EINVAL, "'%s' holds no OSV records", path);
		goto fail;
	}
	r = 0;
	goto out;
fail:
	store_feed_rollback(s);
out:
	strbuf_release(&buf);
	LA->read_free(a);
	return r;
}

/* ---- tracker ---- */

struct tracker_ctx {
	struct store *s;
};

static int tracker_row(void *ctx, const struct tracker_rec *r, struct err *err)
{
	struct tracker_ctx *c = ctx;
	struct store_tracker t = { r->release, r->package, r->cve, r->status, r->fixed_version, r->urgency };

	return store_feed_tracker(c->s, &t, err);
}

static int import_tracker(struct store *s, int fd, const char *path, struct feed_import *res, struct err *err)
{
	struct tracker_ctx c = { s };
	struct tracker_stream *ts;
	char *buf;
	ssize_t n;
	int r;

	r = store_feed_begin(s, "tracker", true, err);
	if (r < 0)
		return r;
	ts = tracker_stream_new(tracker_row, &c);
	buf = xmalloc(FEED_STREAM_CHUNK);
	while ((n = read(fd, buf, FEED_STREAM_CHUNK)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = err_set(err, -errno, "cannot read '%s': %s", path, strerror(errno));
			break;
		}
		res->bytes += (size_t)n;
		r = tracker_stream_feed(ts, buf, (size_t)n, err);
		if (r < 0) {
			err_prefix(err, "'%s'", path);
			break;
		}
	}
	if (r == 0 && (r = tracker_stream_end(ts, err)) < 0)
		err_prefix(err, "'%s'", path);
	if (r == 0 && !tracker_stream_packages(ts))
		r = err_set(err, -EINVAL, "'%s' holds no packages", path);
	res->records = tracker_stream_records(ts);
	tracker_stream_free(ts);
	free(buf);
	if (r < 0)
		store_feed_rollback(s);
	return r;
}

/* ---- one file ---- */

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int feeds_import_file(struct store *s, const char *path, enum feed_kind kind, const char *source, time_t now,
		      struct feed_import *res, struct err *err)
{
	struct strbuf in = STRBUF_INIT;
	struct stat st;
	char head[4096], sha[65], old[65], as_of[11] = "";
	double t0 = mono();
	bool changed = false;
	ssize_t nh;
	int fd, r;

	memset(res, 0, sizeof(*res));
	fd = open_regular(path, &st, err);
	if (fd < 0)
		return fd;
	while ((nh = pread(fd, head, sizeof(head), 0)) < 0 && errno == EINTR)
		;
	if (nh < 0) {
		r = err_set(err, -errno, "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	if (kind == FEED_AUTO || (kind == FEED_DSA && nh > 0 && feed_detect(head, (size_t)nh) == FEED_DLA))
		kind = feed_detect(head, (size_t)nh);
	if (kind == FEED_AUTO) {
		r = err_set(err, -EINVAL, "'%s' is not a feed kyuka knows (DSA/DLA list, KEV, OSV, tracker JSON)",
			    path);
		goto out;
	}
	res->kind = kind;
	r = hash_fd(fd, path, sha, err);
	if (r < 0)
		goto out;
	r = store_feed_sha256(s, feed_kind_name(kind), old, err);
	if (r < 0)
		goto out;
	if (!strcmp(sha, old)) {
		res->unchanged = true;
		res->bytes = (size_t)st.st_size;
		r = store_feed_touch(s, feed_kind_name(kind), source ? source : path, now, err);
		goto out;
	}
	if (kind == FEED_TRACKER) {
		struct tm tm;
		time_t mt = st.st_mtime;

		r = import_tracker(s, fd, path, res, err);
		if (r == 0 && gmtime_r(&mt, &tm))
			strftime(as_of, sizeof(as_of), "%Y-%m-%d", &tm);
		changed = true;
	} else if (kind == FEED_OSV && nh >= 4 && !memcmp(head, "PK\x03\x04", 4)) {
		res->bytes = (size_t)st.st_size;
		r = import_osv_zip(s, fd, path, as_of, &changed, res, err);
	} else {
		r = read_fd_max(fd, kind == FEED_KEV ? KEV_MAX_BYTES : kind == FEED_OSV ? OSV_MAX_BYTES : FEED_MAX_LIST,
				&in);
		if (r == -EFBIG) {
			r = err_set(err, r, "'%s' is too large for a %s feed", path, feed_kind_name(kind));
			goto out;
		} else if (r < 0) {
			r = err_set(err, r, "cannot read '%s': %s", path, strerror(-r));
			goto out;
		}
		res->bytes = in.len;
		if (kind == FEED_DSA || kind == FEED_DLA)
			r = import_list(s, feed_kind_name(kind), &in, path, as_of, res, err);
		else if (kind == FEED_KEV)
			r = import_kev(s, &in, path, as_of, res, err);
		else
			r = import_osv_json(s, &in, path, as_of, &changed, res, err);
		if (kind != FEED_OSV)
			changed = true;
	}
	if (r < 0)
		goto out;
	if (kind == FEED_OSV && !changed) {
		/* every record was there already, at the same modification */
		store_feed_rollback(s);
		res->unchanged = true;
		r = store_feed_touch(s, "osv", source ? source : path, now, err);
		goto out;
	}
	{
		struct store_feed_meta m = { .name = feed_kind_name(kind), .source = source ? source : path,
					     .sha256 = sha, .as_of = as_of[0] ? as_of : NULL, .now = now };
		r = store_feed_commit(s, &m, err);
	}
out:
	res->seconds = mono() - t0;
	strbuf_release(&in);
	close(fd);
	return r;
}
