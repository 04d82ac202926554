/* kyuka.yaml from the schema: the template, the markdown table and the man page's keys (cli/confdoc.h). */
#include "cli/confdoc.h"

#include <stdio.h>
#include <string.h>

#include "parse/config/keydoc.h"
#include "parse/schema.h"

#define WRAP 96

/* A comment of text at col, wrapped at WRAP columns. */
static void comment(struct strbuf *sb, int col, const char *text)
{
	const char *p = text;

	while (*p) {
		int room = WRAP - col - 2;
		size_t n = strlen(p), cut = n;

		if (room < 30)
			room = 30;
		if (n > (size_t)room) {
			cut = (size_t)room;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (!cut)
				cut = (size_t)room;
		}
		strbuf_addf(sb, "%*s# %.*s\n", col, "", (int)cut, p);
		p += cut;
		while (*p == ' ')
			p++;
	}
}

/* "what it means (type: range; default X)" */
static void describe(char *buf, size_t size, const char *path, const struct ckey *k)
{
	const struct keydoc *d = keydoc_find(path);
	char range[160], def[160];

	keydoc_range(k, range, sizeof(range));
	keydoc_default(path, k, def, sizeof(def));
	snprintf(buf, size, "%s (%s%s%s%s%s%s)", d ? d->doc : "(undocumented)", k->flags & KF_REQUIRED ? "required; " : "",
		 keydoc_type(k), *range ? ": " : "", range, *def ? "; default " : "", def);
}

/* The value the template shows for a scalar key: the row's example, else the default, else a placeholder. */
static void value(char *buf, size_t size, const char *path, const struct ckey *k, const char *date)
{
	const struct keydoc *d = keydoc_find(path);

	buf[0] = '\0';
	if (k->type == KT_UINT && (k->def || k->min == 0) && !(d && d->example)) {
		snprintf(buf, size, "%u", k->def);
		return;
	}
	if (d && d->example) {
		snprintf(buf, size, "%s", d->example);
		return;
	}
	switch (k->type) {
	case KT_UINT: snprintf(buf, size, "%u", k->min); break;
	case KT_SAMPLE: snprintf(buf, size, "20"); break;
	case KT_HOURS: snprintf(buf, size, "%u-%u", k->def, k->def2); break;
	case KT_DATE: snprintf(buf, size, "%s", date); break;
	case KT_BOOL: snprintf(buf, size, "false"); break;
	case KT_SEVERITY: snprintf(buf, size, "high"); break;
	case KT_CHOICE: snprintf(buf, size, "%s", k->choices ? k->choices[0] : ""); break;
	case KT_ENUM: snprintf(buf, size, "%s", k->names ? k->names[0] : ""); break;
	case KT_STRLIST: snprintf(buf, size, "[]"); break;
	default: snprintf(buf, size, "\"\""); break;
	}
}

static bool has_required(const struct csection *sec)
{
	size_t i;

	for (i = 0; i < sec->n_keys; i++)
		if (sec->keys[i].flags & KF_REQUIRED)
			return true;
	return false;
}

/*
 * The keys of sec at column col. commented: every line starts with '#' before its text, so that
 * removing that one character gives valid YAML; dash: the keys of a list element (the first one
 * after "- " two columns left).
 */
