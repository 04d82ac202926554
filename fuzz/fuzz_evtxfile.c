/*
 * libFuzzer target for reading a whole .evtx file: the bytes go into a
 * memory file (memfd) that libevtx opens through /proc/self/fd, as the
 * review opens a file inside the root; every readable record is read, its
 * strings fetched and mapped. libevtx must not crash kyuka, and a damaged
 * record is counted, never fatal.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "collect/evtx.h"
#include "parse/evtxmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__lsan_default_suppressions(void);

/*
 * libevtx 20181227 leaks inside itself on damaged input: a few hundred bytes when libevtx_file_open
 * refuses a file, a few KB per record whose binary XML it cannot parse (libfwevt's tags and values).
 * Not kyuka's: leaks whose allocation is inside libevtx are not reported.
 */
const char *__lsan_default_suppressions(void)
{
	return "leak:libevtx.so\n";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct evtx_file *f = NULL;
	struct evtx_rec rec;
	struct err e = { 0 };
	uint64_t next = 0, n = 0;
	int fd;

	if (size > ((size_t)4 << 20))
		return 0;
	fd = memfd_create("fuzz.evtx", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	if (evtx_open_fd(fd, "fuzz.evtx", &f, &e) == 0) {
		while (evtx_next(f, &next, &rec) == 1 && n++ < 100000) {
			if (evtxmap_wanted(rec.event_id)) {
				struct evtx_fields fl = { rec.event_id, rec.provider, rec.str, rec.n_str };
				struct logmsg m;
				char sum[EVTXMAP_SUMMARY];
				size_t len;

				evtx_strings(f, &rec);
				fl.provider = rec.provider;
				fl.n_str = rec.n_str;
				evtxmap_parse(&fl, &m, sum, &len);
			}
		}
		(void)evtx_stats(f);
		evtx_close(f);
	}
	close(fd);
	return 0;
}
