/*
 * Mail triage (see mail.h). The message is parsed by GMime from the file
 * (an mbox or .eml as a seekable stream: parts stay in the file until read);
 * each leaf part is decoded into memory up to MAIL_MAX_PART_BYTES and looked
 * at by content (parse/filesniff.h), Office files through libgsf and
 * parse/biff.h, archives through libarchive listing their entries (declared
 * sizes, encryption, names) and reading at most MAIL_MAX_ENTRY_BYTES of an
 * entry. Nothing is written anywhere.
 */
#include "engines/mail.h"

#include "parse/biff.h"
#include "parse/filesniff.h"
#include "parse/maillinks.h"
#include "parse/officexml.h"
#include "util/i18n.h"
#include "util/lazylib.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <gmime/gmime.h>
#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile-msvba.h>	/* gsf_vba_inflate */
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <gsf/gsf-utils.h>
#include <idn2.h>
#include <libpsl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

struct plan_domain {
	char *domain;		/* registrable */
	const char *name, *phone;
};

struct mail_ctx {
	const psl_ctx_t *psl;
	psl_ctx_t *psl_owned;
	struct plan_domain *dom;
	size_t n_dom;
};

/* One message's walk. */
struct walk {
	struct mail_ctx *c;
	struct mail_result *r;
	size_t budget;		/* decoded bytes left for this message */
	size_t leaves;
	bool encrypted;		/* an encrypted document or archive entry was seen */
	GString *text;		/* body text (UTF-8), bounded */
};

static bool gmime_ready;

/* libgsf and GMime complain on stderr about the damaged files they meet; hostile mail is full of them. */
static void quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
	(void)domain;
	(void)level;
	(void)msg;
	(void)data;
}

static void lib_init(void)
{
	static const char *const domains[] = { "libgsf", "libgsf:msole", "libgsf:zip", "libgsf:tar", "gmime" };
	size_t i;

	if (gmime_ready)
		return;
	g_mime_init();
	gsf_init();
	for (i = 0; i < sizeof(domains) / sizeof(domains[0]); i++)
		g_log_set_handler(domains[i], G_LOG_LEVEL_MASK, quiet, NULL);
	gmime_ready = true;
}

/* ------------------------------------------------------------------ reasons */

static void reason(struct walk *w, enum mail_level lv, const char *id, const char *text, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void reason(struct walk *w, enum mail_level lv, const char *id, const char *text, const char *fmt, ...)
{
	struct mail_result *r = w->r;
	struct mail_reason *m;
	va_list ap;
	size_t i;
	char *ev;

	va_start(ap, fmt);
	if (vasprintf(&ev, fmt, ap) < 0)
		abort();
	va_end(ap);
	/* the same reason with the same evidence once */
	for (i = 0; i < r->n_reasons; i++)
		if (strcmp(r->reasons[i].id, id) == 0 && strcmp(r->reasons[i].evidence, ev) == 0) {
			if (lv > r->reasons[i].level) {
				r->reasons[i].level = lv;
				r->reasons[i].text = text;
			}
			free(ev);
			return;
		}
	if (r->n_reasons >= MAIL_MAX_REASONS) {
		r->reasons_truncated = true;
		free(ev);
		return;
	}
	if (r->n_reasons == r->cap_reasons) {
		r->cap_reasons = r->cap_reasons ? r->cap_reasons * 2 : 4;
		if (r->cap_reasons > MAIL_MAX_REASONS)
			r->cap_reasons = MAIL_MAX_REASONS;
		r->reasons = xrealloc(r->reasons, r->cap_reasons * sizeof(*r->reasons));
	}
	m = &r->reasons[r->n_reasons++];
	m->level = lv;
	m->id = id;
	m->text = text;
	m->evidence = ev;
}

static int reason_cmp(const void *a, const void *b)
{
	const struct mail_reason *x = a, *y = b;

	if (x->level != y->level)
		return x->level > y->level ? -1 : 1;
	return 0;
}

void mail_result_finish(struct mail_result *r)
{
	size_t i;

	/* a stable sort: insertion (few reasons) keeps the order of discovery within a level */
	for (i = 1; i < r->n_reasons; i++) {
		struct mail_reason t = r->reasons[i];
		size_t j = i;

		while (j > 0 && reason_cmp(&r->reasons[j - 1], &t) > 0) {
			r->reasons[j] = r->reasons[j - 1];
			j--;
		}
		r->reasons[j] = t;
	}
	r->verdict = r->n_reasons ? r->reasons[0].level : ML_NONE;
}

void mail_result_free(struct mail_result *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n_reasons; i++)
		free(r->reasons[i].evidence);
	free(r->reasons);
	for (i = 0; i < r->n_refs; i++)
		free(r->refs[i]);
	for (i = 0; i < r->n_people; i++)
		free(r->people[i]);
	free(r->refs);
	free(r->people);
	free(r->source);
	free(r->subject);
	free(r->from);
	free(r->from_addr);
	free(r->from_domain);
	free(r->message_id);
	memset(r, 0, sizeof(*r));
}

/* Printable copy of a name for evidence: control bytes and bidi controls shown as \u escapes. */
static char *show(const char *s)
{
	GString *g = g_string_new(NULL);

	for (; s && *s && g->len < 200; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == 0xE2 && s[1] && s[2] &&
		    (((unsigned char)s[1] == 0x80 && (unsigned char)s[2] >= 0xAA && (unsigned char)s[2] <= 0xAE) ||
		     ((unsigned char)s[1] == 0x81 && (unsigned char)s[2] >= 0xA6 && (unsigned char)s[2] <= 0xA9))) {
			g_string_append_printf(g, "\\u%02X%02X", (unsigned char)s[1] == 0x80 ? 0x20 : 0x20,
					       (unsigned char)s[2] - 0x80 + ((unsigned char)s[1] == 0x81 ? 0x40 : 0));
			s += 2;
		} else if (ch < 0x20 || ch == 0x7f) {
			g_string_append_printf(g, "\\x%02x", ch);
		} else {
			g_string_append_c(g, (char)ch);
		}
	}
	return g_string_free(g, FALSE);
}

/* ------------------------------------------------------------------ domains */

static const char *registrable(struct mail_ctx *c, const char *host, char *buf, size_t size)
{
	const char *d = c->psl ? psl_registrable_domain(c->psl, host) : NULL;
	const char *dot;

	if (d) {
		snprintf(buf, size, "%s", d);
		return buf;
	}
	/* not under a known suffix: the last two labels */
	dot = strrchr(host, '.');
	if (dot) {
		const char *p = dot;

		while (p > host && p[-1] != '.')
			p--;
		snprintf(buf, size, "%s", p);
	} else {
		snprintf(buf, size, "%s", host);
	}
	return buf;
}

static char *addr_domain(const char *addr)
{
	const char *at = addr ? strrchr(addr, '@') : NULL;

	return at && at[1] ? g_ascii_strdown(at + 1, -1) : NULL;
}

static void plan_add(struct mail_ctx *c, const char *mail_or_url, const char *name, const char *phone)
{
	char host[LINKS_MAX_HOST], buf[LINKS_MAX_HOST];
	char *d = NULL;
	size_t i;

	if (!mail_or_url || !*mail_or_url)
		return;
	if (strchr(mail_or_url, '@') && !strstr(mail_or_url, "://")) {
		d = addr_domain(mail_or_url);
	} else if (links_host(mail_or_url, strlen(mail_or_url), host, sizeof(host), NULL)) {
		d = xstrdup(host);
	}
	if (!d)
		return;
	registrable(c, d, buf, sizeof(buf));
	free(d);
	for (i = 0; i < c->n_dom; i++)
		if (strcmp(c->dom[i].domain, buf) == 0)
			return;
	c->dom = xrealloc(c->dom, (c->n_dom + 1) * sizeof(*c->dom));
	c->dom[c->n_dom].domain = xstrdup(buf);
	c->dom[c->n_dom].name = name;
	c->dom[c->n_dom].phone = phone;
	c->n_dom++;
}

int mail_ctx_new(const struct config_plan *pl, struct mail_ctx **out, struct err *err)
{
	struct mail_ctx *c = xcalloc(1, sizeof(*c));
	size_t i;

	(void)err;
	lib_init();
	c->psl_owned = psl_latest(NULL);
	c->psl = c->psl_owned ? c->psl_owned : psl_builtin();
	if (pl) {
		for (i = 0; i < pl->n_vendors; i++) {
			const struct plan_vendor *v = &pl->vendors[i];

			plan_add(c, v->contact.mail, v->name, v->contact.phone);
			plan_add(c, v->contact.url, v->name, v->contact.phone);
			if (v->has_off_hours)
				plan_add(c, v->off_hours.mail, v->name, v->off_hours.phone ? v->off_hours.phone :
					 v->contact.phone);
		}
		for (i = 0; i < pl->n_roles; i++) {
			const struct plan_role *ro = &pl->roles[i];

			if (ro->has_primary)
				plan_add(c, ro->primary.mail, ro->primary.name, ro->primary.phone);
			if (ro->has_backup)
				plan_add(c, ro->backup.mail, ro->backup.name, ro->backup.phone);
		}
	}
	*out = c;
	return 0;
}

