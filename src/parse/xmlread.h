/*
 * libxml2's reader over bytes in memory, as kyuka's parsers use it: no
 * network, no DTD loaded, no entity substitution, nothing written on stderr
 * (libxml2 reports some errors outside the reader's handler), a cap on the
 * nodes read. Linked into each parser that reads XML (officexml, screenlock).
 */
#ifndef KYUKA_PARSE_XMLREAD_H
#define KYUKA_PARSE_XMLREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/xmlreader.h>

struct kxml2;

/*
 * A reader over p[0..n), or NULL (more than 1 GiB, no memory, or libxml2
 * missing). *x is libxml2's table (util/lazyxml.h): the reader's calls go
 * through it.
 */
xmlTextReaderPtr xml_reader_open(const uint8_t *p, size_t n, const struct kxml2 **x);

/*
 * The next node: 1, or 0 at the end, -1 on an error, and 0 with *capped set
 * once more than max nodes were read (*nodes counts them).
 */
int xml_reader_next(const struct kxml2 *x, xmlTextReaderPtr r, size_t *nodes, size_t max, bool *capped);

#endif
