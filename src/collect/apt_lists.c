/*
 * Pending upgrades from apt's own lists (see collect/packages.h): the
 * sources (sources.list and sources.list.d), the lists they name under
 * /var/lib/apt/lists (plain, .lz4, .xz or .gz), apt's preferences and
 * dpkg's status, all through the root; the candidates are chosen by
 * parse/apt_policy.c.
 */
#include "collect/packages.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "parse/apt_policy.h"
#include "parse/apt_prefs.h"
#include "parse/deb822.h"
#include "util/lazylib.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define LISTS_DIR "/var/lib/apt/lists"
#define APT_LIST_MAX ((size_t)1 << 30)		/* a decompressed Packages index */
#define APT_LIST_FILE_MAX ((size_t)256 << 20)	/* a compressed one */
#define APT_MAX_INDEXES 512
#define APT_MAX_LIST_NAMES 100000

struct src_ent {
	char *uri_file;	/* "deb.debian.org_debian_dists_bookworm_" */
	char *site;
	char **comps;
	size_t n_comps;
	char **archs;	/* from arch= / Architectures:, NULL: the native and foreign ones */
	size_t n_archs;
};

struct lists {
	struct src_ent *src;
	size_t n_src, alloc_src;
	char **names;	/* files in /var/lib/apt/lists */
	size_t n_names;
	char *archs[16];
	size_t n_archs;
	struct apt_index *idx;
	struct apt_release *rel;
	struct strbuf *data;
	char **comp, **arch;
	size_t n_idx;
	const char *unsupported;
};