void mail_ctx_free(struct mail_ctx *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n_dom; i++)
		free(c->dom[i].domain);
	free(c->dom);
	if (c->psl_owned)
		psl_free(c->psl_owned);
	free(c);
}

/* Latin look-alikes of common Cyrillic and Greek letters (UTF-8), for a skeleton of an IDN. */
static const struct {
	const char *u;
	char a;
} confusables[] = {
	{ "а", 'a' }, { "е", 'e' }, { "о", 'o' }, { "р", 'p' }, { "с", 'c' }, { "х", 'x' }, { "у", 'y' },
	{ "і", 'i' }, { "ј", 'j' }, { "ѕ", 's' }, { "ԁ", 'd' }, { "һ", 'h' }, { "ο", 'o' }, { "α", 'a' },
	{ "ν", 'v' }, { "ι", 'i' }, { "κ", 'k' }, { "ρ", 'p' }, { "τ", 't' }, { "ɡ", 'g' }, { "ӏ", 'l' },
};

/* ASCII skeleton of a host: confusable letters mapped, 0->o, 1->l, rn->m, vv->w. */
static void skeleton(const char *s, char *out, size_t size)
{
	size_t k = 0, i;

	while (*s && k + 1 < size) {
		bool hit = false;

		for (i = 0; i < sizeof(confusables) / sizeof(confusables[0]); i++) {
			size_t l = strlen(confusables[i].u);

			if (strncmp(s, confusables[i].u, l) == 0) {
				out[k++] = confusables[i].a;
				s += l;
				hit = true;
				break;
			}
		}
		if (hit)
			continue;
		if (*s == '0')
			out[k++] = 'o';
		else if (*s == '1')
			out[k++] = 'l';
		else if (s[0] == 'r' && s[1] == 'n') {
			out[k++] = 'm';
			s++;
		} else if (s[0] == 'v' && s[1] == 'v') {
			out[k++] = 'w';
			s++;
		} else
			out[k++] = (char)tolower((unsigned char)*s);
		s++;
	}
	out[k] = '\0';
}

static size_t edit1(const char *a, const char *b)
{
	/* 0 equal, 1 one edit apart (substitution, insertion, deletion or swap of neighbours), 2 more */
	size_t la = strlen(a), lb = strlen(b), i = 0;

	if (strcmp(a, b) == 0)
		return 0;
	if (la == lb) {
		size_t diff = 0, first = 0;

		for (i = 0; i < la; i++)
			if (a[i] != b[i]) {
				if (!diff)
					first = i;
				diff++;
			}
		if (diff == 1)
			return 1;
		if (diff == 2 && first + 1 < la && a[first] == b[first + 1] && a[first + 1] == b[first])
			return 1;
		return 2;
	}
	if (la + 1 == lb || lb + 1 == la) {
		const char *s = la < lb ? a : b, *l = la < lb ? b : a;
		size_t j = 0, skips = 0;

		for (i = 0; l[i]; i++) {
			if (s[j] == l[i])
				j++;
			else if (++skips > 1)
				return 2;
		}
		return 1;
	}
	return 2;
}

/* The plan domain that host imitates without being it, or NULL. */
static const struct plan_domain *lookalike(struct mail_ctx *c, const char *host)
{
	char reg[LINKS_MAX_HOST], uni[LINKS_MAX_HOST], sk[LINKS_MAX_HOST], psk[LINKS_MAX_HOST];
	char *u8 = NULL;
	size_t i;

	if (!c->n_dom || !host[0])
		return NULL;
	registrable(c, host, reg, sizeof(reg));
	snprintf(uni, sizeof(uni), "%s", reg);
	if (strstr(reg, "xn--") && idn2_to_unicode_8z8z(reg, &u8, 0) == IDN2_OK) {
		snprintf(uni, sizeof(uni), "%s", u8);
		idn2_free(u8);
	}
	skeleton(uni, sk, sizeof(sk));
	for (i = 0; i < c->n_dom; i++) {
		const char *pd = c->dom[i].domain, *pdot = strchr(pd, '.'), *rdot = strchr(reg, '.');

		if (strcmp(reg, pd) == 0)
			return NULL;	/* it is a plan domain */
		skeleton(pd, psk, sizeof(psk));
		if (strcmp(sk, psk) == 0)
			return &c->dom[i];
		/* one edit apart, on names long enough that this is unlikely by chance */
		if (strlen(pd) >= 8 && edit1(reg, pd) == 1)
			return &c->dom[i];
		/* the same name under another suffix: example.co.jp and example-co.jp, example.jp.net */
		if (pdot && rdot && (size_t)(pdot - pd) >= 4 && (size_t)(pdot - pd) == (size_t)(rdot - reg) &&
		    strncmp(pd, reg, (size_t)(pdot - pd)) == 0)
			return &c->dom[i];
	}
	return NULL;
}

static const struct plan_domain *plan_domain(struct mail_ctx *c, const char *reg)
{
	size_t i;

	for (i = 0; reg && i < c->n_dom; i++)
		if (strcmp(c->dom[i].domain, reg) == 0)
			return &c->dom[i];
	return NULL;
}

/* ------------------------------------------------------------------ VBA and Office */

static const char *const kw_auto[] = {
	"AutoOpen", "AutoExec", "AutoClose", "AutoNew", "Auto_Open", "Auto_Close", "Document_Open", "Document_Close",
	"Document_New", "DocumentOpen", "Workbook_Open", "Workbook_Activate", "Workbook_Close", "Presentation_Open",
	"_Painted", "_Layout", "_GotFocus", "_Change", NULL,
};
static const char *const kw_write[] = {
	"Kill", "CopyFile", "FileCopy", "CreateTextFile", "SaveToFile", "ADODB.Stream", "URLDownloadToFile",
	"For Output", "For Binary", "For Append", "Scripting.FileSystemObject", ".Write", NULL,
};
static const char *const kw_exec[] = {
	"Shell", "WScript.Shell", "CreateObject", "GetObject", "ShellExecute", "CallByName", "MacScript",
	"SendKeys", "CreateThread", "CreateProcess", "WinExec", "powershell", "cmd.exe", "Declare", NULL,
};

