/*
 * PAM service file parser (see parse/pam.h). Lines are assembled and split
 * the way Linux-PAM does it (libpam/pam_handlers.c, pam_misc.c):
 *  - a '#' anywhere cuts the rest of its physical line, and such a line is
 *    never continued, even if it ends in a backslash;
 *  - otherwise a backslash at the end (trailing blanks allowed) joins the
 *    next physical line, as a blank;
 *  - tokens are separated by blanks; a token starting with '[' runs to the
 *    first ']' ("\]" is a ']' inside) and may hold blanks.
 * Where Linux-PAM would install a handler that always fails (unknown type,
 * missing control or module) or give up on the file (a continuation at the
 * end of the input), the line is a bad line here.
 */
#include "parse/pam.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/span.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static bool is_tok_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n';
}

/*
 * Pops the next token of *rest into *raw. A bracketed token's raw span runs
 * from '[' to its ']' inclusive (*closed tells whether one was found).
 */
static bool next_tok(struct span *rest, struct span *raw, bool *bracketed, bool *closed)
{
	size_t i = 0;

	while (i < rest->len && is_tok_blank(rest->p[i]))
		i++;
	if (i == rest->len) {
		rest->p += rest->len;
		rest->len = 0;
		return false;
	}
	raw->p = rest->p + i;
	*bracketed = rest->p[i] == '[';
	*closed = false;
	if (*bracketed) {
		for (i++; i < rest->len; i++) {
			if (rest->p[i] == '\\' && i + 1 < rest->len && rest->p[i + 1] == ']') {
				i++;
			} else if (rest->p[i] == ']') {
				*closed = true;
				i++;
				break;
			}
		}
	} else {
		while (i < rest->len && !is_tok_blank(rest->p[i]))
			i++;
	}
	raw->len = (size_t)(rest->p + i - raw->p);
	rest->p += i;
	rest->len -= i;
	return true;
}

/* What a module sees: a bracketed token without its brackets, "\]" as ']'. */
static char *tok_value(struct span raw, bool bracketed, bool closed)
{
	char *v, *o;
	size_t i;

	if (!bracketed)
		return xstrndup(raw.p, raw.len);
	raw.p++;
	raw.len -= closed ? 2 : 1;
	v = o = xmalloc(raw.len + 1);
	for (i = 0; i < raw.len; i++) {
		if (raw.p[i] == '\\' && i + 1 < raw.len && raw.p[i + 1] == ']')
			i++;
		*o++ = raw.p[i];
	}
	*o = '\0';
	return v;
}

static void line_free(struct pam_line *l)
{
	size_t i;

	free(l->control);
	free(l->module);
	for (i = 0; i < l->n_args; i++)
		free(l->args[i]);
	free(l->args);
}

static const char *parse_type(struct span t, struct pam_line *l)
{
	static const struct { const char *name; enum pam_type type; } types[] = {
		{ "auth", PAM_T_AUTH }, { "account", PAM_T_ACCOUNT },
		{ "password", PAM_T_PASSWORD }, { "session", PAM_T_SESSION },
	};
	size_t i;

	if (t.len && t.p[0] == '-') {
		l->silent = true;
		t.p++;
		t.len--;
	}
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		if (span_eq_icase(t, types[i].name)) {
			l->type = types[i].type;
			return NULL;
		}
	}
	return "unknown module type";
}

/* The control field; keywords are case-insensitive and kept in lower case. */
static const char *parse_control(struct span raw, bool bracketed, bool closed, struct pam_line *l)
{
	static const char *const words[] = {
		"required", "requisite", "sufficient", "optional", "include", "substack",
	};
	size_t i;

	if (bracketed) {
		if (!closed)
			return "unterminated '[' in control";
		l->control = xstrndup(raw.p, raw.len);
		return NULL;
	}
	for (i = 0; i < ARRAY_SIZE(words); i++) {
		if (span_eq_icase(raw, words[i])) {
			l->control = xstrdup(words[i]);
			l->is_include = i >= 4;
			return NULL;
		}
	}
	/* Linux-PAM reads a bare "value=action" as a one-item control list */
	if (memchr(raw.p, '=', raw.len)) {
		l->control = xstrndup(raw.p, raw.len);
		return NULL;
	}
	return "unknown control";
}

