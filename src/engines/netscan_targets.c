/* kyuka netscan's targets: parsed, checked (public, special), resolved, expanded, sorted (engines/netscan.h). */
#include "engines/netscan.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "util/xalloc.h"

static void host_add(struct ns_result *r, size_t *cap, const char *target, const char *name, int family,
		     const uint8_t addr[16])
{
	struct ns_host *h;

	if (r->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		r->hosts = xrealloc(r->hosts, st_mult(*cap, sizeof(*r->hosts)));
	}
	h = &r->hosts[r->n++];
	memset(h, 0, sizeof(*h));
	snprintf(h->target, sizeof(h->target), "%s", target);
	snprintf(h->name, sizeof(h->name), "%s", name ? name : "");
	h->family = family;
	memcpy(h->addr, addr, 16);
	inet_ntop(family == 4 ? AF_INET : AF_INET6, addr, h->addr_text, sizeof(h->addr_text));
}

static int check_addr(const struct ns_opts *o, const char *target, int family, const uint8_t addr[16], struct err *err)
{
	char a[64];

	inet_ntop(family == 4 ? AF_INET : AF_INET6, addr, a, sizeof(a));
	if (nt_addr_special(family, addr))
		return err_set(err, -EINVAL, "target '%s': %s is no host to scan (unspecified, multicast or broadcast)",
			       target, a);
	if (!o->allow_public && nt_addr_public(family, addr))
		return err_set(err, -EPERM, "target '%s': %s is a public address (scan it with --allow-public, if it is yours)",
			       target, a);
	return 0;
}

static int host_cmp(const void *a, const void *b)
{
	const struct ns_host *x = a, *y = b;
	int c;

	if (x->family != y->family)
		return x->family - y->family;
	if ((c = memcmp(x->addr, y->addr, 16)) != 0)
		return c;
	return 0;
}

/* Sorted by address, an address named twice probed once (the first naming kept). */
static void dedupe(struct ns_result *r)
{
	size_t i, k = 0;

	if (r->n < 2)
		return;
	qsort(r->hosts, r->n, sizeof(*r->hosts), host_cmp);
	for (i = 0; i < r->n; i++)
		if (k == 0 || r->hosts[k - 1].family != r->hosts[i].family ||
		    memcmp(r->hosts[k - 1].addr, r->hosts[i].addr, 16))
			r->hosts[k++] = r->hosts[i];
	r->n = k;
}

int netscan_targets(const struct ns_opts *o, struct ns_result *r, struct err *err)
{
	size_t cap = 0, i, total = 0;
	int ret;

	memset(r, 0, sizeof(*r));
	if (o->n_targets > NS_MAX_TARGETS)
		return err_set(err, -E2BIG, "more than %d targets", NS_MAX_TARGETS);
	for (i = 0; i < o->n_targets; i++) {
		const char *t = o->targets[i], *why = "";
		struct nt_spec s;

		if (nt_parse(t, strlen(t), &s, &why) < 0) {
			ret = err_set(err, -EINVAL, "target '%s': %s", t, why);
			goto fail;
		}
		total += nt_count(&s);
		if (total > NT_MAX_HOSTS) {
			ret = err_set(err, -E2BIG, "the targets name more than %d addresses", NT_MAX_HOSTS);
			goto fail;
		}
		if (s.kind == NT_ADDR) {
			if ((ret = check_addr(o, t, s.family, s.addr, err)) < 0)
				goto fail;
			host_add(r, &cap, t, NULL, s.family, s.addr);
		} else if (s.kind == NT_RANGE4) {
			uint32_t a;

			if (!o->allow_public && nt_range_public(s.lo, s.hi)) {
				ret = err_set(err, -EPERM,
					      "target '%s': the range holds public addresses (scan it with --allow-public, if they are yours)", t);
				goto fail;
			}
			for (a = s.lo;; a++) {
				uint8_t b[16] = { (uint8_t)(a >> 24), (uint8_t)(a >> 16), (uint8_t)(a >> 8), (uint8_t)a };

				if (!nt_addr_special(4, b))
					host_add(r, &cap, t, NULL, 4, b);
				if (a == s.hi)
					break;
			}
		} else {
			struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_ADDRCONFIG }, *ai = NULL, *p;
			int g = getaddrinfo(s.name, NULL, &hints, &ai);
			bool any = false;

			if (g != 0) {
				ret = err_set(err, -ENOENT, "target '%s': cannot resolve: %s", t, gai_strerror(g));
				goto fail;
			}
			for (p = ai; p; p = p->ai_next) {
				uint8_t b[16] = { 0 };
				int fam;

				if (p->ai_family == AF_INET) {
					memcpy(b, &((struct sockaddr_in *)(void *)p->ai_addr)->sin_addr, 4);
					fam = 4;
				} else if (p->ai_family == AF_INET6) {
					memcpy(b, &((struct sockaddr_in6 *)(void *)p->ai_addr)->sin6_addr, 16);
					fam = 6;
				} else {
					continue;
				}
				if ((ret = check_addr(o, t, fam, b, err)) < 0) {
					freeaddrinfo(ai);
					goto fail;
				}
				host_add(r, &cap, t, s.name, fam, b);
				any = true;
				break;	/* the first address the resolver gives, as a connect would use */
			}
			freeaddrinfo(ai);
			if (!any) {
				ret = err_set(err, -ENOENT, "target '%s': no IPv4 or IPv6 address", t);
				goto fail;
			}
		}
	}
	dedupe(r);
	return 0;
fail:
	netscan_result_free(r);
	return ret;
}