static bool word_at(const char *s, size_t n, size_t i, size_t l)
{
	bool pre = i == 0 || !(isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_');
	bool post = i + l >= n || !(isalnum((unsigned char)s[i + l]) || s[i + l] == '_');

	return pre && post;
}

static const char *find_kw(const char *src, size_t n, const char *const *kw)
{
	size_t k, i;

	for (k = 0; kw[k]; k++) {
		size_t l = strlen(kw[k]);
		bool partial = kw[k][0] == '_' || kw[k][0] == '.' || strchr(kw[k], ' ');

		for (i = 0; i + l <= n; i++)
			if (strncasecmp(src + i, kw[k], l) == 0 && (partial || word_at(src, n, i, l)))
				return kw[k];
	}
	return NULL;
}

enum mail_level mail_vba_classify(const char *src, size_t n, const char **autoexec, const char **action)
{
	const char *a = find_kw(src, n, kw_auto), *wr = find_kw(src, n, kw_write), *ex = find_kw(src, n, kw_exec);

	*autoexec = a;
	*action = wr ? wr : ex;
	return a && (wr || ex) ? ML_SUSPICIOUS : ML_CAUTION;
}

static void ole_analyze(struct walk *w, const char *where, const uint8_t *p, size_t n, int depth);
struct ox_fields;
static void dde_reason(struct walk *w, const char *where, const char *part, const struct ox_fields *f);
static void blob_analyze(struct walk *w, const char *where, const char *name, const uint8_t *p, size_t n,
			 bool cut, int depth);

/*
 * The VBA project of a storage: the "dir" stream (compressed, [MS-OVBA] 2.3.4.2) names each module's
 * stream (MODULESTREAMNAME, 0x19) and where its compressed source begins (MODULEOFFSET, 0x31). Read
 * here with libgsf's decompressor, keeping the lengths: the module table of gsf_infile_msvba_get_modules
 * holds sources whose end is not known.
 */
#define VBA_MAX_MODULES 1000

static void vba_analyze(struct walk *w, const char *where, GsfInfile *storage)
{
	GsfInput *dir = gsf_infile_child_by_name(storage, "dir");
	guint8 *d = NULL, *ptr, *end;
	int dlen = 0;
	char *stream = NULL;
	const char *a = NULL, *wr = NULL, *ex = NULL;
	size_t n_mod = 0;
	bool bad = false;

	if (dir && gsf_input_size(dir) > 0 && (uint64_t)gsf_input_size(dir) <= MAIL_MAX_ENTRY_BYTES)
		d = gsf_vba_inflate(dir, 0, &dlen, FALSE);
	if (!d || dlen <= 0) {
		reason(w, ML_CAUTION, "macro", N_("an Office document with macros (VBA)"),
		       "%s: VBA project (its dir stream is unreadable)", where);
		goto out;
	}
	ptr = d;
	end = d + dlen;
	while (end - ptr >= 6 && n_mod < VBA_MAX_MODULES) {
		unsigned tag = (unsigned)ptr[0] | (unsigned)ptr[1] << 8;
		uint64_t len = (uint64_t)ptr[2] | (uint64_t)ptr[3] << 8 | (uint64_t)ptr[4] << 16 | (uint64_t)ptr[5] << 24;

		ptr += 6;
		if (tag == 0x09)	/* PROJECTVERSION: its size field says 4, it holds 6 */
			len += 2;
		if (len > (uint64_t)(end - ptr)) {
			bad = true;
			break;
		}
		if (tag == 0x19) {
			free(stream);
			stream = xstrndup((const char *)ptr, (size_t)len);
		} else if (tag == 0x31 && len == 4 && stream) {
			uint32_t off = (uint32_t)ptr[0] | (uint32_t)ptr[1] << 8 | (uint32_t)ptr[2] << 16 |
				       (uint32_t)ptr[3] << 24;
			GsfInput *mod = gsf_infile_child_by_name(storage, stream);
			guint8 *src = NULL;
			int slen = 0;

			n_mod++;
			if (mod && (gsf_off_t)off < gsf_input_size(mod) &&
			    (uint64_t)gsf_input_size(mod) <= MAIL_MAX_ENTRY_BYTES)
				src = gsf_vba_inflate(mod, (gsf_off_t)off, &slen, FALSE);
			if (src && slen > 0) {
				const char *ma, *mx;

				mail_vba_classify((const char *)src, (size_t)slen, &ma, &mx);
				if (!a)
					a = ma;
				if (mx && !wr && !ex) {
					if (find_kw((const char *)src, (size_t)slen, kw_write))
						wr = mx;
					else
						ex = mx;
				}
			}
			g_free(src);
			if (mod)
				g_object_unref(mod);
			free(stream);
			stream = NULL;
		} else if (tag == 0x10) {
			break;
		}
		ptr += len;
	}
	if (a && (wr || ex))
		reason(w, ML_SUSPICIOUS, "macro-autoexec", N_("an Office macro that runs on opening and writes files or "
							      "starts programs"),
		       "%s: VBA, %zu module(s); runs on opening: %s; %s: %s", where, n_mod, a, wr ? "writes" : "executes",
		       wr ? wr : ex);
	else
		reason(w, ML_CAUTION, "macro", N_("an Office document with macros (VBA)"), "%s: VBA, %zu module(s)%s%s%s",
		       where, n_mod, a ? "; runs on opening: " : "", a ? a : "", bad ? "; dir stream damaged" : "");
out:
	free(stream);
	g_free(d);
	if (dir)
		g_object_unref(dir);
}

/* Reads a whole OLE stream (at most MAIL_MAX_ENTRY_BYTES); NULL when larger or unreadable. */
static uint8_t *stream_read(struct walk *w, GsfInput *in, size_t *len)
{
	gsf_off_t sz = gsf_input_size(in);
	uint8_t *buf;

	if (sz < 0 || (uint64_t)sz > MAIL_MAX_ENTRY_BYTES || (size_t)sz > w->budget)
		return NULL;
	buf = xmalloc((size_t)sz + 1);
	if (sz && !gsf_input_read(in, (size_t)sz, buf)) {
		free(buf);
		return NULL;
	}
	w->budget -= (size_t)sz;
	*len = (size_t)sz;
	return buf;
}

static void biff_analyze(struct walk *w, const char *where, const uint8_t *p, size_t n)
{
	struct biff_info b;

	if (biff_walk(p, n, &b) < 0)
		return;
	if (b.filepass) {
		w->encrypted = true;
		reason(w, ML_CAUTION, "encrypted", N_("an encrypted document: no scanner can look inside it"),
		       "%s: Workbook stream, FILEPASS record", where);
	}
	if (b.macro_sheets) {
		bool bad = b.auto_open || b.auto_close || b.hidden_macro_sheets || b.very_hidden_macro_sheets;

		reason(w, bad ? ML_SUSPICIOUS : ML_CAUTION, "xlm",
		       bad ? N_("an Excel 4.0 (XLM) macro sheet that runs on opening or is hidden")
			   : N_("an Excel 4.0 (XLM) macro sheet"),
		       "%s: Workbook stream, BOUNDSHEET '%s' of macro type (%zu macro sheet(s), %zu hidden, %zu very "
		       "hidden)%s", where, b.first_macro_sheet, b.macro_sheets, b.hidden_macro_sheets,
		       b.very_hidden_macro_sheets, b.auto_open ? ", NAME Auto_Open" : "");
	}
}

/* Ole10Native: an embedded file (Packager): size, 2 bytes, label, file name, ..., data size, data. */
static void ole10native(struct walk *w, const char *where, const uint8_t *p, size_t n, int depth)
{
	size_t off = 6, lab, fn, cmd;
	uint32_t dl;
	char *name, *ev;

	if (n < 8)
		return;
	lab = strnlen((const char *)p + off, n - off);
	if (off + lab >= n)
		return;
	off += lab + 1;
	fn = strnlen((const char *)p + off, n - off);
	if (off + fn >= n)
		return;
	name = xstrndup((const char *)p + off, fn);
	off += fn + 1 + 4;	/* two unknown 16-bit fields */
	ev = xasprintf("%s: embedded file '%s'", where, name);
	if (off + 4 <= n) {
		cmd = (size_t)p[off] | (size_t)p[off + 1] << 8 | (size_t)p[off + 2] << 16 | (size_t)p[off + 3] << 24;
		off += 4;
		if (cmd <= n - off && n - off - cmd >= 4) {
			off += cmd;
			dl = (uint32_t)p[off] | (uint32_t)p[off + 1] << 8 | (uint32_t)p[off + 2] << 16 |
			     (uint32_t)p[off + 3] << 24;
			off += 4;
			blob_analyze(w, ev, name, p + off, dl <= n - off ? dl : n - off, dl > n - off, depth + 1);
			free(name);
			free(ev);
			return;
		}
	}
	blob_analyze(w, ev, name, NULL, 0, true, depth + 1);
	free(name);
	free(ev);
}

/* zlib data into out (at most *n bytes): a stream cut short still gives what it holds. */
static int inflate_some(const uint8_t *in, size_t n_in, uint8_t *out, uLongf *n)
{
	z_stream z = { 0 };
	int rc;

	if (inflateInit(&z) != Z_OK)
		return -1;
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)n_in;
	z.next_out = out;
	z.avail_out = (uInt)*n;
	rc = inflate(&z, Z_FINISH);
	*n = z.total_out;
	inflateEnd(&z);
	return (rc == Z_STREAM_END || rc == Z_BUF_ERROR || rc == Z_OK) && *n ? 0 : -1;
}

/*
 * PowerPoint keeps the VBA project zlib-compressed in an ExOleObjStg record (recVer 0, recInstance 1,
 * type 0x1011): the record headers are searched for (at most 64), not walked, so that a damaged
 * container cannot hide one.
 */
static void ppt_analyze(struct walk *w, const char *where, const uint8_t *p, size_t n, int depth)
{
	static const uint8_t hdr[4] = { 0x10, 0x00, 0x11, 0x10 };
	size_t off = 0, hits = 0;
	const uint8_t *h;

	while (off < n && hits < 64 && (h = memmem(p + off, n - off, hdr, sizeof(hdr)))) {
		size_t at = (size_t)(h - p);
		uint32_t len;
		uLongf out;

		off = at + 1;
		if (n - at < 12)
			break;
		len = (uint32_t)p[at + 4] | (uint32_t)p[at + 5] << 8 | (uint32_t)p[at + 6] << 16 | (uint32_t)p[at + 7] << 24;
		out = (uLongf)((uint32_t)p[at + 8] | (uint32_t)p[at + 9] << 8 | (uint32_t)p[at + 10] << 16 |
			       (uint32_t)p[at + 11] << 24);
		if (len <= 4 || len > n - at - 8 || !out || out > MAIL_MAX_ENTRY_BYTES || out > w->budget)
			continue;
		hits++;
		{
			uint8_t *buf = xmalloc(out);

			if (inflate_some(p + at + 12, len - 4, buf, &out) == 0) {
				char *ev = xasprintf("%s: PowerPoint ExOleObjStg at %zu", where, at);

				w->budget -= out;
				if (sniff_content(buf, out) == FT_OLE2)
					ole_analyze(w, ev, buf, out, depth + 1);
				free(ev);
				off = at + 8 + len;
			}
			free(buf);
		}
	}
}

struct ole_walk {
	struct walk *w;
	const char *where;
	int depth;
	size_t nodes;
	bool vba_seen;
};

