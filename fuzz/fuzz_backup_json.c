/*
 * libFuzzer target for the restic and borg JSON parsers. The first byte picks
 * the parser (restic snapshots, borg list, restic ls, borg list --json-lines);
 * the rest is the tool's output, copied into an exactly-sized buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/backup_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_snapshots(const struct backup_snapshots *s)
{
	long nw = backup_snapshots_newest(s);
	size_t i, j;

	if ((nw < 0) != (s->n == 0))
		abort();
	for (i = 0; i < s->n; i++) {
		if (!s->v[i].id || !s->v[i].id[0] || strlen(s->v[i].id) > BACKUP_MAX_ID || !s->v[i].short_id ||
		    !s->v[i].hostname || s->v[i].time > s->v[nw].time)
			abort();
		for (j = 0; j < s->v[i].n_paths; j++)
			if (!s->v[i].paths[j][0] || strlen(s->v[i].paths[j]) > BACKUP_MAX_PATH)
				abort();
	}
}

static void check_listing(const struct backup_listing *l)
{
	size_t i, files = 0;

	for (i = 0; i < l->n; i++) {
		if (!l->v[i].path || !l->v[i].path[0] || strlen(l->v[i].path) > BACKUP_MAX_PATH)
			abort();
		files += l->v[i].type == BE_FILE;
	}
	if (files != l->n_files)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct backup_snapshots s = { 0 };
	struct backup_listing l = { 0 };
	char *buf;
	size_t len;

	if (size < 1)
		return 0;
	len = size - 1;
	buf = malloc(len ? len : 1);
	if (!buf)
		return 0;
	if (len)
		memcpy(buf, data + 1, len);
	switch (data[0] % 4) {
	case 0:
		if (restic_snapshots_parse(buf, len, &s, NULL) == 0)
			check_snapshots(&s);
		backup_snapshots_free(&s);
		break;
	case 1:
		if (borg_archives_parse(buf, len, &s, NULL) == 0)
			check_snapshots(&s);
		backup_snapshots_free(&s);
		break;
	case 2:
		if (restic_ls_parse(buf, len, &l, NULL) == 0)
			check_listing(&l);
		backup_listing_free(&l);
		break;
	default:
		if (borg_items_parse(buf, len, &l, NULL) == 0)
			check_listing(&l);
		backup_listing_free(&l);
		break;
	}
	free(buf);
	return 0;
}
