/* A listing (model/listing.h: kyuka mail, kyuka vulns) as one self-contained HTML document. */
#ifndef KYUKA_REPORT_LISTING_H
#define KYUKA_REPORT_LISTING_H

#include "model/listing.h"
#include "util/strbuf.h"

/* Appends the document to out; 0 or -E2BIG. */
int render_listing_html(const struct listing *l, struct strbuf *out);

#endif