static void ole_node(struct ole_walk *ow, GsfInfile *dir, int level)
{
	int i, n = gsf_infile_num_children(dir);

	for (i = 0; i < n && ow->nodes < 4096; i++) {
		const char *name = gsf_infile_name_by_index(dir, i);
		GsfInput *ch = gsf_infile_child_by_index(dir, i);

		ow->nodes++;
		if (!ch)
			continue;
		if (!name)
			name = "";
		if (GSF_IS_INFILE(ch) && gsf_infile_num_children(GSF_INFILE(ch)) >= 0) {
			GsfInput *dirs = gsf_infile_child_by_name(GSF_INFILE(ch), "dir");

			if (strcasecmp(name, "VBA") == 0 && dirs && !ow->vba_seen) {
				ow->vba_seen = true;
				vba_analyze(ow->w, ow->where, GSF_INFILE(ch));
			} else if (level < 8) {
				ole_node(ow, GSF_INFILE(ch), level + 1);
			}
			if (dirs)
				g_object_unref(dirs);
		} else if (strcmp(name, "EncryptedPackage") == 0) {
			ow->w->encrypted = true;
			reason(ow->w, ML_CAUTION, "encrypted", N_("an encrypted document: no scanner can look inside it"),
			       "%s: stream EncryptedPackage", ow->where);
		} else if (level == 0 && (strcmp(name, "Workbook") == 0 || strcmp(name, "Book") == 0)) {
			size_t len;
			uint8_t *b = stream_read(ow->w, ch, &len);

			if (b)
				biff_analyze(ow->w, ow->where, b, len);
			else
				reason(ow->w, ML_CAUTION, "not-inspected", N_("a part too large to inspect whole"),
				       "%s: Workbook stream of %lld bytes", ow->where, (long long)gsf_input_size(ch));
			free(b);
		} else if (level == 0 && strcmp(name, "WordDocument") == 0) {
			uint8_t fib[16];

			/* FIB: wIdent 0xA5EC, flags at 0x0A, fEncrypted = 0x0100 */
			if (gsf_input_size(ch) >= 16 && gsf_input_read(ch, 16, fib) && fib[0] == 0xEC && fib[1] == 0xA5 &&
			    (fib[0x0B] & 0x01)) {
				ow->w->encrypted = true;
				reason(ow->w, ML_CAUTION, "encrypted",
				       N_("an encrypted document: no scanner can look inside it"),
				       "%s: WordDocument stream, FIB fEncrypted", ow->where);
			} else if (gsf_input_seek(ch, 0, G_SEEK_SET) == FALSE) {
				size_t len;
				uint8_t *b = stream_read(ow->w, ch, &len);
				struct ox_fields f;

				if (b) {
					ox_doc_fields(b, len, &f);
					dde_reason(ow->w, ow->where, "WordDocument stream", &f);
				}
				free(b);
			}
		} else if (level == 0 && strcmp(name, "PowerPoint Document") == 0 && ow->depth < MAIL_MAX_DEPTH) {
			size_t len;
			uint8_t *b = stream_read(ow->w, ch, &len);

			if (b)
				ppt_analyze(ow->w, ow->where, b, len, ow->depth);
			free(b);
		} else if (strcmp(name, "\001Ole10Native") == 0 && ow->depth < MAIL_MAX_DEPTH) {
			size_t len;
			uint8_t *b = stream_read(ow->w, ch, &len);

			if (b)
				ole10native(ow->w, ow->where, b, len, ow->depth);
			free(b);
		}
		g_object_unref(ch);
	}
}

static void ole_analyze(struct walk *w, const char *where, const uint8_t *p, size_t n, int depth)
{
	GsfInput *in = gsf_input_memory_new(p, (gsf_off_t)n, FALSE);
	GError *ge = NULL;
	GsfInfile *ole;
	struct ole_walk ow = { .w = w, .where = where, .depth = depth };

	if (!in)
		return;
	ole = gsf_infile_msole_new(in, &ge);
	if (!ole) {
		reason(w, ML_CAUTION, "damaged", N_("a damaged Office file (it could not be read)"), "%s: %s", where,
		       ge ? ge->message : "not an OLE2 file");
		if (ge)
			g_error_free(ge);
		g_object_unref(in);
		return;
	}
	ole_node(&ow, ole, 0);
	g_object_unref(ole);
	g_object_unref(in);
}

/* ------------------------------------------------------------------ archives */

#define ENTRY_MACRO_RIDS 64

struct entry_ctx {
	bool ooxml;		/* [Content_Types].xml seen */
	size_t macrosheets;	/* entries under xl/macrosheets/ */
	struct ox_workbook *wb;	/* xl/workbook.xml or .bin, when read */
	char macro_rids[ENTRY_MACRO_RIDS][32];	/* the workbook's relationships to macro sheets */
	size_t n_macro_rids;
	bool have_wb_rels;
	struct ox_rels rels;	/* scratch for one .rels part */
};

/* Commands a DDE field may start that make it worse than a prompt to update links. */
static const char *const kw_dde_prog[] = { "cmd", "powershell", "mshta", "rundll32", "regsvr32", "certutil",
					   "bitsadmin", "wscript", "cscript", "msiexec", "pwsh", NULL };

static void dde_reason(struct walk *w, const char *where, const char *part, const struct ox_fields *f)
{
	const char *prog;

	if (!f->dde)
		return;
	prog = find_kw(f->instr, strlen(f->instr), kw_dde_prog);
	if (f->worst == OX_DDEAUTO || prog)
		reason(w, ML_SUSPICIOUS, "dde",
		       N_("a document field that starts another program (DDE): opening the document can run it"),
		       "%s: %s: %zu DDE field(s)%s, first: %s", where, part, f->dde,
		       f->worst == OX_DDEAUTO ? " (DDEAUTO: asked for on opening)" : "", f->instr);
	else
		reason(w, ML_CAUTION, "dde", N_("a document field that links to another program (DDE)"),
		       "%s: %s: %zu DDE field(s), first: %s", where, part, f->dde, f->instr);
}

/* WordprocessingML parts that hold fields. */
static bool word_field_part(const char *name)
{
	size_t l = strlen(name);

	if (strncasecmp(name, "word/", 5) != 0 || l < 9 || strcasecmp(name + l - 4, ".xml") != 0 || strchr(name + 5, '/'))
		return false;
	return strcasecmp(name, "word/document.xml") == 0 || strncasecmp(name, "word/header", 11) == 0 ||
	       strncasecmp(name, "word/footer", 11) == 0 || strcasecmp(name, "word/footnotes.xml") == 0 ||
	       strcasecmp(name, "word/endnotes.xml") == 0 || strcasecmp(name, "word/comments.xml") == 0 ||
	       strcasecmp(name, "word/glossary/document.xml") == 0;
}

static const struct karchive *ar;

static void ooxml_entry(struct walk *w, struct entry_ctx *e, const char *where, const char *name, const uint8_t *p,
			size_t n, int depth)
{
	char *ev;

	if (strncasecmp(name, "xl/macrosheets/", 15) == 0) {
		e->macrosheets++;
		return;
	}
	if (p && (strcasecmp(name, "xl/workbook.xml") == 0 || strcasecmp(name, "xl/workbook.bin") == 0)) {
		bool bin = strcasecmp(name, "xl/workbook.bin") == 0;

		if (!e->wb)
			e->wb = xmalloc(sizeof(*e->wb));
		if ((bin ? ox_workbook_bin(p, n, e->wb) : ox_workbook_xml(p, n, e->wb)) < 0)
			reason(w, ML_CAUTION, "damaged", N_("a damaged Office file (it could not be read)"), "%s: %s", where,
			       name);
		return;
	}
	if (p && word_field_part(name)) {
		struct ox_fields f;

		ox_word_fields(p, n, &f);
		dde_reason(w, where, name, &f);
		return;
	}
	if (p && strncasecmp(name, "xl/externalLinks/", 17) == 0 && !strstr(name, "_rels/")) {
		struct ox_fields f;

		ox_extlink(p, n, &f);
		dde_reason(w, where, name, &f);
		return;
	}
	if (p && strstr(name, "_rels/")) {
		bool wb_rels = strcasecmp(name, "xl/_rels/workbook.xml.rels") == 0 ||
			       strcasecmp(name, "xl/_rels/workbook.bin.rels") == 0;
		size_t i;

		ox_rels(p, n, &e->rels);
		if (wb_rels)
			e->have_wb_rels = true;
		for (i = 0; i < e->rels.n; i++) {
			const struct ox_rel *x = &e->rels.v[i];

			if (x->kind == OX_REL_MACROSHEET && wb_rels && e->n_macro_rids < ENTRY_MACRO_RIDS)
				snprintf(e->macro_rids[e->n_macro_rids++], sizeof(e->macro_rids[0]), "%s", x->id);
			if (x->external && x->kind != OX_REL_OTHER && x->kind != OX_REL_MACROSHEET) {
				reason(w, ML_SUSPICIOUS, "remote-template",
				       N_("an Office document that loads a template or object from the internet when opened"),
				       "%s: %s, %s, TargetMode=External, Target %s", where, name,
				       x->kind == OX_REL_TEMPLATE ? "attachedTemplate" : x->kind == OX_REL_OLEOBJECT ? "oleObject" : "frame",
				       x->target);
				break;
			}
		}
		return;
	}
	if (p && strlen(name) >= 14 && strcasecmp(name + strlen(name) - 14, "vbaProject.bin") == 0) {
		ev = xasprintf("%s: %s", where, name);
		ole_analyze(w, ev, p, n, depth + 1);
		free(ev);
		return;
	}
	if (p && strstr(name, "/embeddings/")) {
		ev = xasprintf("%s: %s", where, name);
		reason(w, ML_CAUTION, "embedded", N_("an Office document with an embedded object (opening it runs it)"),
		       "%s", ev);
		if (sniff_content(p, n) == FT_OLE2)
			ole_analyze(w, ev, p, n, depth + 1);
		else
			blob_analyze(w, ev, name, p, n, false, depth + 1);
		free(ev);
	}
}

