/* A listing for people (listing.h). */
#include "model/listing.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static char *dup0(const char *s)
{
	return xstrdup(s ? s : "");
}

static void pair_add(struct listing_pair **v, size_t *n, const char *label, const char *value)
{
	*v = xrealloc(*v, st_mult(st_add(*n, 1), sizeof(**v)));
	(*v)[*n].label = dup0(label);
	(*v)[(*n)++].value = dup0(value);
}

static void str_add(char ***v, size_t *n, const char *s)
{
	*v = xrealloc(*v, st_mult(st_add(*n, 1), sizeof(**v)));
	(*v)[(*n)++] = dup0(s);
}

void listing_meta(struct listing *l, const char *label, const char *value)
{
	pair_add(&l->meta, &l->n_meta, label, value);
}

void listing_summary(struct listing *l, const char *line)
{
	str_add(&l->summary, &l->n_summary, line);
	/* a line shared with the terminal keeps its line end there, not here */
	{
		char *s = l->summary[l->n_summary - 1];
		size_t n = strlen(s);

		while (n && s[n - 1] == '\n')
			s[--n] = '\0';
	}
}

struct listing_row *listing_row(struct listing *l, enum status st, const char *word, const char *headline)
{
	struct listing_row *r;

	l->rows = xrealloc(l->rows, st_mult(st_add(l->n_rows, 1), sizeof(*l->rows)));
	r = &l->rows[l->n_rows++];
	memset(r, 0, sizeof(*r));
	r->status = st;
	r->word = word ? xstrdup(word) : NULL;
	r->headline = dup0(headline);
	return r;
}

void listing_field(struct listing_row *r, const char *label, const char *value)
{
	pair_add(&r->fields, &r->n_fields, label, value);
}

void listing_detail(struct listing_row *r, const char *line)
{
	str_add(&r->details, &r->n_details, line);
}

void listing_action(struct listing_row *r, const char *text)
{
	free(r->action);
	r->action = dup0(text);
}

static void pairs_free(struct listing_pair *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].label);
		free(v[i].value);
	}
	free(v);
}

static void strs_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void listing_release(struct listing *l)
{
	for (size_t i = 0; i < l->n_rows; i++) {
		struct listing_row *r = &l->rows[i];

		free(r->word);
		free(r->headline);
		pairs_free(r->fields, r->n_fields);
		strs_free(r->details, r->n_details);
		free(r->action);
	}
	free(l->rows);
	pairs_free(l->meta, l->n_meta);
	strs_free(l->summary, l->n_summary);
	free(l->title);
	memset(l, 0, sizeof(*l));
}