static bool has_name(const struct lists *l, const char *name)
{
	size_t lo = 0, hi = l->n_names;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(l->names[mid], name);

		if (!c)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* apt's URItoFileName for http(s)://host/path plus "dists/SUITE/"; NULL (l->unsupported set) otherwise. */
static char *uri_file(struct lists *l, struct span uri, struct span suite, char **site)
{
	struct strbuf sb = STRBUF_INIT;
	struct span rest;
	const char *slash;
	size_t i;

	if (span_starts_with(uri, "http://"))
		rest = SPAN(uri.p + 7, uri.len - 7);
	else if (span_starts_with(uri, "https://"))
		rest = SPAN(uri.p + 8, uri.len - 8);
	else {
		l->unsupported = "a source that is not http:// or https://";
		return NULL;
	}
	for (i = 0; i < rest.len; i++)
		if (strchr("\\|{}[]<>\"^~_=!@#$%&*'`", rest.p[i]) || (unsigned char)rest.p[i] <= ' ') {
			l->unsupported = "a source URI apt quotes in its list names";
			return NULL;
		}
	for (i = 0; i < suite.len; i++)
		if (strchr("\\|{}[]<>\"^~_=!@#$%&*'`()", suite.p[i]) || (unsigned char)suite.p[i] <= ' ') {
			l->unsupported = "a suite apt quotes in its list names (or a variable)";
			return NULL;
		}
	if (suite.len && suite.p[suite.len - 1] == '/') {
		l->unsupported = "a flat repository";
		return NULL;
	}
	slash = memchr(rest.p, '/', rest.len);
	*site = xstrndup(rest.p, slash ? (size_t)(slash - rest.p) : rest.len);
	if (memchr(*site, ':', strlen(*site)))
		(*site)[strcspn(*site, ":")] = '\0';
	strbuf_add(&sb, rest.p, rest.len);
	if (!sb.len || sb.buf[sb.len - 1] != '/')
		strbuf_addch(&sb, '/');
	strbuf_addf(&sb, "dists/%.*s/", (int)suite.len, suite.p);
	for (i = 0; i < sb.len; i++)
		if (sb.buf[i] == '/')
			sb.buf[i] = '_';
	return strbuf_detach(&sb, NULL);
}

static char **words(struct span s, size_t *n)
{
	struct span rest = s, w;
	char **v = NULL;

	*n = 0;
	while (rest.p && span_next_word(&rest, &w) && *n < 64) {
		v = xrealloc(v, st_mult(*n + 1, sizeof(*v)));
		v[(*n)++] = xstrndup(w.p, w.len);
	}
	return v;
}

static void add_source(struct lists *l, struct span uri, struct span suite, struct span comps, struct span archs)
{
	struct src_ent e = { 0 };

	e.uri_file = uri_file(l, uri, suite, &e.site);
	if (!e.uri_file)
		return;
	e.comps = words(comps, &e.n_comps);
	if (archs.p)
		e.archs = words(archs, &e.n_archs);
	ALLOC_GROW(l->src, l->n_src + 1, l->alloc_src);
	l->src[l->n_src++] = e;
}

/* "deb [arch=amd64 signed-by=...] http://deb.debian.org/debian bookworm main contrib" */
static void one_line_sources(struct lists *l, struct span text)
{
	struct span rest = text, line;

	while (span_next_line(&rest, &line)) {
		struct span w, uri, suite, archs = SPAN(NULL, 0);
		const char *hash = memchr(line.p, '#', line.len);
		char buf[512];

		if (hash)
			line.len = (size_t)(hash - line.p);
		if (!span_next_word(&line, &w) || !span_eq(w, "deb"))
			continue;
		line = span_trim(line);
		if (line.len && line.p[0] == '[') {
			const char *close = memchr(line.p, ']', line.len);
			struct span opts, o;

			if (!close) {
				l->unsupported = "a sources.list line kyuka cannot read";
				continue;
			}
			opts = SPAN(line.p + 1, (size_t)(close - line.p - 1));
			line = SPAN(close + 1, line.len - (size_t)(close + 1 - line.p));
			while (span_next_word(&opts, &o)) {
				if (span_starts_with(o, "arch=") && o.len - 5 < sizeof(buf)) {
					size_t i;

					memcpy(buf, o.p + 5, o.len - 5);
					for (i = 0; i < o.len - 5; i++)
						if (buf[i] == ',')
							buf[i] = ' ';
					archs = SPAN(buf, o.len - 5);
				} else if (span_starts_with(o, "arch+=") || span_starts_with(o, "arch-=")) {
					l->unsupported = "an arch+= or arch-= source option";
				}
			}
		}
		if (!span_next_word(&line, &uri) || !span_next_word(&line, &suite))
			continue;
		add_source(l, uri, suite, span_trim(line), archs);
	}
}

/* deb822 .sources: Types, URIs, Suites, Components, Architectures, Enabled */
static void deb822_sources(struct lists *l, struct span text)
{
	struct deb822_stanza *st = xmalloc(sizeof(*st));
	struct span rest = text;
	size_t lineno = 0;
	const char *why;
	int r;

	while ((r = deb822_next(&rest, &lineno, st, &why)) != 0) {
		struct span types, uris, suites, u, s, w;

		if (r < 0) {
			l->unsupported = "a .sources file kyuka cannot read";
			continue;
		}
		types = deb822_get(st, "Types");
		if (!types.p || span_eq_icase(deb822_get(st, "Enabled"), "no"))
			continue;
		for (w = SPAN(NULL, 0); span_next_word(&types, &w);)
			if (span_eq(w, "deb"))
				break;
		if (!span_eq(w, "deb"))
			continue;
		uris = deb822_get(st, "URIs");
		while (uris.p && span_next_word(&uris, &u)) {
			suites = deb822_get(st, "Suites");
			while (suites.p && span_next_word(&suites, &s))
				add_source(l, u, s, deb822_get(st, "Components"), deb822_get(st, "Architectures"));
		}
	}
	free(st);
}

static bool name_ends(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

static int read_sources(const struct root *r, struct lists *l, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;
	char **names = NULL;
	size_t n = 0, i;
	int ret;

	if (root_read_file(r, "/etc/apt/sources.list", ROOT_MAX_SMALL_FILE, ROOT_MISSING_OK, &sb, NULL, NULL) == 0)
		one_line_sources(l, SPAN(sb.buf, sb.len));
	ret = root_list_dir(r, "/etc/apt/sources.list.d", 10000, ROOT_MISSING_OK, &names, &n, NULL);
	for (i = 0; ret == 0 && i < n; i++) {
		char path[4200];
		bool list = name_ends(names[i], ".list"), src = name_ends(names[i], ".sources");

		if (!list && !src)
			continue;
		snprintf(path, sizeof(path), "/etc/apt/sources.list.d/%s", names[i]);
		if (root_read_file(r, path, ROOT_MAX_SMALL_FILE, 0, &sb, NULL, err) < 0) {
			strv_free(names, n);
			strbuf_release(&sb);
			return -EIO;
		}
		if (list)
			one_line_sources(l, SPAN(sb.buf, sb.len));
		else
			deb822_sources(l, SPAN(sb.buf, sb.len));
	}
	strv_free(names, n);
	strbuf_release(&sb);
	return 0;
}

/* ---- decompression ---- */

/* n bytes were written after sb's end (room made by strbuf_grow) */
static void strbuf_grew(struct strbuf *sb, size_t n)
{
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

static int unlz4(const struct strbuf *in, struct strbuf *out, struct err *err)
{
	const struct klz4 *z = klz4_load(err);
	LZ4F_dctx *ctx = NULL;
	size_t pos = 0;
	int ret = 0;

	if (!z)
		return -ENOENT;
	if (z->isError(z->createDecompressionContext(&ctx, LZ4F_VERSION)))
		return err_set(err, -ENOMEM, "cannot start lz4 decompression");
	strbuf_reset(out);
	while (pos < in->len) {
		size_t src = in->len - pos, dst, r;

		if (strbuf_grow(out, (size_t)4 << 20) < 0 || out->len > APT_LIST_MAX) {
			ret = err_set(err, -EFBIG, "a list decompresses to more than %zu bytes", APT_LIST_MAX);
			break;
		}
		dst = ((size_t)4 << 20);
		r = z->decompress(ctx, out->buf + out->len, &dst, in->buf + pos, &src, NULL);
		if (z->isError(r)) {
			ret = err_set(err, -EBADMSG, "bad lz4 data: %s", z->getErrorName(r));
			break;
		}
		pos += src;
		strbuf_grew(out, dst);
		if (r == 0 && pos < in->len && !src && !dst)
			break;
	}
	z->freeDecompressionContext(ctx);
	return ret;
}

static int unxz(const struct strbuf *in, struct strbuf *out, struct err *err)
{
	const struct klzma *z = klzma_load(err);
	lzma_stream s = LZMA_STREAM_INIT;
	int ret = 0;

	if (!z)
		return -ENOENT;
	if (z->stream_decoder(&s, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
		return err_set(err, -ENOMEM, "cannot start xz decompression");
	strbuf_reset(out);
	s.next_in = (const uint8_t *)in->buf;
	s.avail_in = in->len;
	for (;;) {
		lzma_ret r;

		if (strbuf_grow(out, (size_t)4 << 20) < 0 || out->len > APT_LIST_MAX) {
			ret = err_set(err, -EFBIG, "a list decompresses to more than %zu bytes", APT_LIST_MAX);
			break;
		}
		s.next_out = (uint8_t *)out->buf + out->len;
		s.avail_out = (size_t)4 << 20;
		r = z->code(&s, LZMA_FINISH);
		strbuf_grew(out, ((size_t)4 << 20) - s.avail_out);
		if (r == LZMA_STREAM_END)
			break;
		if (r != LZMA_OK) {
			ret = err_set(err, -EBADMSG, "bad xz data (lzma error %d)", (int)r);
			break;
		}
	}
	z->end(&s);
	return ret;
}

static int ungz(const struct strbuf *in, struct strbuf *out, struct err *err)
{
	z_stream s;
	int ret = 0;

	memset(&s, 0, sizeof(s));
	if (inflateInit2(&s, 15 + 32) != Z_OK)
		return err_set(err, -ENOMEM, "cannot start gzip decompression");
	strbuf_reset(out);
	s.next_in = (Bytef *)in->buf;
	s.avail_in = (uInt)in->len;
	for (;;) {
		int r;

		if (strbuf_grow(out, (size_t)4 << 20) < 0 || out->len > APT_LIST_MAX) {
			ret = err_set(err, -EFBIG, "a list decompresses to more than %zu bytes", APT_LIST_MAX);
			break;
		}
		s.next_out = (Bytef *)out->buf + out->len;
		s.avail_out = (uInt)4 << 20;
		r = inflate(&s, Z_NO_FLUSH);
		strbuf_grew(out, ((size_t)4 << 20) - s.avail_out);
		if (r == Z_STREAM_END)
			break;
		if (r != Z_OK) {
			ret = err_set(err, -EBADMSG, "bad gzip data (zlib error %d)", r);
			break;
		}
	}
	inflateEnd(&s);
	return ret;
}

/* Reads LISTS_DIR/base with the first extension there is into out (decompressed). */
static int read_list(const struct root *r, struct lists *l, const char *base, struct strbuf *out, struct err *err)
{
	static const char *const ext[] = { "", ".lz4", ".xz", ".gz" };
	struct strbuf raw;
	char name[4096], path[4200];
	size_t k;
	int ret;

	strbuf_init(&raw, APT_LIST_FILE_MAX + 1);
	for (k = 0; k < sizeof(ext) / sizeof(ext[0]); k++) {
		if ((size_t)snprintf(name, sizeof(name), "%s%s", base, ext[k]) >= sizeof(name))
			continue;	/* longer than a name can be: not there */
		if (has_name(l, name))
			break;
	}
	if (k == sizeof(ext) / sizeof(ext[0])) {
		if ((size_t)snprintf(name, sizeof(name), "%s.zst", base) < sizeof(name) && has_name(l, name))
			l->unsupported = "a list compressed with zstd";
		strbuf_release(&raw);
		return -ENOENT;
	}
	snprintf(path, sizeof(path), LISTS_DIR "/%s", name);
	ret = root_read_file(r, path, k ? APT_LIST_FILE_MAX : APT_LIST_MAX, 0, k ? &raw : out, NULL, err);
	if (ret == 0 && k == 1)
		ret = unlz4(&raw, out, err);
	else if (ret == 0 && k == 2)
		ret = unxz(&raw, out, err);
	else if (ret == 0 && k == 3)
		ret = ungz(&raw, out, err);
	strbuf_release(&raw);
	if (ret < 0)
		err_prefix(err, "'%s': ", path);
	return ret;
}

static void add_archs(const struct root *r, struct lists *l, const char *native)
{
	struct strbuf sb = STRBUF_INIT;
	struct span rest, line;

	l->archs[l->n_archs++] = xstrdup(native);
	l->archs[l->n_archs++] = xstrdup("all");	/* binary-all lists, where a repository has them */
	if (root_read_file(r, "/var/lib/dpkg/arch", ROOT_MAX_SMALL_FILE, ROOT_MISSING_OK, &sb, NULL, NULL) == 0) {
		rest = SPAN(sb.buf, sb.len);
		while (span_next_line(&rest, &line) && l->n_archs < 16) {
			line = span_trim(line);
			if (line.len && line.len < 64 && !span_eq(line, native) && !span_eq(line, "all"))
				l->archs[l->n_archs++] = xstrndup(line.p, line.len);
		}
	}
	strbuf_release(&sb);
}

/* dpkg's own architecture: that of the installed dpkg package, else of the first package not "all" */
static bool native_arch(struct span status, char *out, size_t size)
{
	struct span rest = status, line;
	bool in_dpkg = false, found = false;

	while (span_next_line(&rest, &line)) {
		struct span v;

		if (!line.len) {
			in_dpkg = false;
			continue;
		}
		if (span_eq(line, "Package: dpkg")) {
			in_dpkg = true;
			continue;
		}
		if (!span_starts_with(line, "Architecture: "))
			continue;
		v = span_trim(SPAN(line.p + 14, line.len - 14));
		if (!v.len || v.len >= size || span_eq(v, "all") || memchr(v.p, ' ', v.len))
			continue;
		if (!found || in_dpkg) {
			memcpy(out, v.p, v.len);
			out[v.len] = '\0';
			found = true;
		}
		if (in_dpkg)
			return true;
	}
	return found;
}

/* /etc/apt/preferences, then preferences.d's files apt reads (no extension or ".pref"), by name */
static int read_prefs(const struct root *r, struct apt_prefs *prefs, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;
	char **names = NULL;
	size_t n = 0, i, j;
	int ret = 0;

	if (root_read_file(r, "/etc/apt/preferences", ROOT_MAX_SMALL_FILE, ROOT_MISSING_OK, &sb, NULL, NULL) == 0)
		ret = apt_prefs_parse(sb.buf, sb.len, prefs, err);
	if (ret == 0 && root_list_dir(r, "/etc/apt/preferences.d", 10000, ROOT_MISSING_OK, &names, &n, NULL) == 0) {
		for (i = 0; ret == 0 && i < n; i++) {
			char path[4200];
			const char *dot = strrchr(names[i], '.');
			bool ok = !dot || !strcmp(dot, ".pref");

			for (j = 0; ok && names[i][j]; j++)
				ok = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.", names[i][j]);
			if (!ok)
				continue;
			snprintf(path, sizeof(path), "/etc/apt/preferences.d/%s", names[i]);
			if (root_read_file(r, path, ROOT_MAX_SMALL_FILE, 0, &sb, NULL, err) < 0)
				ret = -EIO;
			else
				ret = apt_prefs_parse(sb.buf, sb.len, prefs, err);
		}
		strv_free(names, n);
	}
	strbuf_release(&sb);
	return ret;
}

/* apt.conf settings that change the candidates or the lists' places make kyuka defer to apt itself */
static const char *apt_conf_unsupported(const struct root *r)
{
	static const char *const keys[] = { "Default-Release", "Architecture", "Dir::State", "Dir::Etc", "Dir \"",
					     "Dir {", "Dir::Root" };
	struct strbuf sb = STRBUF_INIT;
	char **names = NULL;
	size_t n = 0, i, k;
	const char *why = NULL;

	for (i = 0; !why && i <= n; i++) {
		char path[4200];

		if (i == 0)
			snprintf(path, sizeof(path), "/etc/apt/apt.conf");
		else
			snprintf(path, sizeof(path), "/etc/apt/apt.conf.d/%s", names[i - 1]);
		if (root_read_file(r, path, ROOT_MAX_SMALL_FILE, ROOT_MISSING_OK, &sb, NULL, NULL) == 0)
			for (k = 0; k < sizeof(keys) / sizeof(keys[0]) && !why; k++)
				if (memmem(sb.buf, sb.len, keys[k], strlen(keys[k])))
					why = "an apt.conf setting (Default-Release, Architecture, Dir::State, Dir::Etc)";
		if (i == 0 && root_list_dir(r, "/etc/apt/apt.conf.d", 10000, ROOT_MISSING_OK, &names, &n, NULL) < 0)
			n = 0;
	}
	strv_free(names, n);
	strbuf_release(&sb);
	return why;
}

static void lists_free(struct lists *l)
{
	size_t i, j;

	for (i = 0; i < l->n_src; i++) {
		free(l->src[i].uri_file);
		free(l->src[i].site);
		for (j = 0; j < l->src[i].n_comps; j++)
			free(l->src[i].comps[j]);
		free(l->src[i].comps);
		for (j = 0; j < l->src[i].n_archs; j++)
			free(l->src[i].archs[j]);
		free(l->src[i].archs);
	}
	free(l->src);
	strv_free(l->names, l->n_names);
	for (i = 0; i < l->n_archs; i++)
		free(l->archs[i]);
	for (i = 0; i < l->n_idx; i++) {
		strbuf_release(&l->data[i]);
		free(l->comp[i]);
		free(l->arch[i]);
	}
	free(l->data);
	free(l->comp);
	free(l->arch);
	free(l->idx);
	free(l->rel);
}

int collect_apt_lists(const struct root *r, struct apt_sim *out, struct err *err)
{
	struct lists l;
	struct strbuf status = STRBUF_INIT, sb = STRBUF_INIT;
	struct apt_prefs prefs = { 0 };
	struct apt_policy_in in = { 0 };
	struct apt_policy_stats ps;
	char native[64];
	size_t s, c, a;
	int ret;

	memset(&l, 0, sizeof(l));
	ret = root_read_file(r, DPKG_STATUS_PATH, DPKG_STATUS_MAX, 0, &status, NULL, err);
	if (ret < 0)
		goto out;
	if (!native_arch(SPAN(status.buf, status.len), native, sizeof(native))) {
		ret = err_set(err, -ENOTSUP, "cannot tell dpkg's architecture (no installed dpkg in %s)", DPKG_STATUS_PATH);
		goto out;
	}
	if ((l.unsupported = apt_conf_unsupported(r)) != NULL)
		goto unsupported;
	add_archs(r, &l, native);
	ret = root_list_dir(r, LISTS_DIR, APT_MAX_LIST_NAMES, 0, &l.names, &l.n_names, err);
	if (ret < 0)
		goto out;
	ret = read_sources(r, &l, err);
	if (ret < 0)
		goto out;
	if (l.unsupported)
		goto unsupported;
	ret = read_prefs(r, &prefs, err);
	if (ret < 0)
		goto out;
	if (prefs.unsupported || prefs.bad.n) {
		l.unsupported = prefs.unsupported ? prefs.why : "a preferences stanza kyuka cannot read";
		goto unsupported;
	}
	for (s = 0; s < prefs.n; s++)
		if (prefs.v[s].generic && prefs.v[s].type == APT_PIN_VERSION) {
			l.unsupported = "a version pin for every package";
			goto unsupported;
		}
	l.idx = xcalloc(APT_MAX_INDEXES, sizeof(*l.idx));
	l.rel = xcalloc(APT_MAX_INDEXES, sizeof(*l.rel));
	l.data = xcalloc(APT_MAX_INDEXES, sizeof(*l.data));
	l.comp = xcalloc(APT_MAX_INDEXES, sizeof(*l.comp));
	l.arch = xcalloc(APT_MAX_INDEXES, sizeof(*l.arch));
	for (s = 0; s < l.n_src; s++) {
		const struct src_ent *e = &l.src[s];
		struct apt_release rel;
		bool have_rel = false;
		char base[4096];

		snprintf(base, sizeof(base), "%sInRelease", e->uri_file);
		if (!has_name(&l, base))
			snprintf(base, sizeof(base), "%sRelease", e->uri_file);
		if (has_name(&l, base)) {
			char path[4200];

			snprintf(path, sizeof(path), LISTS_DIR "/%s", base);
			if (root_read_file(r, path, ROOT_MAX_SMALL_FILE, 0, &sb, NULL, err) < 0 ||
			    apt_release_parse(sb.buf, sb.len, &rel, err) < 0) {
				ret = -EBADMSG;
				err_prefix(err, "'%s': ", path);
				goto out;
			}
			have_rel = true;
		}
		for (c = 0; c < e->n_comps; c++) {
			size_t na = e->archs ? e->n_archs + 1 : l.n_archs;

			for (a = 0; a < na; a++) {
				/* the source's own architectures (arch=) and "all", else dpkg's and "all" */
				const char *arch = e->archs ? (a < e->n_archs ? e->archs[a] : "all") : l.archs[a];
				size_t i = l.n_idx, q;

				if (i >= APT_MAX_INDEXES) {
					ret = err_set(err, -E2BIG, "more than %d package lists", APT_MAX_INDEXES);
					goto out;
				}
				snprintf(base, sizeof(base), "%s%s_binary-%s_Packages", e->uri_file, e->comps[c], arch);
				for (q = 0; base[q]; q++)
					if (base[q] == '/')
						base[q] = '_';
				strbuf_init(&l.data[i], APT_LIST_MAX);
				ret = read_list(r, &l, base, &l.data[i], err);
				if (ret == -ENOENT && !l.unsupported) {
					strbuf_release(&l.data[i]);
					continue;	/* apt warns about a missing list and goes on */
				}
				if (ret < 0) {
					strbuf_release(&l.data[i]);
					if (l.unsupported)
						goto unsupported;
					goto out;
				}
				l.rel[i] = rel;
				l.comp[i] = xstrdup(e->comps[c]);
				l.arch[i] = xstrdup(arch);
				l.idx[i] = (struct apt_index){ .data = l.data[i].buf, .len = l.data[i].len,
							      .release = have_rel ? &l.rel[i] : NULL,
							      .component = l.comp[i], .arch = l.arch[i], .site = e->site };
				l.n_idx++;
			}
		}
	}
	if (!l.n_idx) {
		ret = err_set(err, -ENOENT, "no apt package lists in %s for the configured sources (apt-get update never ran)",
			      LISTS_DIR);
		goto out;
	}
	in.status = status.buf;
	in.status_len = status.len;
	in.idx = l.idx;
	in.n_idx = l.n_idx;
	in.prefs = &prefs;
	in.native_arch = native;
	ret = apt_policy_upgrades(&in, out, &ps, err);
	if (ret == 0 && ps.bad) {
		/* a stanza not read could be an installed package's update: let apt decide */
		apt_sim_free(out);
		ret = err_set(err, -ENOTSUP, "kyuka could not read %zu stanzas of the lists or dpkg's status", ps.bad);
		goto out;
	}
	if (ret == 0)
		out->from_lists = true;
	goto out;
unsupported:
	ret = err_set(err, -ENOTSUP, "kyuka does not evaluate %s", l.unsupported);
out:
	apt_prefs_free(&prefs);
	lists_free(&l);
	strbuf_release(&status);
	strbuf_release(&sb);
	return ret;
}