/* Which entries of an OOXML package are worth reading. */
static bool ooxml_wanted(const char *name)
{
	size_t l = strlen(name);

	return (l >= 14 && strcasecmp(name + l - 14, "vbaProject.bin") == 0) || strstr(name, "/embeddings/") ||
	       strcasecmp(name, "xl/workbook.xml") == 0 || strcasecmp(name, "xl/workbook.bin") == 0 ||
	       (strstr(name, "_rels/") && l > 5 && strcasecmp(name + l - 5, ".rels") == 0) || word_field_part(name) ||
	       strncasecmp(name, "xl/externalLinks/", 17) == 0;
}

/*
 * Excel 4.0 macro sheets of an OOXML or xlsb workbook: how many, whether one is hidden (its sheet's
 * relationship is a macro sheet; without the workbook's relationships, any hidden sheet counts) and
 * whether a name runs at open.
 */
static void xlm_reason(struct walk *w, const char *where, const struct entry_ctx *ec)
{
	size_t i, j, n = ec->macrosheets > ec->n_macro_rids ? ec->macrosheets : ec->n_macro_rids;
	const char *hidden = NULL, *how = "";
	bool bad;

	if (!n)
		return;
	for (i = 0; ec->wb && i < ec->wb->n_sheets && !hidden; i++) {
		const struct ox_sheet *sh = &ec->wb->sheets[i];
		bool macro = !ec->have_wb_rels;

		for (j = 0; j < ec->n_macro_rids && !macro; j++)
			macro = strcmp(ec->macro_rids[j], sh->rid) == 0;
		if (macro && sh->state != OX_VISIBLE) {
			hidden = sh->name;
			how = sh->state == OX_VERY_HIDDEN ? "very hidden" : "hidden";
		}
	}
	bad = hidden || (ec->wb && ec->wb->auto_open);
	reason(w, bad ? ML_SUSPICIOUS : ML_CAUTION, "xlm",
	       bad ? N_("an Excel 4.0 (XLM) macro sheet that runs on opening or is hidden")
		   : N_("an Excel 4.0 (XLM) macro sheet"),
	       "%s: %zu macro sheet(s)%s%s%s%s%s%s", where, n, hidden ? ", " : "", hidden ? how : "",
	       hidden ? " sheet '" : "", hidden ? hidden : "", hidden ? "'" : "",
	       ec->wb && ec->wb->auto_open ? ", a name Auto_Open" : "");
}

static bool zip_is_ooxml(const uint8_t *p, size_t n)
{
	return memmem(p, n, "[Content_Types].xml", 19) != NULL;
}

static void archive_analyze(struct walk *w, const char *where, const uint8_t *p, size_t n, bool cut, int depth)
{
	struct archive *a;
	struct archive_entry *ent;
	struct err e = { 0 };
	struct entry_ctx ec = { 0 };
	int64_t declared = 0;
	size_t entries = 0, encrypted = 0;
	bool ooxml = sniff_content(p, n) == FT_ZIP && zip_is_ooxml(p, n);
	int rc;

	if (!ar && !(ar = karchive_load(&e))) {
		reason(w, ML_CAUTION, "not-inspected", N_("a part too large to inspect whole"), "%s: %s", where, e.msg);
		return;
	}
	a = ar->read_new();
	if (!a)
		return;
	ar->read_support_format_all(a);
	/* not filter_all: some of its filters run an external program */
	ar->read_support_filter_gzip(a);
	ar->read_support_filter_bzip2(a);
	ar->read_support_filter_xz(a);
	ar->read_support_filter_zstd(a);
	if (ar->read_open_memory(a, p, n) != ARCHIVE_OK) {
		/* a gzip'ed file that is not a tar holds one file: nothing to list (libarchive's raw format is off) */
		if (sniff_content(p, n) == FT_GZIP) {
			ar->read_free(a);
			return;
		}
		reason(w, ML_CAUTION, "damaged", N_("a damaged archive (it could not be read)"), "%s: %s", where,
		       ar->error_string(a) ? ar->error_string(a) : "?");
		ar->read_free(a);
		return;
	}
	while ((rc = ar->read_next_header(a, &ent)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
		const char *name = ar->entry_pathname_utf8(ent);
		int64_t sz = ar->entry_size_is_set(ent) ? ar->entry_size(ent) : 0;
		unsigned nf;
		char *ev;

		if (!name)
			name = ar->entry_pathname(ent);
		if (!name)
			name = "";
		if (++entries > MAIL_MAX_ENTRIES) {
			reason(w, ML_CAUTION, "not-inspected", N_("a part too large to inspect whole"),
			       "%s: more than %d entries", where, MAIL_MAX_ENTRIES);
			break;
		}
		if (ar->entry_filetype(ent) != AE_IFREG)
			continue;
		if (sz > 0)
			declared += sz;
		{
			char *sn = show(name);

			ev = xasprintf("%s: entry '%s'", where, sn);
			free(sn);
		}
		if (ar->entry_is_encrypted(ent)) {
			encrypted++;
			w->encrypted = true;
			reason(w, ML_CAUTION, "encrypted-archive",
			       N_("an encrypted archive: no scanner can look inside it"), "%s (encrypted)", ev);
			nf = name_flags(name);
			if (nf & (NAME_EXEC | NAME_SCRIPT | NAME_LNK | NAME_DISKIMG | NAME_ONENOTE))
				blob_analyze(w, ev, name, NULL, 0, true, depth + 1);
			free(ev);
			continue;
		}
		if (sz > MAIL_HUGE_ENTRY)
			reason(w, ML_SUSPICIOUS, "inflated",
			       N_("an archive entry of a huge declared size (a padded file made to slip past scanners, "
				  "or a zip bomb)"),
			       "%s declares %lld bytes in an archive of %zu bytes", ev, (long long)sz, n);
		if (ooxml) {
			if (ooxml_wanted(name)) {
				size_t cap = MAIL_MAX_ENTRY_BYTES < w->budget ? MAIL_MAX_ENTRY_BYTES : w->budget;
				uint8_t *buf = xmalloc(cap + 1);
				size_t got = 0;
				la_ssize_t r;

				while (got < cap && (r = ar->read_data(a, buf + got, cap - got)) > 0)
					got += (size_t)r;
				w->budget -= got;
				ooxml_entry(w, &ec, where, name, buf, got, depth);
				free(buf);
			} else {
				ooxml_entry(w, &ec, where, name, NULL, 0, depth);
			}
		} else if (depth < MAIL_MAX_DEPTH && sz <= MAIL_HUGE_ENTRY) {
			size_t cap = MAIL_MAX_ENTRY_BYTES < w->budget ? MAIL_MAX_ENTRY_BYTES : w->budget;
			uint8_t *buf = xmalloc(cap + 1);
			size_t got = 0;
			la_ssize_t r = 0;
			uint8_t extra;

			while (got < cap && (r = ar->read_data(a, buf + got, cap - got)) > 0)
				got += (size_t)r;
			w->budget -= got;
			nf = name_flags(name);
			if (nf & (NAME_ARCHIVE | NAME_DISKIMG) || sniff_content(buf, got) == FT_ZIP ||
			    sniff_content(buf, got) == FT_RAR || sniff_content(buf, got) == FT_7Z)
				reason(w, ML_CAUTION, "nested-archive",
				       N_("an archive inside an archive (a way to hide the content from scanners)"), "%s", ev);
			blob_analyze(w, ev, name, buf, got, got == cap && r > 0 && ar->read_data(a, &extra, 1) > 0,
				     depth + 1);
			free(buf);
		} else {
			blob_analyze(w, ev, name, NULL, 0, true, depth + 1);
		}
		free(ev);
	}
	if (rc != ARCHIVE_EOF && rc != ARCHIVE_OK && entries <= MAIL_MAX_ENTRIES && !cut) {
		const char *es = ar->error_string(a);

		if (es && (strstr(es, "ncrypt") || strstr(es, "assphrase"))) {
			w->encrypted = true;
			reason(w, ML_CAUTION, "encrypted-archive", N_("an encrypted archive: no scanner can look inside it"),
			       "%s: %s", where, es);
		} else {
			reason(w, ML_CAUTION, "damaged", N_("a damaged archive (it could not be read)"), "%s: %s", where,
			       es ? es : "?");
		}
	}
	if (n && declared / (int64_t)n > MAIL_HUGE_RATIO && declared > ((int64_t)64 << 20))
		reason(w, ML_SUSPICIOUS, "inflated",
		       N_("an archive entry of a huge declared size (a padded file made to slip past scanners, or a zip "
			  "bomb)"), "%s: %lld bytes declared in %zu bytes (ratio %lld)", where, (long long)declared, n,
		       (long long)(declared / (int64_t)n));
	if (ooxml)
		xlm_reason(w, where, &ec);
	free(ec.wb);
	(void)encrypted;
	ar->read_free(a);
}

/* ------------------------------------------------------------------ one attachment */

static void blob_analyze(struct walk *w, const char *where, const char *name, const uint8_t *p, size_t n,
			 bool cut, int depth)
{
	unsigned nf = name_flags(name);
	enum ftype ft = p ? sniff_content(p, n) : FT_UNKNOWN;
	char *sn = show(name ? name : "");

	if (depth > MAIL_MAX_DEPTH) {
		reason(w, ML_CAUTION, "not-inspected", N_("a part too large to inspect whole"), "%s: nested deeper than %d",
		       where, MAIL_MAX_DEPTH);
		free(sn);
		return;
	}
	if (nf & NAME_BIDI)
		reason(w, ML_SUSPICIOUS, "bidi-name",
		       N_("a file name with a right-to-left override (it shows a false extension)"), "%s: '%s'", where, sn);
	if (nf & NAME_DOUBLE_EXT)
		reason(w, ML_SUSPICIOUS, "double-extension", N_("a file name with a double extension (a program posing as a "
								   "document)"), "%s: '%s'", where, sn);
	if (p && n >= 5 && memcmp(p, "{\\rt", 4) == 0) {
		struct ox_fields f;

		ox_rtf_fields(p, n, &f);
		dde_reason(w, where, "RTF", &f);
	} else if (p && name && strlen(name) > 4 && (strcasecmp(name + strlen(name) - 4, ".csv") == 0 ||
						     strcasecmp(name + strlen(name) - 4, ".slk") == 0)) {
		struct ox_fields f;

		ox_csv_dde(p, n, &f);
		dde_reason(w, where, "CSV", &f);
	}
	switch (ft) {
	case FT_PE:
	case FT_ELF:
		reason(w, ML_SUSPICIOUS, "executable", N_("a program (executable file)"), "%s: %s", where, ftype_name(ft));
		break;
	case FT_LNK:
		reason(w, ML_SUSPICIOUS, "shortcut", N_("a Windows shortcut (.lnk): opening it runs a command"),
		       "%s: .lnk header", where);
		break;
	case FT_CHM:
		reason(w, ML_SUSPICIOUS, "executable", N_("a program (executable file)"), "%s: %s", where, ftype_name(ft));
		break;
	case FT_SCRIPT:
		reason(w, ML_SUSPICIOUS, "script", N_("a script: opening it runs it"), "%s: script text", where);
		break;
	case FT_ONENOTE: {
		struct onenote_info oi;

		onenote_scan(p, n, &oi);
		if (oi.executables || oi.scripts || oi.shortcuts || oi.others_dangerous)
			reason(w, ML_SUSPICIOUS, "onenote-embedded",
			       N_("a OneNote file with an embedded program, script or shortcut"),
			       "%s: OneNote section, %zu embedded file(s): %zu executable, %zu script, %zu shortcut", where,
			       oi.files, oi.executables, oi.scripts, oi.shortcuts);
		else
			reason(w, ML_CAUTION, "onenote", N_("a OneNote file (a format used to hide programs behind a button)"),
			       "%s: OneNote section, %zu embedded file(s)", where, oi.files);
		break;
	}
	case FT_ISO:
	case FT_VHD:
	case FT_VHDX:
		reason(w, ML_SUSPICIOUS, "disk-image", N_("a disk image (.iso, .img, .vhd): it hides its content from "
							  "scanners and mark-of-the-web"), "%s: %s", where, ftype_name(ft));
		if (ft == FT_ISO && depth < MAIL_MAX_DEPTH)
			archive_analyze(w, where, p, n, cut, depth + 1);
		break;
	case FT_OLE2:
		ole_analyze(w, where, p, n, depth);
		break;
	case FT_ZIP:
	case FT_RAR:
	case FT_7Z:
	case FT_GZIP:
		archive_analyze(w, where, p, n, cut, depth);
		break;
	default:
		break;
	}
	if (ft != FT_PE && ft != FT_ELF && ft != FT_CHM && (nf & NAME_EXEC))
		reason(w, ML_SUSPICIOUS, "executable", N_("a program (executable file)"), "%s: name '%s'", where, sn);
	if (ft != FT_SCRIPT && (nf & NAME_SCRIPT))
		reason(w, ML_SUSPICIOUS, "script", N_("a script: opening it runs it"), "%s: name '%s'", where, sn);
	if (ft != FT_LNK && (nf & NAME_LNK))
		reason(w, ML_SUSPICIOUS, "shortcut", N_("a Windows shortcut (.lnk): opening it runs a command"),
		       "%s: name '%s'", where, sn);
	if (ft != FT_ISO && ft != FT_VHD && ft != FT_VHDX && (nf & NAME_DISKIMG))
		reason(w, ML_SUSPICIOUS, "disk-image", N_("a disk image (.iso, .img, .vhd): it hides its content from "
							  "scanners and mark-of-the-web"), "%s: name '%s'", where, sn);
	if (ft != FT_ONENOTE && (nf & NAME_ONENOTE) && !p)
		reason(w, ML_CAUTION, "onenote", N_("a OneNote file (a format used to hide programs behind a button)"),
		       "%s: name '%s'", where, sn);
	if (cut && p && (ft == FT_OLE2 || ft == FT_ZIP || ft == FT_RAR || ft == FT_7Z || ft == FT_ONENOTE))
		reason(w, ML_CAUTION, "not-inspected", N_("a part too large to inspect whole"),
		       "%s: only the first %zu bytes were read", where, n);
	free(sn);
}

/* ------------------------------------------------------------------ MIME */

/* Decodes a part into memory, at most cap bytes; *cut when there was more. */
static uint8_t *part_bytes(GMimePart *part, size_t cap, size_t *len, bool *cut)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(part);
	GMimeStream *raw, *f;
	GMimeContentEncoding enc;
	GByteArray *ba;
	char buf[65536];
	ssize_t r;

	*len = 0;
	*cut = false;
	if (!dw || !(raw = g_mime_data_wrapper_get_stream(dw)))
		return NULL;
	enc = g_mime_data_wrapper_get_encoding(dw);
	g_mime_stream_reset(raw);
	f = g_mime_stream_filter_new(raw);
	if (enc != GMIME_CONTENT_ENCODING_DEFAULT) {
		GMimeFilter *dec = g_mime_filter_basic_new(enc, FALSE);

		g_mime_stream_filter_add(GMIME_STREAM_FILTER(f), dec);
		g_object_unref(dec);
	}
	ba = g_byte_array_new();
	while ((r = g_mime_stream_read(f, buf, sizeof(buf))) > 0) {
		size_t take = (size_t)r;

		if (ba->len + take > cap) {
			take = cap - ba->len;
			*cut = true;
		}
		g_byte_array_append(ba, (const guint8 *)buf, (guint)take);
		if (*cut)
			break;
	}
	g_object_unref(f);
	*len = ba->len;
	return g_byte_array_free(ba, FALSE);
}

