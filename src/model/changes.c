/* What changed on the host since a baseline (changes.h). */
#include "model/changes.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

const char *change_kind_name(enum change_kind k)
{
	return k == CHG_APPEARED ? "appeared" : k == CHG_VANISHED ? "vanished" : "changed";
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void change_report_add(struct change_report *r, const struct host_change *c)
{
	struct host_change *n;

	ALLOC_GROW(r->v, st_add(r->n, 1), r->alloc);
	n = &r->v[r->n++];
	*n = (struct host_change){ .change = c->change, .kind = xstrdup(c->kind ? c->kind : ""),
				   .key = xstrdup(c->key ? c->key : ""), .before = dup_or_null(c->before),
				   .after = dup_or_null(c->after), .severity = c->severity,
				   .item = xstrdup(c->item ? c->item : ""), .explained = c->explained,
				   .why = xstrdup(c->why ? c->why : "") };
	if (c->explained)
		r->explained++;
	else if ((unsigned)c->severity < SEV__COUNT)
		r->count[c->severity]++;
}

void change_report_note(struct change_report *r, const char *note)
{
	r->not_read = xrealloc(r->not_read, st_mult(st_add(r->n_not_read, 1), sizeof(*r->not_read)));
	r->not_read[r->n_not_read++] = xstrdup(note ? note : "");
	r->has_not_read = true;
}

void change_report_release(struct change_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].kind);
		free(r->v[i].key);
		free(r->v[i].before);
		free(r->v[i].after);
		free(r->v[i].item);
		free(r->v[i].why);
	}
	free(r->v);
	for (size_t i = 0; i < r->n_not_read; i++)
		free(r->not_read[i]);
	free(r->not_read);
	free(r->base.root);
	free(r->against.root);
	memset(r, 0, sizeof(*r));
}
