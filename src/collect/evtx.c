/* Windows event logs through the root, read with libevtx (see evtx.h). */
#include "collect/evtx.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse/evtxxml.h"
#include "util/lazyevtx.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define EVTX_MAGIC "ElfFile\0"
#define FILETIME_UNIX_EPOCH 116444736000000000ull	/* 100 ns ticks from 1601 to 1970 */

struct evtx_file {
	const struct kevtx *x;		/* libevtx (util/lazyevtx.h) */
	libevtx_file_t *lf;
	libevtx_record_t *rec;		/* the record evtx_next read last */
	int own_fd;			/* opened here (-1: the caller's) */
	int n;				/* records in the readable chunks */
	struct evtx_stats st;
	struct strbuf buf;		/* the provider and the strings of the record */
};

static void note_error(const struct kevtx *x, struct evtx_stats *st, libevtx_error_t **e, const char *what)
{
	if (!st->first_error[0]) {
		char msg[128] = "";

		if (*e)
			x->error_sprint(*e, msg, sizeof(msg));
		/* libevtx's message is several lines, the innermost last: keep the first */
		msg[strcspn(msg, "\n")] = '\0';
		if (snprintf(st->first_error, sizeof(st->first_error), "%s%s%s", what, msg[0] ? ": " : "", msg) >=
		    (int)sizeof(st->first_error))
			memcpy(st->first_error + sizeof(st->first_error) - 4, "...", 4);	/* cut, and says so */
	}
	if (*e)
		x->error_free(e);
}

static int open_regular(const struct root *r, const char *path, struct err *err)
{
	struct stat st;
	int fd = root_open_fd(r, path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0, err);

	if (fd < 0) {
		if (fd == -ELOOP)
			return err_set(err, -ELOOP, "refusing to follow a symbolic link at '%s'", path);
		return fd;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(err, -EINVAL, "'%s' is not a regular file", path);
	}
	return fd;
}

static bool has_magic(int fd)
{
	char m[8];

	return pread(fd, m, sizeof(m), 0) == (ssize_t)sizeof(m) && memcmp(m, EVTX_MAGIC, sizeof(m)) == 0;
}

int evtx_sniff(const struct root *r, const char *path, struct err *err)
{
	/* a link is followed to tell what it is; evtx_open then refuses it, and the review says so */
	int fd = root_open_fd(r, path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0, err), ret;
	struct stat st;

	if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		return err_set(err, -EINVAL, "'%s' is not a regular file", path);
	}

	if (fd < 0)
		return fd;
	ret = has_magic(fd);
	close(fd);
	return ret;
}

int evtx_open_fd(int fd, const char *name, struct evtx_file **out, struct err *err)
{
	struct evtx_file *f;
	libevtx_error_t *e = NULL;
	char proc[64], msg[160] = "";
	int n = 0, rec = 0;

	const struct kevtx *x;

	if (!has_magic(fd))
		return err_set(err, -EINVAL, "'%s' is not a Windows event log (no EVTX header)", name);
	if (!(x = kevtx_load(err)))
		return -ENOENT;
	f = xcalloc(1, sizeof(*f));
	f->x = x;
	f->own_fd = -1;
	strbuf_init(&f->buf, 0);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (x->file_initialize(&f->lf, &e) != 1 || x->file_open(f->lf, proc, LIBEVTX_OPEN_READ, &e) != 1 ||
	    x->file_get_number_of_records(f->lf, &n, &e) != 1) {
		if (e) {
			x->error_sprint(e, msg, sizeof(msg));
			x->error_free(&e);
			msg[strcspn(msg, "\n")] = '\0';
		}
		if (f->lf)
			x->file_free(&f->lf, NULL);
		strbuf_release(&f->buf);
		free(f);
		return err_set(err, -EINVAL, "cannot read the Windows event log '%s': %s", name,
			       msg[0] ? msg : "libevtx refused it");
	}
	f->n = n < 0 ? 0 : n;
	f->st.records = (uint64_t)f->n;
	f->st.corrupted = x->file_is_corrupted(f->lf, NULL) == 1;
	if (x->file_get_number_of_recovered_records(f->lf, &rec, NULL) == 1 && rec > 0)
		f->st.recovered = (uint64_t)rec;
	*out = f;
	return 0;
}