/* Link text names a host only when it ends in a real public suffix: "report.pdf" is a file name. */
static bool text_is_host(struct mail_ctx *c, const char *h)
{
	const char *dot = strrchr(h, '.');

	if (!dot || !dot[1])
		return false;
	if (!c->psl)
		return true;
	return psl_is_public_suffix2(c->psl, dot + 1, PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

static void text_add(struct walk *w, GMimePart *part, const uint8_t *p, size_t n, bool html)
{
	GMimeContentType *ct = g_mime_object_get_content_type(GMIME_OBJECT(part));
	const char *cs = ct ? g_mime_content_type_get_parameter(ct, "charset") : NULL;
	char *conv = NULL;
	gsize cl = 0;
	struct mail_links ls = { 0 };
	const char *t = (const char *)p;
	size_t tl = n;

	if (cs && g_ascii_strcasecmp(cs, "utf-8") && g_ascii_strcasecmp(cs, "us-ascii")) {
		conv = g_convert((const char *)p, (gssize)n, "UTF-8", g_mime_charset_iconv_name(cs), NULL, &cl, NULL);
		if (conv) {
			t = conv;
			tl = cl;
		}
	}
	/* inline uuencoded files in the text */
	{
		size_t off = 0, k = 0;
		uint8_t *uu;
		char un[UU_MAX_NAME];
		long l;

		while (k++ < 16 && (l = uu_next(t, tl, &off, w->budget < MAIL_MAX_PART_BYTES ? w->budget :
								MAIL_MAX_PART_BYTES, &uu, un)) >= 0) {
			char *sn = show(un), *ev = xasprintf("uuencoded file '%s' in the text", sn);

			w->budget -= (size_t)l;
			w->r->has_attachment = true;
			blob_analyze(w, ev, un, uu, (size_t)l, false, 1);
			free(ev);
			free(sn);
			free(uu);
		}
	}
	if (w->text->len < MAIL_MAX_TEXT_BYTES)
		g_string_append_len(w->text, t, (gssize)(tl < MAIL_MAX_TEXT_BYTES - w->text->len ? tl :
							   MAIL_MAX_TEXT_BYTES - w->text->len));
	links_extract(t, tl, html, &ls);
	for (size_t i = 0; i < ls.n; i++) {
		struct mail_link *k = &ls.v[i];
		char a[LINKS_MAX_HOST], b[LINKS_MAX_HOST];
		const struct plan_domain *pd;
		unsigned nf;

		if (!k->host[0])
			continue;
		if (k->text_host[0] && text_is_host(w->c, k->text_host) &&
		    strcmp(registrable(w->c, k->text_host, a, sizeof(a)),
					      registrable(w->c, k->host, b, sizeof(b))) != 0)
			reason(w, ML_SUSPICIOUS, "link-mismatch",
			       N_("a link whose text shows one site but leads to another"), "text shows %s, link goes to %s",
			       k->text_host, k->host);
		if (k->ip)
			reason(w, ML_CAUTION, "link-ip", N_("a link to a bare IP address instead of a name"), "%s", k->host);
		nf = name_flags(k->last);
		if (nf & (NAME_EXEC | NAME_SCRIPT | NAME_LNK | NAME_ARCHIVE | NAME_DISKIMG | NAME_OFFICE | NAME_ONENOTE)) {
			char *sn = show(k->last);

			reason(w, (nf & (NAME_EXEC | NAME_SCRIPT | NAME_LNK | NAME_DISKIMG)) || k->ip ? ML_SUSPICIOUS :
													ML_CAUTION,
			       "link-download", N_("a link that downloads a file (archive, document, program or script)"),
			       "%s: '%s'", k->host, sn);
			free(sn);
		}
		if (strstr(k->host, "xn--")) {
			char *u8 = NULL;

			if (idn2_to_unicode_8z8z(k->host, &u8, 0) == IDN2_OK) {
				char *sn = show(u8);

				reason(w, ML_CAUTION, "link-idn",
				       N_("a link to an internationalised (punycode) domain that may imitate another"),
				       "%s shown as %s", k->host, sn);
				free(sn);
				idn2_free(u8);
			} else {
				reason(w, ML_CAUTION, "link-idn",
				       N_("a link to an internationalised (punycode) domain that may imitate another"),
				       "%s", k->host);
			}
		}
		if ((pd = lookalike(w->c, k->host)))
			reason(w, ML_SUSPICIOUS, "lookalike", N_("a domain that imitates one of your contacts or vendors"),
			       "link to %s imitates %s (%s)", k->host, pd->domain, pd->name ? pd->name : "");
	}
	if (ls.truncated)
		reason(w, ML_CAUTION, "not-inspected", N_("a part too large to inspect whole"), "more than %d links",
		       LINKS_MAX);
	links_free(&ls);
	g_free(conv);
}

static void part_walk(struct walk *w, GMimeObject *o, const char *path, int depth)
{
	if (depth > MAIL_MAX_DEPTH) {
		reason(w, ML_CAUTION, "not-inspected", N_("a part too large to inspect whole"), "part %s: nested deeper than %d",
		       path, MAIL_MAX_DEPTH);
		return;
	}
	if (GMIME_IS_MULTIPART(o)) {
		int i, n = g_mime_multipart_get_count(GMIME_MULTIPART(o));

		for (i = 0; i < n; i++) {
			char *sub;

			if (w->leaves >= MAIL_MAX_PARTS) {
				reason(w, ML_CAUTION, "not-inspected", N_("a part too large to inspect whole"),
				       "only the first %d parts were inspected", MAIL_MAX_PARTS);
				return;
			}
			sub = path[0] ? xasprintf("%s.%d", path, i + 1) : xasprintf("%d", i + 1);
			part_walk(w, g_mime_multipart_get_part(GMIME_MULTIPART(o), i), sub, depth + 1);
			free(sub);
		}
		return;
	}
	if (GMIME_IS_MESSAGE_PART(o)) {
		GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));

		if (m && g_mime_message_get_mime_part(m))
			part_walk(w, g_mime_message_get_mime_part(m), path, depth + 1);
		return;
	}
	if (GMIME_IS_PART(o)) {
		GMimePart *part = GMIME_PART(o);
		GMimeContentType *ct = g_mime_object_get_content_type(o);
		const char *fname = g_mime_part_get_filename(part);
		bool textual = ct && g_mime_content_type_is_type(ct, "text", "*");
		bool html = ct && g_mime_content_type_is_type(ct, "text", "html");
		bool attach = fname || g_mime_part_is_attachment(part) || !textual;
		size_t len;
		bool cut;
		uint8_t *data;
		char *where, *sn;

		w->leaves++;
		w->r->parts++;
		if (attach && !(ct && g_mime_content_type_is_type(ct, "multipart", "*")))
			w->r->has_attachment = true;
		data = part_bytes(part, w->budget < MAIL_MAX_PART_BYTES ? w->budget : MAIL_MAX_PART_BYTES, &len, &cut);
		if (data)
			w->budget -= len;
		sn = show(fname ? fname : "");
		where = fname ? xasprintf("part %s '%s'", path[0] ? path : "1", sn) : xasprintf("part %s", path[0] ? path : "1");
		if (textual && !fname)
			text_add(w, part, data ? data : (const uint8_t *)"", len > MAIL_MAX_TEXT_BYTES ? MAIL_MAX_TEXT_BYTES : len,
				 html);
		if (attach)
			blob_analyze(w, where, fname, data, len, cut, depth);
		else if (data && sniff_content(data, len) != FT_UNKNOWN && sniff_content(data, len) != FT_SCRIPT)
			blob_analyze(w, where, fname, data, len, cut, depth);
		if (cut && !attach)
			reason(w, ML_CAUTION, "not-inspected", N_("a part too large to inspect whole"),
			       "%s: only the first %zu bytes were read", where, len);
		free(where);
		free(sn);
		g_free(data);
	}
}