static void yaml_section(struct strbuf *sb, const struct csection *sec, const char *prefix, int col, bool commented,
			 bool dash, const char *date)
{
	size_t i;

	for (i = 0; i < sec->n_keys; i++) {
		const struct ckey *k = &sec->keys[i];
		bool first = dash && i == 0;
		int kcol = first ? col - 2 : col;
		const char *mark = first ? "- " : "";
		char path[200], text[600], val[200];

		if (snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", k->name) >= (int)sizeof(path))
			continue;	/* no key path is that long: the tables are kyuka's own */
		describe(text, sizeof(text), path, k);
		if (*prefix == '\0' && i)
			strbuf_addch(sb, '\n');
		comment(sb, kcol, text);
		if (k->type == KT_SECTION || k->type == KT_SECTION_OR_NONE) {
			bool c = commented || (k->flags & KF_HAS) || has_required(k->sub);

			strbuf_addf(sb, "%*s%s%s%s:\n", kcol, "", c ? "#" : "", mark, k->name);
			yaml_section(sb, k->sub, path, col + 2, c, false, date);
		} else if (k->type == KT_LIST) {
			char lp[210];

			if (snprintf(lp, sizeof(lp), "%s[]", path) >= (int)sizeof(lp))
				continue;
			strbuf_addf(sb, "%*s#%s%s:\n", kcol, "", mark, k->name);
			yaml_section(sb, k->sub, lp, col + 4, true, true, date);
		} else if (!commented && !strcmp(path, "version")) {
			strbuf_addf(sb, "version: %u\n", k->def);
		} else if (!commented && k->type == KT_HOLIDAY) {
			strbuf_addf(sb, "%s: %s..%s\n", k->name, date, date + 11);
		} else {
			value(val, sizeof(val), path, k, date);
			strbuf_addf(sb, "%*s#%s%s: %s\n", kcol, "", mark, k->name, val);
		}
	}
}

void confdoc_yaml(struct strbuf *sb, const char *hol_start, const char *hol_end)
{
	char dates[32];

	/* start and end in one string: "START\0END" (yaml_section reads the end at +11) */
	snprintf(dates, sizeof(dates), "%.10s", hol_start);
	snprintf(dates + 11, sizeof(dates) - 11, "%.10s", hol_end);
	strbuf_adds(sb, "# kyuka.yaml: the configuration of kyuka (man 5 kyuka.yaml, docs/config.md).\n"
			"#\n"
			"# Every key is optional. A line '#key: value' shows a key with its default or an example:\n"
			"# remove the '#' to set it. Sections marked '#name:' are off until you remove the '#'\n"
			"# from them and from their keys. Check the file with: kyuka config check --config FILE\n\n");
	yaml_section(sb, config_schema(), "", 0, false, false, dates);
}

static void md_cell(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			strbuf_adds(sb, "\\|");
		else
			strbuf_addch(sb, *s);
	}
}

static void md_row(const char *path, const struct ckey *k, int depth, bool in_list, void *arg)
{
	struct strbuf *sb = arg;
	const struct keydoc *d = keydoc_find(path);
	char range[160], def[160];

	(void)depth;
	(void)in_list;
	keydoc_range(k, range, sizeof(range));
	keydoc_default(path, k, def, sizeof(def));
	strbuf_addf(sb, "| `%s` | %s | ", path, keydoc_type(k));
	md_cell(sb, *def ? def : k->type == KT_SECTION || k->type == KT_SECTION_OR_NONE ? "—" : "none");
	strbuf_adds(sb, " | ");
	md_cell(sb, range);
	strbuf_adds(sb, *range ? ": " : "");
	md_cell(sb, d ? d->doc : "");
	strbuf_adds(sb, k->flags & KF_REQUIRED ? " (required)" : "");
	strbuf_adds(sb, " |\n");
}

void confdoc_markdown(struct strbuf *sb)
{
	strbuf_adds(sb, "| key | type | default | allowed values and meaning |\n|---|---|---|---|\n");
	config_schema_walk(md_row, sb);
}

static void scd_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (*s == '*' || *s == '_' || *s == '\\')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *s);
	}
}

static void scd_row(const char *path, const struct ckey *k, int depth, bool in_list, void *arg)
{
	struct strbuf *sb = arg;
	const struct keydoc *d = keydoc_find(path);
	char range[160], def[160];

	(void)depth;
	(void)in_list;
	keydoc_range(k, range, sizeof(range));
	keydoc_default(path, k, def, sizeof(def));
	strbuf_adds(sb, "*");
	scd_escape(sb, path);
	strbuf_adds(sb, "* (");
	scd_escape(sb, keydoc_type(k));
	strbuf_adds(sb, k->flags & KF_REQUIRED ? ", required)\n" : ")\n");
	strbuf_adds(sb, "\t");
	scd_escape(sb, d ? d->doc : "");
	if (*range) {
		strbuf_adds(sb, ". Allowed: ");
		scd_escape(sb, range);
	}
	if (*def) {
		strbuf_adds(sb, ". Default: ");
		scd_escape(sb, def);
	}
	strbuf_adds(sb, ".\n\n");
}

void confdoc_scdoc(struct strbuf *sb)
{
	config_schema_walk(scd_row, sb);
}

struct paths_acc {
	struct strbuf *sb;
	struct strbuf missing;
	size_t n_missing;
};

static void path_row(const char *path, const struct ckey *k, int depth, bool in_list, void *arg)
{
	struct paths_acc *a = arg;

	(void)k;
	(void)depth;
	(void)in_list;
	strbuf_addf(a->sb, "%s\n", path);
	if (!keydoc_find(path)) {
		strbuf_addf(&a->missing, "missing: %s\n", path);
		a->n_missing++;
	}
}

size_t confdoc_paths(struct strbuf *sb)
{
	struct paths_acc a = { .sb = sb, .missing = STRBUF_INIT };

	config_schema_walk(path_row, &a);
	strbuf_add(sb, a.missing.buf, a.missing.len);
	strbuf_release(&a.missing);
	return a.n_missing;
}