int evtx_open(const struct root *r, const char *path, struct evtx_file **out, struct err *err)
{
	int fd = open_regular(r, path, err), ret;

	if (fd < 0)
		return fd;
	ret = evtx_open_fd(fd, path, out, err);
	if (ret < 0) {
		close(fd);
		return ret;
	}
	(*out)->own_fd = fd;
	return 0;
}

void evtx_close(struct evtx_file *f)
{
	if (!f)
		return;
	if (f->rec)
		f->x->record_free(&f->rec, NULL);
	f->x->file_close(f->lf, NULL);
	f->x->file_free(&f->lf, NULL);
	if (f->own_fd >= 0)
		close(f->own_fd);
	strbuf_release(&f->buf);
	free(f);
}

const struct evtx_stats *evtx_stats(const struct evtx_file *f)
{
	return &f->st;
}

/* TimeCreated from the XML of the record just read (f->rec), through libxml2. */
static int xml_time(struct evtx_file *f, int64_t *t)
{
	struct err e = { 0 };
	size_t size = 0;
	char *xml;
	int ret;

	if (f->x->record_get_utf8_xml_string_size(f->rec, &size, NULL) != 1 || !size || size > EVTXXML_MAX)
		return -EINVAL;
	xml = xmalloc(size);
	if (f->x->record_get_utf8_xml_string(f->rec, (uint8_t *)xml, size, NULL) != 1) {
		free(xml);
		return -EINVAL;
	}
	ret = evtxxml_time_created(xml, strnlen(xml, size), t, &e);
	free(xml);
	return ret;
}

int evtx_next(struct evtx_file *f, uint64_t *next, struct evtx_rec *rec)
{
	libevtx_error_t *e = NULL;

	for (; *next < (uint64_t)f->n && *next < EVTX_MAX_RECORDS; (*next)++) {
		uint64_t id = 0, ft = 0;
		uint32_t ev = 0;

		if (f->rec)
			f->x->record_free(&f->rec, NULL);
		if (f->x->file_get_record_by_index(f->lf, (int)*next, &f->rec, &e) != 1 ||
		    f->x->record_get_identifier(f->rec, &id, &e) != 1 ||
		    f->x->record_get_written_time(f->rec, &ft, &e) != 1 ||
		    f->x->record_get_event_identifier(f->rec, &ev, &e) != 1) {
			char what[64];

			snprintf(what, sizeof(what), "record %llu", (unsigned long long)*next);
			note_error(f->x, &f->st, &e, what);
			f->st.bad_records++;
			continue;
		}
		rec->index = *next;
		rec->id = id;
		rec->event_id = ev & 0xffff;
		/* FILETIME: 100 ns since 1601; before 1970 or absurdly late is kept as it is (the review's window decides) */
		rec->usec = ft >= FILETIME_UNIX_EPOCH ? (int64_t)((ft - FILETIME_UNIX_EPOCH) / 10)
						      : -(int64_t)((FILETIME_UNIX_EPOCH - ft) / 10);
		rec->no_time = false;
		rec->xml_time = false;
		if (ft == 0) {
			/* no written time (seen in exported logs): the event's own TimeCreated, from its XML */
			int64_t t;

			if (xml_time(f, &t) == 0) {
				rec->usec = t * 1000000;
				rec->xml_time = true;
			} else {
				rec->usec = 0;
				rec->no_time = true;
			}
		}
		rec->provider = SPAN("", 0);
		rec->n_str = 0;
		rec->cut = false;
		(*next)++;
		return 1;
	}
	if (f->rec)
		f->x->record_free(&f->rec, NULL);
	return 0;
}

/*
 * Appends a UTF-8 string of the record (string idx, or the provider name for
 * -1; size with its NUL from libevtx) to buf; its offset and length, or false.
 */