/* ------------------------------------------------------------------ headers */

static const char *const pw_tokens[] = {
	"password", "passwd", "passcode", "パスワード", "ﾊﾟｽﾜｰﾄﾞ", "解凍", "暗証", "pass:", "pwd", NULL,
};

static const char *password_token(const char *t, size_t n)
{
	size_t k, i;

	for (k = 0; pw_tokens[k]; k++) {
		size_t l = strlen(pw_tokens[k]);

		for (i = 0; i + l <= n; i++)
			if (strncasecmp(t + i, pw_tokens[k], l) == 0)
				return pw_tokens[k];
	}
	/* "PW" as a word, in capitals: PW: 1234, PW：1234 */
	for (i = 0; i + 2 <= n; i++)
		if (t[i] == 'P' && t[i + 1] == 'W' && (i == 0 || !isalnum((unsigned char)t[i - 1])) &&
		    (i + 2 == n || !isalnum((unsigned char)t[i + 2])))
			return "PW";
	return NULL;
}

static void people_add(struct mail_result *r, InternetAddressList *l)
{
	int i, n = l ? internet_address_list_length(l) : 0;

	for (i = 0; i < n && r->n_people < 1000; i++) {
		InternetAddress *ia = internet_address_list_get_address(l, i);

		if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
			const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));

			if (addr && *addr) {
				r->people = xrealloc(r->people, (r->n_people + 1) * sizeof(*r->people));
				r->people[r->n_people++] = g_ascii_strdown(addr, -1);
			}
		} else if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			people_add(r, internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)));
		}
	}
}

static const char *mailbox(InternetAddressList *l, const char **name)
{
	InternetAddress *ia;

	*name = NULL;
	if (!l || internet_address_list_length(l) < 1)
		return NULL;
	ia = internet_address_list_get_address(l, 0);
	if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
		return NULL;
	*name = internet_address_get_name(ia);
	return internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
}

static int64_t received_date(GMimeMessage *m)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(m));
	int i, n = hl ? g_mime_header_list_get_count(hl) : 0;
	GDateTime *dt;
	int64_t t = 0;

	/* the first Received: is the newest hop, the one that delivered it here */
	for (i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		const char *v, *semi;

		if (g_ascii_strcasecmp(g_mime_header_get_name(h), "Received") != 0)
			continue;
		v = g_mime_header_get_value(h);
		semi = v ? strrchr(v, ';') : NULL;
		if (semi && (dt = g_mime_utils_header_decode_date(semi + 1))) {
			t = g_date_time_to_unix(dt);
			g_date_time_unref(dt);
			return t;
		}
		break;
	}
	dt = g_mime_message_get_date(m);
	return dt ? g_date_time_to_unix(dt) : 0;
}

static void refs_add(struct mail_result *r, const char *hv)
{
	GMimeReferences *refs;
	int i, n;

	if (!hv)
		return;
	refs = g_mime_references_parse(NULL, hv);
	n = refs ? g_mime_references_length(refs) : 0;
	for (i = 0; i < n && r->n_refs < 200; i++) {
		r->refs = xrealloc(r->refs, (r->n_refs + 1) * sizeof(*r->refs));
		r->refs[r->n_refs++] = xstrdup(g_mime_references_get_message_id(refs, i));
	}
	if (refs)
		g_mime_references_free(refs);
}

static bool subject_reply(const char *s)
{
	while (s && (*s == ' ' || *s == '\t'))
		s++;
	return s && (strncasecmp(s, "re:", 3) == 0 || strncasecmp(s, "aw:", 3) == 0 || strncmp(s, "Re：", 5) == 0 ||
		     strncmp(s, "RE：", 5) == 0 || strncmp(s, "返信", 6) == 0);
}

