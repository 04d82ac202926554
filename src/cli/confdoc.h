/*
 * kyuka.yaml written from the schema's tables and their descriptions (parse/config/keydoc.h), so
 * that the template of kyuka config init, docs/config.md's key table and kyuka.yaml(5) cannot drift
 * from what the parser accepts.
 */
#ifndef KYUKA_CLI_CONFDOC_H
#define KYUKA_CLI_CONFDOC_H

#include "util/strbuf.h"

/* A commented kyuka.yaml: every section and key with its default, the holiday start..end set. */
void confdoc_yaml(struct strbuf *sb, const char *hol_start, const char *hol_end);
/* The key table of docs/config.md (markdown). */
void confdoc_markdown(struct strbuf *sb);
/* The KEYS section of kyuka.yaml(5) (scdoc). */
void confdoc_scdoc(struct strbuf *sb);
/* Every key path, one a line; the ones without a description after "missing:" lines. Returns the missing count. */
size_t confdoc_paths(struct strbuf *sb);

#endif