static bool take(struct evtx_file *f, size_t size, size_t *off, size_t *len, bool *cut, int idx, size_t max)
{
	libevtx_error_t *e = NULL;
	uint8_t *tmp;

	if (!size)
		return false;
	*off = f->buf.len;
	if (strbuf_grow(&f->buf, size) < 0)
		return false;
	tmp = (uint8_t *)f->buf.buf + f->buf.len;
	if ((idx < 0 ? f->x->record_get_utf8_source_name(f->rec, tmp, size, &e)
		     : f->x->record_get_utf8_string(f->rec, idx, tmp, size, &e)) != 1) {
		if (e)
			f->x->error_free(&e);
		return false;
	}
	*len = strnlen((char *)tmp, size);
	if (*len > max) {
		*len = max;
		*cut = true;
	}
	/* strbuf_setlen only shortens: the bytes were written in place */
	f->buf.len += *len;
	f->buf.buf[f->buf.len] = '\0';
	return true;
}

void evtx_strings(struct evtx_file *f, struct evtx_rec *rec)
{
	size_t offs[EVTX_MAX_STRINGS + 1], lens[EVTX_MAX_STRINGS + 1], size = 0, i, k = 0;
	bool ok[EVTX_MAX_STRINGS + 1] = { false };
	int n = 0;

	if (!f->rec)
		return;
	strbuf_reset(&f->buf);
	/* the provider name first, then the strings; spans are set at the end (the buffer may move) */
	if (f->x->record_get_utf8_source_name_size(f->rec, &size, NULL) == 1)
		ok[0] = take(f, size, &offs[0], &lens[0], &rec->cut, -1, EVTX_MAX_NAME);
	if (f->x->record_get_number_of_strings(f->rec, &n, NULL) != 1 || n < 0)
		n = 0;
	if ((size_t)n > EVTX_MAX_STRINGS) {
		n = EVTX_MAX_STRINGS;
		rec->cut = true;
	}
	for (i = 0; i < (size_t)n; i++) {
		size = 0;
		if (f->x->record_get_utf8_string_size(f->rec, (int)i, &size, NULL) == 1)
			ok[i + 1] = take(f, size, &offs[i + 1], &lens[i + 1], &rec->cut, (int)i, EVTX_MAX_STRING);
	}
	rec->provider = ok[0] ? SPAN(f->buf.buf + offs[0], lens[0]) : SPAN("", 0);
	for (i = 0; i < (size_t)n; i++)
		rec->str[k++] = ok[i + 1] ? SPAN(f->buf.buf + offs[i + 1], lens[i + 1]) : SPAN("", 0);
	rec->n_str = k;
}

int evtx_list_dir(const struct root *r, const char *dir, char ***paths, size_t *n, bool *truncated, struct err *err)
{
	char **names = NULL, **v = NULL;
	size_t nn = 0, i, k = 0;
	int ret;

	*truncated = false;
	ret = root_list_dir(r, dir, 65536, 0, &names, &nn, err);
	if (ret < 0)
		return ret;
	v = xcalloc(nn + 1, sizeof(*v));
	for (i = 0; i < nn; i++) {
		char *p = xasprintf("%s/%s", strcmp(dir, "/") == 0 ? "" : dir, names[i]);
		struct stat st;
		struct err e = { 0 };
		int fd;

		/* lstat: links and other types are not opened */
		if (root_stat(r, p, ROOT_NOFOLLOW, &st, &e) < 0 || !S_ISREG(st.st_mode) ||
		    (fd = open_regular(r, p, &e)) < 0) {
			free(p);
			continue;
		}
		if (!has_magic(fd)) {
			close(fd);
			free(p);
			continue;
		}
		close(fd);
		if (k >= EVTX_MAX_FILES) {
			*truncated = true;
			free(p);
			continue;
		}
		v[k++] = p;
	}
	strv_free(names, nn);
	*paths = v;
	*n = k;
	return 0;
}
