/* What netproto.c and netproto_tcp.c share (not for other files). */
#ifndef KYUKA_PARSE_NETPROTO_PRIV_H
#define KYUKA_PARSE_NETPROTO_PRIV_H

#include <errno.h>
#include <stdint.h>

/* A NetBIOS name, first-level encoded (RFC 1001 14.1): 0x20, 32 letters, 0x00 (34 bytes); "*" is the wildcard. */
void np_nb_encode(const char *name, uint8_t suffix, uint8_t *out);

/* A malformed answer: why names what was wrong. */
static inline int np_fail(const char **why, const char *w)
{
	*why = w;
	return -EPROTO;
}

#endif
