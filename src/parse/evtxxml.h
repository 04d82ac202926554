/*
 * The XML of a Windows event record (libevtx renders it), read with libxml2
 * (loaded when first needed): only what the review needs when the record's
 * binary header lacks it, its System/TimeCreated/@SystemTime. Bounded: at
 * most EVTXXML_MAX bytes, no network, no entity substitution, no DTD.
 */
#ifndef KYUKA_PARSE_EVTXXML_H
#define KYUKA_PARSE_EVTXXML_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define EVTXXML_MAX ((size_t)1 << 20)	/* bytes of a record's XML looked at */

/*
 * The record's TimeCreated as seconds since the epoch into *t. 0; -ENOENT
 * when the XML has none (or it is not a time); -EINVAL when it is not XML
 * libxml2 reads; -ENOSYS when libxml2 cannot be loaded (err says why).
 */
int evtxxml_time_created(const char *xml, size_t len, int64_t *t, struct err *err);

#endif
