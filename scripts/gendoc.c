/*
 * kyuka-gendoc: the documentation generated from kyuka's own tables, so that it cannot drift
 * (built, never installed; scripts/gendoc.sh writes the committed files, it_docs_gen compares
 * them, meson builds the man pages and the bash completion with it):
 *   kyuka-gendoc config-paths      every key path of kyuka.yaml (exit 1 when one has no description)
 *   kyuka-gendoc config-md         the key table of docs/config.md
 *   kyuka-gendoc config-scd        the KEYS section of kyuka.yaml(5)
 *   kyuka-gendoc config-yaml       the commented kyuka.yaml (examples/kyuka.yaml; holiday 2026-12-27..2027-01-04)
 */
#include <stdio.h>
#include <string.h>

#include "cli/confdoc.h"
#include "util/strbuf.h"

static int emit(struct strbuf *sb, int ret)
{
	fwrite(sb->buf, 1, sb->len, stdout);
	strbuf_release(sb);
	return ret;
}

int main(int argc, char **argv)
{
	struct strbuf sb = STRBUF_INIT;
	const char *what = argc > 1 ? argv[1] : "";

	if (!strcmp(what, "config-paths"))
		return emit(&sb, confdoc_paths(&sb) ? 1 : 0);
	if (!strcmp(what, "config-md")) {
		confdoc_markdown(&sb);
		return emit(&sb, 0);
	}
	if (!strcmp(what, "config-scd")) {
		confdoc_scdoc(&sb);
		return emit(&sb, 0);
	}
	if (!strcmp(what, "config-yaml")) {
		confdoc_yaml(&sb, "2026-12-27", "2027-01-04");
		return emit(&sb, 0);
	}
	fprintf(stderr, "usage: kyuka-gendoc config-paths|config-md|config-scd|config-yaml\n");
	return 2;
}