/* One logical line (comments already cut): fills *l, or returns why it is bad. */
static const char *parse_line(struct span rest, struct pam_line *l)
{
	struct span raw;
	bool br, closed;
	const char *why;
	size_t alloc = 0;

	if (!next_tok(&rest, &raw, &br, &closed))
		return NULL;	/* blank */
	if (!br && span_eq(raw, "@include")) {
		l->type = PAM_T_INCLUDE_ALL;
		l->control = xstrdup("@include");
		l->is_include = true;
	} else {
		if (br || (why = parse_type(raw, l)))
			return br ? "unknown module type" : why;
		if (!next_tok(&rest, &raw, &br, &closed))
			return "missing control";
		if ((why = parse_control(raw, br, closed, l)))
			return why;
	}
	if (!next_tok(&rest, &raw, &br, &closed))
		return l->is_include ? "missing service name" : "missing module";
	l->module = tok_value(raw, br, closed);
	if (!*l->module)
		return "empty module";
	while (next_tok(&rest, &raw, &br, &closed)) {
		if (l->n_args >= PARSE_MAX_LIST)
			return "too many arguments";
		ALLOC_GROW(l->args, l->n_args + 1, alloc);
		l->args[l->n_args++] = tok_value(raw, br, closed);
	}
	return NULL;
}

/* Parses the logical line in lb that started at physical line `line`. */
static int add_line(struct pam_file *f, size_t *alloc, const struct strbuf *lb,
		    size_t line, const char *why, struct err *err)
{
	struct pam_line l = { .line = line };

	if (!why && span_has_nul(SPAN(lb->buf, lb->len)))
		why = "NUL byte";
	if (!why)
		why = parse_line(SPAN(lb->buf, lb->len), &l);
	if (why) {
		line_free(&l);
		parse_bad_add(&f->bad, line, why);
		return 0;
	}
	if (!l.module)
		return 0;	/* blank line */
	if (f->n >= PARSE_MAX_ENTRIES) {
		line_free(&l);
		return err_set(err, -E2BIG, "pam: more than %zu lines", PARSE_MAX_ENTRIES);
	}
	ALLOC_GROW(f->v, f->n + 1, *alloc);
	f->v[f->n++] = l;
	return 0;
}

int pam_parse(const char *buf, size_t len, struct pam_file *out, struct err *err)
{
	struct pam_file f = { 0 };
	struct strbuf lb;
	struct span rest = SPAN(buf, len), phys;
	size_t alloc = 0, lineno = 0, first = 0;
	const char *hash;
	bool cont = false, too_long = false;
	int rc = 0;

	if (!buf && len)
		return err_set(err, -EINVAL, "pam: no input buffer");
	strbuf_init(&lb, PARSE_MAX_LINE);
	while (span_next_line(&rest, &phys)) {
		lineno++;
		if (!cont) {
			strbuf_reset(&lb);
			first = lineno;
			too_long = false;
		}
		hash = memchr(phys.p, '#', phys.len);
		if (hash) {
			phys.len = (size_t)(hash - phys.p);
			cont = false;
		} else {
			while (phys.len && (phys.p[phys.len - 1] == ' ' || phys.p[phys.len - 1] == '\t'))
				phys.len--;
			cont = phys.len && phys.p[phys.len - 1] == '\\';
			if (cont)
				phys.len--;
		}
		if (strbuf_add(&lb, phys.p, phys.len) < 0 || (cont && strbuf_addch(&lb, ' ') < 0))
			too_long = true;
		if (cont)
			continue;
		rc = add_line(&f, &alloc, &lb, first, too_long ? "line too long" : NULL, err);
		if (rc < 0)
			goto out;
	}
	if (cont)	/* Linux-PAM gives up on a file that ends inside a continued line */
		parse_bad_add(&f.bad, first, "continuation at end of file");
out:
	strbuf_release(&lb);
	if (rc < 0) {
		pam_free(&f);
		return rc;
	}
	*out = f;
	return 0;
}

void pam_free(struct pam_file *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->n; i++)
		line_free(&f->v[i]);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

const char *pam_module_base(const char *module)
{
	const char *slash;

	if (!module)
		return NULL;
	slash = strrchr(module, '/');
	return slash ? slash + 1 : module;
}