static void headers(struct walk *w, GMimeMessage *m)
{
	struct mail_result *r = w->r;
	const char *name = NULL, *addr = mailbox(g_mime_message_get_from(m), &name);
	const char *subj = g_mime_message_get_subject(m);
	const char *rp, *irt;
	char buf[LINKS_MAX_HOST], b2[LINKS_MAX_HOST];
	const char *rname = NULL, *raddr;
	char *d;
	const struct plan_domain *pd;

	r->subject = xstrdup(subj ? subj : "");
	r->from_addr = xstrdup(addr ? addr : "");
	r->from = name && *name ? xasprintf("%s <%s>", name, addr ? addr : "") : xstrdup(addr ? addr : "");
	r->message_id = g_mime_message_get_message_id(m) ? xstrdup(g_mime_message_get_message_id(m)) : NULL;
	r->received = received_date(m);
	people_add(r, g_mime_message_get_from(m));
	people_add(r, g_mime_message_get_addresses(m, GMIME_ADDRESS_TYPE_TO));
	people_add(r, g_mime_message_get_addresses(m, GMIME_ADDRESS_TYPE_CC));
	irt = g_mime_object_get_header(GMIME_OBJECT(m), "In-Reply-To");
	refs_add(r, irt);
	refs_add(r, g_mime_object_get_header(GMIME_OBJECT(m), "References"));
	r->is_reply = irt || subject_reply(subj);
	d = addr_domain(addr);
	if (d) {
		r->from_domain = xstrdup(registrable(w->c, d, buf, sizeof(buf)));
		if ((pd = plan_domain(w->c, r->from_domain))) {
			r->contact_name = pd->name;
			r->contact_phone = pd->phone;
		}
		if ((pd = lookalike(w->c, d)))
			reason(w, ML_SUSPICIOUS, "lookalike", N_("a domain that imitates one of your contacts or vendors"),
			       "From: %s imitates %s (%s)", d, pd->domain, pd->name ? pd->name : "");
		free(d);
	}
	/* a display name that holds an address of another domain, or a plan vendor's name */
	if (name && r->from_domain) {
		const char *at = strchr(name, '@');

		if (at) {
			char host[LINKS_MAX_HOST];
			size_t k = 0;

			for (at++; *at && k + 1 < sizeof(host) && (isalnum((unsigned char)*at) || *at == '.' || *at == '-');
			     at++)
				host[k++] = (char)tolower((unsigned char)*at);
			host[k] = '\0';
			if (k && strchr(host, '.') && strcmp(registrable(w->c, host, b2, sizeof(b2)), r->from_domain) != 0) {
				char *sn = show(name);

				reason(w, ML_SUSPICIOUS, "display-name",
				       N_("the sender's display name shows another address than the real one"),
				       "From: \"%s\" <%s>", sn, addr);
				free(sn);
			}
		}
		for (size_t i = 0; i < w->c->n_dom; i++) {
			const char *vn = w->c->dom[i].name;

			if (vn && strlen(vn) >= 3 && strcasestr(name, vn) && strcmp(w->c->dom[i].domain, r->from_domain) != 0) {
				char *sn = show(name);

				reason(w, ML_SUSPICIOUS, "display-name",
				       N_("the sender's display name shows another address than the real one"),
				       "From: \"%s\" <%s>, but %s writes from %s", sn, addr, vn, w->c->dom[i].domain);
				free(sn);
				break;
			}
		}
	}
	raddr = mailbox(g_mime_message_get_reply_to(m), &rname);
	if (raddr && r->from_domain && (d = addr_domain(raddr))) {
		if (strcmp(registrable(w->c, d, buf, sizeof(buf)), r->from_domain) != 0)
			reason(w, ML_CAUTION, "reply-to", N_("replies would go to another domain than the sender's"),
			       "Reply-To: %s, From: %s", raddr, addr);
		free(d);
	}
	rp = g_mime_object_get_header(GMIME_OBJECT(m), "Return-Path");
	if (rp && r->from_domain) {
		const char *at = strrchr(rp, '@');

		if (at) {
			char host[LINKS_MAX_HOST];
			size_t k = 0;

			for (at++; *at && *at != '>' && k + 1 < sizeof(host) && !isspace((unsigned char)*at); at++)
				host[k++] = (char)tolower((unsigned char)*at);
			host[k] = '\0';
			if (k && strcmp(registrable(w->c, host, buf, sizeof(buf)), r->from_domain) != 0)
				reason(w, ML_CAUTION, "return-path",
				       N_("the envelope sender (Return-Path) is in another domain than From"),
				       "Return-Path: %s, From: %s", host, r->from_domain);
		}
	}
}

static void triage_message(struct mail_ctx *c, GMimeMessage *m, struct mail_result *r)
{
	struct walk w = { .c = c, .r = r, .budget = MAIL_MAX_MSG_BYTES, .text = g_string_new(NULL) };
	GMimeObject *body = g_mime_message_get_mime_part(m);

	headers(&w, m);
	if (body)
		part_walk(&w, body, "", 0);
	if (w.encrypted) {
		const char *tok = password_token(w.text->str, w.text->len);

		if (tok) {
			for (size_t i = 0; i < r->n_reasons; i++)
				if (strcmp(r->reasons[i].id, "encrypted") == 0 || strcmp(r->reasons[i].id, "encrypted-archive") == 0)
					r->reasons[i].level = ML_SUSPICIOUS;
			reason(&w, ML_SUSPICIOUS, "password-in-body",
			       N_("the password of the encrypted attachment is in the mail itself (so that scanners cannot "
				  "open it, but you will)"), "body: '%s'", tok);
		}
	}
	g_string_free(w.text, TRUE);
	mail_result_finish(r);
}

static void unparsable(struct mail_result *r, const char *why)
{
	struct walk w = { .r = r };

	r->unparsable = true;
	reason(&w, ML_CAUTION, "unparsable", N_("a message that could not be read as mail (open it with care)"), "%s",
	       why);
	mail_result_finish(r);
}

void mail_triage_bytes(struct mail_ctx *c, const char *p, size_t n, struct mail_result *out)
{
	GMimeStream *s = g_mime_stream_mem_new_with_buffer(p, n);
	GMimeParser *ps = g_mime_parser_new_with_stream(s);
	GMimeMessage *m = g_mime_parser_construct_message(ps, NULL);

	if (m)
		triage_message(c, m, out);
	else
		unparsable(out, "GMime could not parse it");
	if (m)
		g_object_unref(m);
	g_object_unref(ps);
	g_object_unref(s);
}

bool mail_looks_mbox(const char *p, size_t n)
{
	return n >= 5 && memcmp(p, "From ", 5) == 0;
}

long mail_triage_fd(struct mail_ctx *c, int fd, bool mbox, const char *source, mail_cb cb, void *arg, struct err *err)
{
	GMimeStream *s = g_mime_stream_fs_new(fd);	/* owns fd */
	GMimeParser *ps;
	long count = 0;

	if (!s) {
		close(fd);
		return err_set(err, -EIO, "cannot read '%s'", source);
	}
	ps = g_mime_parser_new_with_stream(s);
	g_mime_parser_set_format(ps, mbox ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE);
	g_mime_parser_set_persist_stream(ps, TRUE);
	while (!g_mime_parser_eos(ps)) {
		GMimeMessage *m = g_mime_parser_construct_message(ps, NULL);
		struct mail_result *r = xcalloc(1, sizeof(*r));

		count++;
		r->source = mbox ? xasprintf("%s#%ld", source, count) : xstrdup(source);
		if (m) {
			triage_message(c, m, r);
			g_object_unref(m);
		} else {
			unparsable(r, "GMime could not parse it");
		}
		cb(r, arg);
		if (!m || !mbox)
			break;
	}
	g_object_unref(ps);
	g_object_unref(s);
	return count;
}

void mail_threads(struct mail_result **v, size_t n)
{
	GHashTable *by_id = g_hash_table_new(g_str_hash, g_str_equal);
	size_t i, j, k;

	for (i = 0; i < n; i++)
		if (v[i]->message_id)
			g_hash_table_insert(by_id, v[i]->message_id, v[i]);
	for (i = 0; i < n; i++) {
		struct mail_result *r = v[i];
		bool found = false, known = false;
		char *low;

		if (!r->is_reply || !r->has_attachment || !r->from_addr[0] || !r->n_refs)
			continue;
		low = g_ascii_strdown(r->from_addr, -1);
		for (j = 0; j < r->n_refs; j++) {
			struct mail_result *o = g_hash_table_lookup(by_id, r->refs[j]);

			if (!o || o == r)
				continue;
			found = true;
			for (k = 0; k < o->n_people; k++)
				if (strcmp(o->people[k], low) == 0)
					known = true;
		}
		if (found && !known) {
			struct walk w = { .r = r };

			reason(&w, ML_SUSPICIOUS, "thread-hijack",
			       N_("a reply with an attachment from a sender who was not part of the thread (a stolen thread)"),
			       "%s replies to %s", r->from_addr, r->refs[r->n_refs - 1]);
			mail_result_finish(r);
		}
		g_free(low);
	}
	g_hash_table_destroy(by_id);
}

const struct mail_api *kyuka_mail_api(void)
{
	static const struct mail_api api = {
		.ctx_new = mail_ctx_new, .ctx_free = mail_ctx_free, .triage_fd = mail_triage_fd,
		.looks_mbox = mail_looks_mbox, .threads = mail_threads, .result_free = mail_result_free,
	};

	return &api;
}
