/*
 * Links in a mail body: <a href> with its visible text in HTML, bare
 * http(s):// URLs in plain text. Bytes in, links out (copies, lower-cased
 * hosts); no I/O. At most LINKS_MAX links and LINKS_MAX_URL bytes a URL.
 */
#ifndef KYUKA_PARSE_MAILLINKS_H
#define KYUKA_PARSE_MAILLINKS_H

#include <stdbool.h>
#include <stddef.h>

#define LINKS_MAX	512
#define LINKS_MAX_URL	2048
#define LINKS_MAX_HOST	256

struct mail_link {
	char url[LINKS_MAX_URL];	/* the href (or the bare URL), control bytes dropped */
	char host[LINKS_MAX_HOST];	/* its host, lower case, no userinfo, no port; "" when none */
	char text_host[LINKS_MAX_HOST];	/* the host the visible text names, "" when the text names none */
	char last[LINKS_MAX_HOST];	/* the last segment of the path (before ? and #), "" when none */
	bool ip;		/* the host is an IPv4 or [IPv6] literal */
};

struct mail_links {
	struct mail_link *v;
	size_t n;
	bool truncated;
};

/* Appends the links of p[0..n) (html: as HTML, else plain text). Returns 0 or -ENOMEM. */
int links_extract(const char *p, size_t n, bool html, struct mail_links *out);
void links_free(struct mail_links *l);
/* The host of url (after scheme://, lower case) into host; false when there is none. Exposed for tests. */
bool links_host(const char *url, size_t n, char *host, size_t size, bool *ip);

#endif
