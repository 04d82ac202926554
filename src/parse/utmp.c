/*
 * lastlog and utmp/wtmp/btmp records, decoded with explicit little-endian
 * reads at the x86_64 glibc offsets. The buffer is never cast to glibc's
 * struct: the bytes may come from any host and any corruption.
 */
#include "parse/utmp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

/* struct lastlog (292 bytes) */
#define LL_TIME		0	/* int32_t ll_time */
#define LL_LINE		4	/* char ll_line[32] */
#define LL_LINE_LEN	32
#define LL_HOST		36	/* char ll_host[256] */
#define LL_HOST_LEN	256

/* struct utmp (384 bytes) */
#define UT_TYPE		0	/* int16_t ut_type (+2 bytes padding) */
#define UT_PID		4	/* int32_t ut_pid */
#define UT_LINE		8	/* char ut_line[32] */
#define UT_LINE_LEN	32
#define UT_ID		40	/* char ut_id[4] (not decoded) */
#define UT_USER		44	/* char ut_user[32] */
#define UT_USER_LEN	32
#define UT_HOST		76	/* char ut_host[256] */
#define UT_HOST_LEN	256
#define UT_EXIT		332	/* struct exit_status { int16_t e_termination, e_exit; } (not decoded) */
#define UT_SESSION	336	/* int32_t ut_session (not decoded) */
#define UT_TV_SEC	340	/* int32_t ut_tv.tv_sec */
#define UT_TV_USEC	344	/* int32_t ut_tv.tv_usec (not decoded) */
#define UT_ADDR		348	/* int32_t ut_addr_v6[4], network byte order */
#define UT_ADDR_LEN	16

static int16_t get_le16s(const unsigned char *p)
{
	return (int16_t)(uint16_t)((unsigned)p[0] | (unsigned)p[1] << 8);
}

static int32_t get_le32s(const unsigned char *p)
{
	return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
}

/* Copies a fixed-size field up to its first NUL; dst holds at least n + 1 bytes. */
static void copy_field(char *dst, const unsigned char *src, size_t n)
{
	const unsigned char *nul = memchr(src, '\0', n);
	size_t len = nul ? (size_t)(nul - src) : n;

	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* The text form of ut_addr_v6: "" when zero, dotted quad when only the first word is set. */
static void addr_text(char dst[46], const unsigned char *a)
{
	static const unsigned char zero[UT_ADDR_LEN];

	dst[0] = '\0';
	if (!memcmp(a, zero, UT_ADDR_LEN))
		return;
	if (!memcmp(a + 4, zero, UT_ADDR_LEN - 4)) {
		if (!inet_ntop(AF_INET, a, dst, 46))
			dst[0] = '\0';
		return;
	}
	if (!inet_ntop(AF_INET6, a, dst, 46))
		dst[0] = '\0';
}

int lastlog_decode(const unsigned char *rec, size_t len, struct lastlog_rec *out, struct err *err)
{
	struct lastlog_rec r;
	int32_t t;

	if (!rec || len != LASTLOG_RECORD_SIZE)
		return err_set(err, -EINVAL, "lastlog record of %zu bytes, expected %d", len,
			       LASTLOG_RECORD_SIZE);
	t = get_le32s(rec + LL_TIME);
	r.time = t > 0 ? t : 0;	/* negative is corrupt: treat as never */
	copy_field(r.line, rec + LL_LINE, LL_LINE_LEN);
	copy_field(r.host, rec + LL_HOST, LL_HOST_LEN);
	*out = r;
	return 0;
}

int utmp_decode(const unsigned char *rec, size_t len, struct utmp_rec *out, struct err *err)
{
	struct utmp_rec r;

	if (!rec || len != UTMP_RECORD_SIZE)
		return err_set(err, -EINVAL, "utmp record of %zu bytes, expected %d", len, UTMP_RECORD_SIZE);
	r.type = get_le16s(rec + UT_TYPE);
	r.pid = get_le32s(rec + UT_PID);
	copy_field(r.line, rec + UT_LINE, UT_LINE_LEN);
	copy_field(r.user, rec + UT_USER, UT_USER_LEN);
	copy_field(r.host, rec + UT_HOST, UT_HOST_LEN);
	r.time = get_le32s(rec + UT_TV_SEC);
	addr_text(r.addr, rec + UT_ADDR);
	*out = r;
	return 0;
}

int utmp_walk(const unsigned char *buf, size_t len, int (*cb)(const struct utmp_rec *r, void *arg),
	      void *arg, size_t *trailing, struct err *err)
{
	struct utmp_rec r;
	size_t off;
	int ret = 0;

	if (!cb || (!buf && len))
		return err_set(err, -EINVAL, "utmp walk: invalid arguments");
	for (off = 0; len - off >= UTMP_RECORD_SIZE; off += UTMP_RECORD_SIZE) {
		ret = utmp_decode(buf + off, UTMP_RECORD_SIZE, &r, err);
		if (ret < 0)
			return ret;
		ret = cb(&r, arg);
		if (ret)
			break;
	}
	if (trailing)
		*trailing = len % UTMP_RECORD_SIZE;
	return ret;
}
