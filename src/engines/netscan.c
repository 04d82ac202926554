/* kyuka netscan's scanner (engines/netscan.h): one epoll loop over connects, exchanges and datagrams. */
#include "engines/netscan.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "util/xalloc.h"

/* Sorted. The advisory's 137-139, 445 and 3389; remote shells and desktops; admin pages of routers,
 * cameras and printers; databases; device services (RTSP, IPP, JetDirect, UPnP, TR-069, MQTT). */
const uint16_t ns_default_ports[] = {
	21, 22, 23, 25, 53, 80, 81, 88, 110, 111, 135, 137, 138, 139, 143, 161, 389, 443, 445, 502, 515,
	554, 631, 873, 1433, 1521, 1723, 1883, 1900, 2049, 2323, 2375, 2376, 3306, 3389, 4840, 5000, 5432,
	5900, 5901, 5985, 5986, 6379, 7547, 8000, 8008, 8080, 8081, 8443, 8888, 9000, 9100, 9200, 10000,
	10250, 11211, 27017, 37777, 49152,
};
const size_t ns_n_default_ports = sizeof(ns_default_ports) / sizeof(ns_default_ports[0]);

/* A host probed on this many ports or more first answers (or not) on the discovery ports. */
#define DISCOVERY_MIN 256
/* Ports tried first on a host, to learn whether it answers at all (the defaults among those asked). */
#define UDP_PROBES 5

const char *ns_state_name(enum ns_state s)
{
	switch (s) {
	case NS_OPEN: return "open";
	case NS_CLOSED: return "closed";
	case NS_FILTERED: return "filtered";
	case NS_UNREACHABLE: return "unreachable";
	case NS_OPEN_FILTERED: return "open|filtered";
	}
	return "?";
}

void netscan_defaults(struct ns_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->udp = true;
	o->confirm = true;
	o->rate = NS_DEFAULT_RATE;
	o->timeout_ms = NS_DEFAULT_TIMEOUT_MS;
	o->min_timeout_ms = NS_DEFAULT_MIN_TIMEOUT_MS;
	o->retries = NS_DEFAULT_RETRIES;
}

/* ---- targets ---- */

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

/* ---- the loop ---- */

enum xkind {
	X_BANNER, X_HTTP, X_SMB1, X_SMB2, X_SMB1_NB, X_SMB2_NB, X_RDP0, X_RDP1,
	X_U_NBNS, X_U_DGM, X_U_SNMP, X_U_SSDP, X_U_MDNS,
};

struct xchg {
	enum xkind kind;
	uint32_t host;
	uint16_t port;
	int fd;
	uint8_t step;		/* 139: 0 the session request, 1 the negotiate */
	uint8_t tries;
	bool connected, done;
	enum ns_xres res;
	uint64_t deadline, sent;
	uint16_t id;
	uint8_t *buf;
	size_t len;
	size_t ai;		/* its index in the loop's active list while it runs */
};

/* An exchange waiting for a socket: the UDP probes, the confirmations of open ports. */
struct pend {
	uint8_t kind;		/* enum xkind */
	uint16_t port;
};

struct retry_ent {
	uint16_t port;
	uint8_t tries;
	bool disc;
};

struct hstate {
	uint16_t *order;	/* ports in probe order: the discovery ports first */
	uint32_t n_order, next, n_disc, disc_pending;
	bool up, stopped;
	struct retry_ent *retry;
	size_t n_retry, cap_retry;
	double tokens;
	uint64_t refill_us;
	int64_t srtt, rttvar;	/* µs */
	bool has_rtt;
	uint32_t n_confirm;
	struct pend *pend;	/* a queue: taken from pend_head, before the host's next connect */
	size_t n_pend, cap_pend, pend_head;
	struct sockaddr_storage sa;
	socklen_t salen;
	size_t cap_ports;
};

enum { SLOT_FREE, SLOT_PROBE, SLOT_XCHG };

struct slot {
	uint8_t kind;
	uint8_t tries;
	bool disc;
	uint16_t port;
	uint32_t host;
	uint32_t gen;
	uint64_t sent, deadline;
	struct xchg *x;
};

struct fifo_ent {
	int fd;
	uint32_t gen;
};

struct loop {
	const struct ns_opts *o;
	struct ns_result *r;
	struct hstate *hs;
	int ep;
	struct slot *slots;
	size_t n_slots;
	struct fifo_ent *fifo;	/* probes in the order sent, a ring */
	size_t fifo_cap, fifo_head, fifo_n;
	struct xchg **xs;	/* every exchange, for the results */
	size_t n_xs, cap_xs;
	struct xchg **act;	/* the running ones, for their deadlines */
	size_t n_act, cap_act;
	size_t inflight, max_inflight, rr;
	uint32_t gen;
	int64_t g_srtt, g_rttvar;
	bool g_has_rtt;
	uint64_t now;
};

static uint64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static uint64_t host_timeout_us(const struct loop *L, const struct hstate *h)
{
	uint64_t lo = (uint64_t)L->o->min_timeout_ms * 1000u, hi = (uint64_t)L->o->timeout_ms * 1000u, t;

	if (h->has_rtt)
		t = (uint64_t)(h->srtt + 4 * h->rttvar);
	else if (L->g_has_rtt)
		t = (uint64_t)(L->g_srtt + 4 * L->g_rttvar) * 2;	/* a host not heard yet: twice the others' */
	else
		return hi;
	return t < lo ? lo : t > hi ? hi : t;
}

/* RFC 6298's smoothing, per host and over all hosts. */
static void rtt_sample(struct loop *L, struct hstate *h, uint64_t rtt)
{
	int64_t m = (int64_t)rtt;

	if (!h->has_rtt) {
		h->srtt = m;
		h->rttvar = m / 2;
		h->has_rtt = true;
	} else {
		int64_t d = h->srtt - m;

		h->rttvar += ((d < 0 ? -d : d) - h->rttvar) / 4;
		h->srtt += (m - h->srtt) / 8;
	}
	if (!L->g_has_rtt) {
		L->g_srtt = m;
		L->g_rttvar = m / 2;
		L->g_has_rtt = true;
	} else {
		int64_t d = L->g_srtt - m;

		L->g_rttvar += ((d < 0 ? -d : d) - L->g_rttvar) / 4;
		L->g_srtt += (m - L->g_srtt) / 8;
	}
}

static void host_port_add(struct loop *L, uint32_t hi, uint16_t port, bool udp, enum ns_state st, uint32_t rtt)
{
	struct ns_host *h = &L->r->hosts[hi];
	struct hstate *s = &L->hs[hi];

	if (!udp && h->n_ports >= NS_MAX_OPEN_KEPT) {
		h->open_dropped++;
		return;
	}
	if (h->n_ports == s->cap_ports) {
		s->cap_ports = s->cap_ports ? s->cap_ports * 2 : 16;
		h->ports = xrealloc(h->ports, st_mult(s->cap_ports, sizeof(*h->ports)));
	}
	h->ports[h->n_ports++] = (struct ns_port){ .port = port, .udp = udp, .state = st, .rtt_us = rtt };
}

static int sock_open(const struct hstate *h, uint16_t port, int type, int *fd_out)
{
	struct sockaddr_storage sa = h->sa;
	int fd = socket(sa.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	if (sa.ss_family == AF_INET)
		((struct sockaddr_in *)(void *)&sa)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)(void *)&sa)->sin6_port = htons(port);
	if (connect(fd, (struct sockaddr *)&sa, h->salen) < 0 && errno != EINPROGRESS) {
		int e = -errno;

		close(fd);
		*fd_out = -1;
		return e;
	}
	*fd_out = fd;
	return 0;
}

static void slots_ensure(struct loop *L, int fd)
{
	size_t n = L->n_slots;

	if ((size_t)fd < n)
		return;
	while (n <= (size_t)fd)
		n = n ? n * 2 : 1024;
	L->slots = xrealloc(L->slots, st_mult(n, sizeof(*L->slots)));
	memset(L->slots + L->n_slots, 0, (n - L->n_slots) * sizeof(*L->slots));
	L->n_slots = n;
}

static void fifo_push(struct loop *L, int fd, uint32_t gen)
{
	if (L->fifo_n == L->fifo_cap) {
		size_t nc = L->fifo_cap ? L->fifo_cap * 2 : 4096, i;
		struct fifo_ent *nf = xcalloc(nc, sizeof(*nf));

		for (i = 0; i < L->fifo_n; i++)
			nf[i] = L->fifo[(L->fifo_head + i) % L->fifo_cap];
		free(L->fifo);
		L->fifo = nf;
		L->fifo_cap = nc;
		L->fifo_head = 0;
	}
	L->fifo[(L->fifo_head + L->fifo_n) % L->fifo_cap] = (struct fifo_ent){ fd, gen };
	L->fifo_n++;
}

static void slot_close(struct loop *L, int fd)
{
	struct slot *s = &L->slots[fd];

	close(fd);	/* the last reference: the kernel drops it from the epoll set (no EPOLL_CTL_DEL call) */
	s->kind = SLOT_FREE;
	L->inflight--;
}

/* A discovery port reached its end: the host answered, or the last one went silent. */
static void disc_final(struct loop *L, uint32_t hi, bool answered)
{
	struct hstate *h = &L->hs[hi];

	if (answered)
		h->up = true;
	if (h->disc_pending > 0)
		h->disc_pending--;
	if (!h->up && h->disc_pending == 0 && h->n_disc < h->n_order) {
		h->stopped = true;
		L->r->hosts[hi].discovery_stop = true;
	}
}

static void pend_push(struct hstate *h, enum xkind k, uint16_t port)
{
	if (h->n_pend == h->cap_pend) {
		h->cap_pend = h->cap_pend ? h->cap_pend * 2 : 8;
		h->pend = xrealloc(h->pend, st_mult(h->cap_pend, sizeof(*h->pend)));
	}
	h->pend[h->n_pend++] = (struct pend){ (uint8_t)k, port };
}

static const uint16_t http_ports[] = { 80, 81, 591, 631, 5000, 7547, 8000, 8008, 8080, 8081, 8888, 9000, 10000 };
static const uint16_t tls_ports[] = { 443, 636, 993, 995, 5986, 8443 };

static bool in_list(const uint16_t *v, size_t n, uint16_t p)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == p)
			return true;
	return false;
}

static void confirm_open(struct loop *L, uint32_t hi, uint16_t port)
{
	struct hstate *h = &L->hs[hi];

	if (!L->o->confirm || h->n_confirm >= NS_MAX_CONFIRM)
		return;
	h->n_confirm++;
	if (port == 445) {
		pend_push(h, X_SMB1, port);
		pend_push(h, X_SMB2, port);
	} else if (port == 139) {
		pend_push(h, X_SMB1_NB, port);
		pend_push(h, X_SMB2_NB, port);
	} else if (port == 3389) {
		pend_push(h, X_RDP0, port);
		pend_push(h, X_RDP1, port);
	} else if (in_list(http_ports, sizeof(http_ports) / sizeof(http_ports[0]), port)) {
		pend_push(h, X_HTTP, port);
	} else if (!in_list(tls_ports, sizeof(tls_ports) / sizeof(tls_ports[0]), port)) {
		pend_push(h, X_BANNER, port);
	}
}

/* A connect probe's end. err: 0 connected, else the errno; -1: timed out. */
static void probe_result(struct loop *L, int fd, int e)
{
	struct slot *s = &L->slots[fd];
	uint32_t hi = s->host;
	struct hstate *h = &L->hs[hi];
	struct ns_host *nh = &L->r->hosts[hi];
	uint16_t port = s->port;
	bool disc = s->disc;
	uint8_t tries = s->tries;
	uint64_t rtt = L->now - s->sent;

	if (e == 0 || e == ECONNREFUSED) {
		struct linger lg = { 1, 0 };

		rtt_sample(L, h, rtt);
		if (e == 0)	/* close with a reset: no TIME_WAIT, and the service sees no half-open session */
			setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		slot_close(L, fd);
		nh->scanned++;
		nh->answered = true;
		if (e == 0) {
			nh->n_open++;
			host_port_add(L, hi, port, false, NS_OPEN, (uint32_t)rtt);
			confirm_open(L, hi, port);
		} else {
			nh->n_closed++;
		}
		if (disc)
			disc_final(L, hi, true);
		return;
	}
	slot_close(L, fd);
	if (e == -1 || e == ETIMEDOUT || e == EAGAIN || e == EADDRNOTAVAIL) {
		if (tries < L->o->retries + (e == -1 ? 0u : 1u)) {
			if (h->n_retry == h->cap_retry) {
				h->cap_retry = h->cap_retry ? h->cap_retry * 2 : 64;
				h->retry = xrealloc(h->retry, st_mult(h->cap_retry, sizeof(*h->retry)));
			}
			h->retry[h->n_retry++] = (struct retry_ent){ port, (uint8_t)(tries + 1), disc };
			return;
		}
		nh->scanned++;
		nh->n_filtered++;
		if (disc)
			disc_final(L, hi, false);
		return;
	}
	/* host or network unreachable, or another error: no answer from the host itself */
	nh->scanned++;
	nh->n_unreachable++;
	if (disc)
		disc_final(L, hi, false);
}

/* Starts one connect on host hi; false when the host has nothing to send now. */
static int xchg_start(struct loop *L, enum xkind k, uint32_t hi, uint16_t port);

static bool probe_launch(struct loop *L, uint32_t hi)
{
	struct hstate *h = &L->hs[hi];
	uint16_t port;
	uint8_t tries = 0;
	bool disc;
	struct epoll_event ev;
	int fd, r;

	if (h->pend_head < h->n_pend) {
		const struct pend *pe = &h->pend[h->pend_head];

		if (xchg_start(L, (enum xkind)pe->kind, hi, pe->port) == -EMFILE) {
			if (L->max_inflight > 64 && L->inflight > 0)
				L->max_inflight = L->inflight;
			return false;
		}
		if (L->o->rate)
			h->tokens -= 1.0;
		h->pend_head++;
		return true;
	}
	if (h->stopped)
		return false;
	if (h->n_retry) {
		struct retry_ent re = h->retry[--h->n_retry];

		port = re.port;
		tries = re.tries;
		disc = re.disc;
	} else {
		uint32_t limit = h->up || h->n_disc == h->n_order ? h->n_order : h->n_disc;

		if (h->next >= limit)
			return false;
		disc = h->next < h->n_disc;
		port = h->order[h->next++];
	}
	if (L->o->rate)
		h->tokens -= 1.0;
	L->r->probes++;
	r = sock_open(h, port, SOCK_STREAM, &fd);
	if (r < 0 && fd < 0) {
		if (r == -EMFILE || r == -ENFILE || r == -ENOBUFS || r == -ENOMEM || r == -EADDRNOTAVAIL ||
		    r == -EAGAIN) {
			/* out of descriptors or local ports: put it back and wait for answers */
			if (h->n_retry == h->cap_retry) {
				h->cap_retry = h->cap_retry ? h->cap_retry * 2 : 64;
				h->retry = xrealloc(h->retry, st_mult(h->cap_retry, sizeof(*h->retry)));
			}
			h->retry[h->n_retry++] = (struct retry_ent){ port, tries, disc };
			if (L->max_inflight > 64 && L->inflight > 0)
				L->max_inflight = L->inflight;
			return false;
		}
		/* refused or unreachable at once (loopback): a result without a socket */
		slots_ensure(L, 0);
		{
			struct ns_host *nh = &L->r->hosts[hi];

			nh->scanned++;
			if (r == -ECONNREFUSED) {
				nh->n_closed++;
				nh->answered = true;
				if (disc)
					disc_final(L, hi, true);
			} else {
				nh->n_unreachable++;
				if (disc)
					disc_final(L, hi, false);
			}
		}
		return true;
	}
	slots_ensure(L, fd);
	L->slots[fd] = (struct slot){ .kind = SLOT_PROBE, .tries = tries, .disc = disc, .port = port, .host = hi,
				      .gen = ++L->gen, .sent = L->now };
	L->slots[fd].deadline = L->now + host_timeout_us(L, h) * (1u << (tries > 3 ? 3 : tries));
	L->inflight++;
	ev.events = EPOLLOUT;
	ev.data.u64 = (uint64_t)fd;
	if (epoll_ctl(L->ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
		slot_close(L, fd);
		return true;
	}
	fifo_push(L, fd, L->slots[fd].gen);
	return true;
}

/* ---- exchanges ---- */

static bool is_udp(enum xkind k)
{
	return k >= X_U_NBNS;
}

static uint64_t xchg_timeout_us(const struct loop *L, const struct xchg *x)
{
	uint64_t t = host_timeout_us(L, &L->hs[x->host]) * 4;

	if (is_udp(x->kind))
		return (uint64_t)L->o->timeout_ms * 1000u;
	if (x->kind == X_BANNER)	/* a silent service costs the whole wait: keep it short */
		return t < 1000000u ? 1000000u : t > 3000000u ? 3000000u : t;
	/* a request answered: the wait ends with the answer, a slow server (a busy smbd forking) gets time */
	return t < 2000000u ? 2000000u : t > 5000000u ? 5000000u : t;
}

/* The request of x's current step into buf; its length, 0 for none (a banner: the server speaks first). */
static size_t xchg_request(const struct loop *L, const struct xchg *x, uint8_t *buf, size_t size)
{
	const struct ns_host *h = &L->r->hosts[x->host];
	const char *comm = L->o->community ? L->o->community : "public";
	char hostbuf[80];
	int n = 0;

	switch (x->kind) {
	case X_BANNER: return 0;
	case X_HTTP:
		snprintf(hostbuf, sizeof(hostbuf), h->family == 6 ? "[%s]" : "%s", h->addr_text);
		n = np_http_request(hostbuf, (char *)buf, size);
		break;
	case X_SMB1: n = np_smb1_negotiate(buf, size); break;
	case X_SMB2: n = np_smb2_negotiate(buf, size); break;
	case X_SMB1_NB: n = x->step ? np_smb1_negotiate(buf, size) : np_nbss_session_request(buf, size); break;
	case X_SMB2_NB: n = x->step ? np_smb2_negotiate(buf, size) : np_nbss_session_request(buf, size); break;
	case X_RDP0: n = np_x224_connection_request(NP_RDP_PROTO_RDP, buf, size); break;
	case X_RDP1: n = np_x224_connection_request(NP_RDP_PROTO_SSL, buf, size); break;
	case X_U_NBNS: n = np_nbns_status_request(x->id, buf, size); break;
	case X_U_DGM: n = np_nbdgm_query(x->id, buf, size); break;
	case X_U_SNMP: n = np_snmp_get_sysdescr(1, comm, x->id, buf, size); break;
	case X_U_SSDP: n = np_ssdp_msearch(h->addr_text, (char *)buf, size); break;
	case X_U_MDNS: n = np_mdns_query(x->id, buf, size); break;
	}
	return n > 0 ? (size_t)n : 0;
}

static void xchg_finish(struct loop *L, struct xchg *x, enum ns_xres res)
{
	if (!x->done && x->ai < L->n_act && L->act[x->ai] == x) {
		L->act[x->ai] = L->act[--L->n_act];
		L->act[x->ai]->ai = x->ai;
	}
	if (x->fd >= 0)
		slot_close(L, x->fd);
	x->fd = -1;
	x->done = true;
	x->res = res;
}

static void xchg_send(struct loop *L, struct xchg *x)
{
	uint8_t req[512];
	size_t n = xchg_request(L, x, req, sizeof(req));
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = (uint64_t)x->fd };

	if (n && send(x->fd, req, n, MSG_NOSIGNAL) != (ssize_t)n) {
		if (is_udp(x->kind) && errno == ECONNREFUSED) {
			xchg_finish(L, x, NSX_SILENT);
			x->res = NSX_BAD;	/* marked closed below */
			x->tries = 0xff;
			return;
		}
		xchg_finish(L, x, NSX_SILENT);
		return;
	}
	L->r->probes += is_udp(x->kind);
	x->sent = L->now;
	x->deadline = L->now + xchg_timeout_us(L, x);
	epoll_ctl(L->ep, EPOLL_CTL_MOD, x->fd, &ev);
}

/* Starts exchange k with host hi; -EMFILE (nothing started) when out of descriptors, else 0. */
static int xchg_start(struct loop *L, enum xkind k, uint32_t hi, uint16_t port)
{
	struct xchg *x;
	struct epoll_event ev;
	int fd, r;

	r = sock_open(&L->hs[hi], port, is_udp(k) ? SOCK_DGRAM : SOCK_STREAM, &fd);
	if (r == -EMFILE || r == -ENFILE || r == -ENOBUFS || r == -ENOMEM)
		return -EMFILE;
	x = xcalloc(1, sizeof(*x));
	x->kind = k;
	x->host = hi;
	x->port = port;
	x->fd = -1;
	x->id = (uint16_t)(0x4b00 | (L->n_xs & 0xff));
	if (L->n_xs == L->cap_xs) {
		L->cap_xs = L->cap_xs ? L->cap_xs * 2 : 64;
		L->xs = xrealloc(L->xs, st_mult(L->cap_xs, sizeof(*L->xs)));
	}
	L->xs[L->n_xs++] = x;
	if (r < 0) {
		x->done = true;
		x->res = NSX_SILENT;
		if (r == -ECONNREFUSED && is_udp(k)) {
			x->res = NSX_BAD;
			x->tries = 0xff;	/* closed */
		}
		return 0;
	}
	if (L->n_act == L->cap_act) {
		L->cap_act = L->cap_act ? L->cap_act * 2 : 64;
		L->act = xrealloc(L->act, st_mult(L->cap_act, sizeof(*L->act)));
	}
	x->ai = L->n_act;
	L->act[L->n_act++] = x;
	x->fd = fd;
	slots_ensure(L, fd);
	L->slots[fd] = (struct slot){ .kind = SLOT_XCHG, .host = hi, .port = port, .x = x };
	L->inflight++;
	x->deadline = L->now + xchg_timeout_us(L, x);
	ev.events = is_udp(k) ? EPOLLIN : EPOLLOUT;
	ev.data.u64 = (uint64_t)fd;
	if (epoll_ctl(L->ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
		xchg_finish(L, x, NSX_SILENT);
		return 0;
	}
	if (is_udp(k)) {
		x->connected = true;
		xchg_send(L, x);
	}
	return 0;
}

/* True when the bytes read make a whole answer for x's step. */
static bool xchg_complete(const struct xchg *x)
{
	switch (x->kind) {
	case X_BANNER: return memchr(x->buf, '\n', x->len) != NULL;
	case X_HTTP: return false;	/* until the server closes, or the cap */
	case X_SMB1_NB:
	case X_SMB2_NB:
		if (x->step == 0)
			return x->len >= 4;
		return np_nbss_frame_len(x->buf, x->len) != 0;
	case X_SMB1:
	case X_SMB2: return np_nbss_frame_len(x->buf, x->len) != 0;
	case X_RDP0:
	case X_RDP1: return np_tpkt_len(x->buf, x->len) != 0;
	default: return true;
	}
}

static void xchg_event(struct loop *L, struct xchg *x, uint32_t events)
{
	if (!x->connected) {
		int e = 0;
		socklen_t el = sizeof(e);

		getsockopt(x->fd, SOL_SOCKET, SO_ERROR, &e, &el);
		if (e) {
			xchg_finish(L, x, NSX_SILENT);
			return;
		}
		x->connected = true;
		xchg_send(L, x);
		return;
	}
	if (!x->buf)
		x->buf = xmalloc(NS_READ_MAX);
	for (;;) {
		ssize_t n;

		if (is_udp(x->kind))
			x->len = 0;	/* one datagram is the answer */
		n = recv(x->fd, x->buf + x->len, NS_READ_MAX - x->len, 0);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			if (is_udp(x->kind) && errno == ECONNREFUSED) {
				xchg_finish(L, x, NSX_BAD);
				x->tries = 0xff;	/* closed: an ICMP port unreachable came back */
				return;
			}
			xchg_finish(L, x, x->len ? NSX_OK : NSX_SILENT);
			return;
		}
		if (n == 0) {
			xchg_finish(L, x, x->len ? NSX_OK : NSX_SILENT);
			return;
		}
		x->len += (size_t)n;
		if (is_udp(x->kind)) {
			xchg_finish(L, x, NSX_OK);
			return;
		}
		if (x->len == NS_READ_MAX || xchg_complete(x)) {
			if ((x->kind == X_SMB1_NB || x->kind == X_SMB2_NB) && x->step == 0) {
				const char *why;

				if (np_nbss_session_parse(x->buf, x->len, &why) != 1) {
					xchg_finish(L, x, NSX_BAD);
					return;
				}
				x->step = 1;
				x->len = 0;
				xchg_send(L, x);
				return;
			}
			xchg_finish(L, x, NSX_OK);
			return;
		}
	}
	(void)events;
}

static void xchg_expire(struct loop *L, struct xchg *x)
{
	if (is_udp(x->kind) && x->tries < L->o->retries) {
		x->tries++;
		xchg_send(L, x);
		return;
	}
	/* a banner or page cut short is still what the service said */
	xchg_finish(L, x, x->len && !is_udp(x->kind) ? NSX_OK : NSX_SILENT);
}

/* ---- results ---- */

static struct ns_port *port_row(struct ns_host *h, bool udp, uint16_t port)
{
	size_t i;

	for (i = 0; i < h->n_ports; i++)
		if (h->ports[i].udp == udp && h->ports[i].port == port)
			return &h->ports[i];
	return NULL;
}

static void xchg_collect(struct loop *L, struct xchg *x)
{
	struct ns_host *h = &L->r->hosts[x->host];
	struct ns_port *p;
	struct ns_service *s;
	const char *why = NULL;
	enum ns_xres res = x->res;

	if (is_udp(x->kind)) {
		enum ns_state st = res == NSX_OK ? NS_OPEN : x->tries == 0xff ? NS_CLOSED : NS_OPEN_FILTERED;

		host_port_add(L, x->host, x->port, true, st, res == NSX_OK ? (uint32_t)(L->now - x->sent) : 0);
		if (res == NSX_OK)
			h->answered = true;
		else if (st == NS_CLOSED)
			h->answered = true;	/* the ICMP port unreachable came from the host */
	}
	p = port_row(h, is_udp(x->kind), x->port);
	if (!p)
		return;
	if (!p->svc)
		p->svc = xcalloc(1, sizeof(*p->svc));
	s = p->svc;
#define PARSED(r) ((r) == 0 ? NSX_OK : NSX_BAD)
	switch (x->kind) {
	case X_BANNER:
		s->banner_res = res == NSX_OK ? PARSED(np_banner_parse(x->buf, x->len, &s->banner, &why)) : res;
		break;
	case X_HTTP:
	case X_U_SSDP:
		s->http_res = res == NSX_OK ? PARSED(np_http_parse(x->buf, x->len, &s->http, &why)) : res;
		break;
	case X_SMB1:
	case X_SMB1_NB:
		s->smb1_res = res == NSX_OK ? PARSED(np_smb_negotiate_parse(x->buf, x->len, &s->smb1, &why)) : res;
		break;
	case X_SMB2:
	case X_SMB2_NB:
		s->smb2_res = res == NSX_OK ? PARSED(np_smb_negotiate_parse(x->buf, x->len, &s->smb2, &why)) : res;
		break;
	case X_RDP0:
		s->rdp0_res = res == NSX_OK ? PARSED(np_x224_confirm_parse(x->buf, x->len, &s->rdp0, &why)) : res;
		break;
	case X_RDP1:
		s->rdp1_res = res == NSX_OK ? PARSED(np_x224_confirm_parse(x->buf, x->len, &s->rdp1, &why)) : res;
		break;
	case X_U_NBNS:
		s->nbns_res = res == NSX_OK ? PARSED(np_nbns_status_parse(x->buf, x->len, x->id, &s->nbns, &why)) : res;
		break;
	case X_U_SNMP:
		s->snmp_res = res == NSX_OK ? PARSED(np_snmp_parse(x->buf, x->len, &s->snmp, &why)) : res;
		break;
	case X_U_MDNS:
		s->mdns_res = res == NSX_OK ? PARSED(np_dns_response_parse(x->buf, x->len, x->id, &s->mdns_answers, &why))
					    : res;
		break;
	case X_U_DGM:
		s->dgm_res = res;
		break;
	}
#undef PARSED
	if (why)
		s->why = why;
}

static int port_cmp(const void *a, const void *b)
{
	const struct ns_port *x = a, *y = b;

	if (x->udp != y->udp)
		return x->udp ? 1 : -1;
	return (int)x->port - (int)y->port;
}

/* ---- address resolution ---- */

/*
 * The hosts on this link whose neighbour entry is REACHABLE after the scan: the kernel resolved
 * them (ARP, NDP) or saw them answer within the last reachable time, so the device is on even
 * when it filters every port. STALE, DELAY and PROBE entries prove nothing about now, and static
 * (PERMANENT, NOARP) ones nothing at all: they are not counted.
 */
static void neigh_mark(struct ns_result *r)
{
	struct {
		struct nlmsghdr n;
		struct ndmsg m;
	} req;
	static char buf[32768];
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE), rounds;
	struct timeval tv = { .tv_sec = 1 };

	if (fd < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = sizeof(req);
	req.n.nlmsg_type = RTM_GETNEIGH;
	req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.n.nlmsg_seq = 1;
	req.m.ndm_family = AF_UNSPEC;
	if (send(fd, &req, sizeof(req), 0) < 0) {
		close(fd);
		return;
	}
	for (rounds = 0; rounds < 4096; rounds++) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h;

		if (n <= 0)
			break;
		for (h = (struct nlmsghdr *)(void *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
			struct ndmsg *nd = NLMSG_DATA(h);
			struct rtattr *a;
			int alen;
			const uint8_t *dst = NULL, *ll = NULL;
			size_t dlen = 0, lllen = 0, i;

			if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)
				goto out;
			if (h->nlmsg_type != RTM_NEWNEIGH || h->nlmsg_len < NLMSG_LENGTH(sizeof(*nd)))
				continue;
			if (!(nd->ndm_state & NUD_REACHABLE))
				continue;
			alen = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*nd)));
			for (a = (struct rtattr *)((char *)nd + NLMSG_ALIGN(sizeof(*nd))); RTA_OK(a, alen); a = RTA_NEXT(a, alen)) {
				if (a->rta_type == NDA_DST) {
					dst = RTA_DATA(a);
					dlen = RTA_PAYLOAD(a);
				} else if (a->rta_type == NDA_LLADDR) {
					ll = RTA_DATA(a);
					lllen = RTA_PAYLOAD(a);
				}
			}
			if (!dst || !ll || lllen != 6 || (dlen != 4 && dlen != 16))
				continue;
			for (i = 0; i < r->n; i++) {
				struct ns_host *nh = &r->hosts[i];

				if ((size_t)(nh->family == 4 ? 4 : 16) != dlen || memcmp(nh->addr, dst, dlen))
					continue;
				nh->link_answered = true;
				snprintf(nh->mac, sizeof(nh->mac), "%02x:%02x:%02x:%02x:%02x:%02x", ll[0], ll[1], ll[2], ll[3],
					 ll[4], ll[5]);
			}
		}
	}
out:
	close(fd);
}

/* ---- the run ---- */

/* The ports in probe order, the same for every host: the discovery ports first (the defaults among
 * those asked) when there are many, then the rest ascending. *n_disc: how many lead (all: no gating). */
static uint16_t *port_order(const struct ns_opts *o, uint32_t *n_order, uint32_t *n_disc)
{
	uint8_t def[NT_PORT_BITMAP] = { 0 };
	const uint8_t *want;
	uint16_t *order;
	unsigned p, n = 0;
	size_t i;

	for (i = 0; i < ns_n_default_ports; i++)
		def[ns_default_ports[i] >> 3] |= (uint8_t)(1u << (ns_default_ports[i] & 7));
	want = o->tcp_ports ? o->tcp_ports : def;
	for (p = 1; p < 65536; p++)
		n += nt_port_isset(want, p);
	order = xcalloc(n ? n : 1, sizeof(*order));
	*n_order = 0;
	if (n >= DISCOVERY_MIN && !o->no_discovery)
		for (i = 0; i < ns_n_default_ports; i++)
			if (nt_port_isset(want, ns_default_ports[i]))
				order[(*n_order)++] = ns_default_ports[i];
	*n_disc = *n_order;
	for (p = 1; p < 65536; p++)
		if (nt_port_isset(want, p) && !(*n_disc && nt_port_isset(def, p)))
			order[(*n_order)++] = (uint16_t)p;
	if (*n_disc == 0)
		*n_disc = *n_order;	/* no gating: every port is sent at once */
	return order;
}

static void host_prepare(struct loop *L, uint32_t hi, uint16_t *order, uint32_t n_order, uint32_t n_disc)
{
	const struct ns_opts *o = L->o;
	struct ns_host *nh = &L->r->hosts[hi];
	struct hstate *h = &L->hs[hi];

	h->order = order;	/* shared, the loop's */
	h->n_order = n_order;
	h->n_disc = n_disc;
	h->disc_pending = n_disc == n_order ? 0 : n_disc;
	L->r->tcp_ports = n_order;
	h->tokens = o->rate ? (o->rate / 50.0 > 16 ? o->rate / 50.0 : 16) : 0;
	h->refill_us = L->now;
	memset(&h->sa, 0, sizeof(h->sa));
	if (nh->family == 4) {
		struct sockaddr_in *sa = (struct sockaddr_in *)(void *)&h->sa;

		sa->sin_family = AF_INET;
		memcpy(&sa->sin_addr, nh->addr, 4);
		h->salen = sizeof(*sa);
	} else {
		struct sockaddr_in6 *sa = (struct sockaddr_in6 *)(void *)&h->sa;

		sa->sin6_family = AF_INET6;
		memcpy(&sa->sin6_addr, nh->addr, 16);
		h->salen = sizeof(*sa);
	}
}

static bool host_has_work(const struct loop *L, const struct hstate *h)
{
	uint32_t limit = h->up || h->n_disc == h->n_order ? h->n_order : h->n_disc;

	(void)L;
	return h->pend_head < h->n_pend || (!h->stopped && (h->n_retry || h->next < limit));
}

/* Refills the host's tokens; true when one may be spent now. */
static bool host_may_send(struct loop *L, struct hstate *h)
{
	double burst;

	if (!L->o->rate)
		return true;
	burst = L->o->rate / 50.0 > 16 ? L->o->rate / 50.0 : 16;
	h->tokens += (double)(L->now - h->refill_us) * L->o->rate / 1e6;
	h->refill_us = L->now;
	if (h->tokens > burst)
		h->tokens = burst;
	return h->tokens >= 1.0;
}

static void raise_nofile(size_t want)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return;
	if (rl.rlim_cur < want + 64) {
		rl.rlim_cur = rl.rlim_max < want + 64 ? rl.rlim_max : want + 64;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int netscan_run(const struct ns_opts *o, struct ns_result *r, struct err *err)
{
	static const struct {
		uint16_t port;
		enum xkind kind;
	} udp_probes[UDP_PROBES] = { { 137, X_U_NBNS }, { 138, X_U_DGM }, { 161, X_U_SNMP }, { 1900, X_U_SSDP },
				     { 5353, X_U_MDNS } };
	struct loop L = { .o = o, .r = r };
	struct epoll_event evs[512];
	struct rlimit rl;
	uint16_t *order;
	uint32_t n_order, n_disc;
	uint64_t start = mono_us();
	size_t i, j;
	int ret = 0;

	L.now = start;
	L.max_inflight = o->max_inflight ? o->max_inflight : NS_MAX_INFLIGHT;
	raise_nofile(L.max_inflight);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < L.max_inflight + 64)
		L.max_inflight = rl.rlim_cur > 128 ? (size_t)rl.rlim_cur - 64 : 64;
	L.ep = epoll_create1(EPOLL_CLOEXEC);
	if (L.ep < 0)
		return err_set(err, -errno, "cannot create an epoll set: %s", strerror(errno));
	L.hs = xcalloc(r->n ? r->n : 1, sizeof(*L.hs));
	order = port_order(o, &n_order, &n_disc);
	for (i = 0; i < r->n; i++)
		host_prepare(&L, (uint32_t)i, order, n_order, n_disc);
	if (o->udp)
		for (i = 0; i < r->n; i++)
			for (j = 0; j < UDP_PROBES; j++)
				pend_push(&L.hs[i], udp_probes[j].kind, udp_probes[j].port);

	for (;;) {
		bool blocked = false, work = false;
		uint64_t next = UINT64_MAX;
		int n, timeout;

		L.now = mono_us();
		/* launch, round robin over the hosts */
		while (L.inflight < L.max_inflight) {
			size_t tried;
			bool sent = false;

			for (tried = 0; tried < r->n && !sent; tried++) {
				size_t hi = L.rr++ % r->n;
				struct hstate *h = &L.hs[hi];

				if (!host_has_work(&L, h))
					continue;
				work = true;
				if (!host_may_send(&L, h)) {
					blocked = true;
					continue;
				}
				sent = probe_launch(&L, (uint32_t)hi);
			}
			if (!sent)
				break;
		}
		for (i = 0; i < r->n && !work; i++)
			work = host_has_work(&L, &L.hs[i]);
		if (!work && L.inflight == 0)
			break;
		/* the next deadline */
		while (L.fifo_n) {
			struct fifo_ent fe = L.fifo[L.fifo_head];
			struct slot *s = &L.slots[fe.fd];

			if (s->kind == SLOT_PROBE && s->gen == fe.gen) {
				next = s->deadline;
				break;
			}
			L.fifo_head = (L.fifo_head + 1) % L.fifo_cap;
			L.fifo_n--;
		}
		for (i = 0; i < L.n_act; i++)
			if (L.act[i]->deadline < next)
				next = L.act[i]->deadline;
		timeout = next == UINT64_MAX ? 100 : next <= L.now ? 0 : (int)((next - L.now + 999) / 1000);
		if (blocked && timeout > 1)
			timeout = 1;
		if (L.inflight >= L.max_inflight && timeout > 50)
			timeout = 50;
		n = epoll_wait(L.ep, evs, (int)(sizeof(evs) / sizeof(evs[0])), timeout);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = err_set(err, -errno, "epoll_wait: %s", strerror(errno));
			break;
		}
		L.now = mono_us();
		for (i = 0; i < (size_t)n; i++) {
			int fd = (int)evs[i].data.u64;
			struct slot *s = &L.slots[fd];

			if (s->kind == SLOT_PROBE) {
				int e = 0;
				socklen_t el = sizeof(e);

				if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) < 0)
					e = errno;
				probe_result(&L, fd, e);
			} else if (s->kind == SLOT_XCHG) {
				xchg_event(&L, s->x, evs[i].events);
			}
		}
		/* expire what timed out: a probe's last chance is a look at its socket */
		while (L.fifo_n) {
			struct fifo_ent fe = L.fifo[L.fifo_head];
			struct slot *s = &L.slots[fe.fd];

			if (s->kind != SLOT_PROBE || s->gen != fe.gen) {
				L.fifo_head = (L.fifo_head + 1) % L.fifo_cap;
				L.fifo_n--;
				continue;
			}
			if (s->deadline > L.now)
				break;
			L.fifo_head = (L.fifo_head + 1) % L.fifo_cap;
			L.fifo_n--;
			{
				struct pollfd pfd = { .fd = fe.fd, .events = POLLOUT };

				if (poll(&pfd, 1, 0) == 1) {
					int e = 0;
					socklen_t el = sizeof(e);

					getsockopt(fe.fd, SOL_SOCKET, SO_ERROR, &e, &el);
					probe_result(&L, fe.fd, e);
				} else {
					probe_result(&L, fe.fd, -1);
				}
			}
		}
		for (i = L.n_act; i-- > 0;)	/* downwards: a finished one is replaced by the last, seen already */
			if (i < L.n_act && L.act[i]->deadline <= L.now)
				xchg_expire(&L, L.act[i]);
	}
	L.now = mono_us();
	for (i = 0; i < L.n_xs; i++) {
		if (!L.xs[i]->done)
			xchg_finish(&L, L.xs[i], NSX_SILENT);
		xchg_collect(&L, L.xs[i]);
		free(L.xs[i]->buf);
		free(L.xs[i]);
	}
	for (i = 0; i < r->n; i++) {
		struct ns_host *h = &r->hosts[i];

		if (L.hs[i].has_rtt)
			h->srtt_us = (uint32_t)L.hs[i].srtt;
		h->timeout_ms = (uint32_t)(host_timeout_us(&L, &L.hs[i]) / 1000u);
		if (h->n_ports)
			qsort(h->ports, h->n_ports, sizeof(*h->ports), port_cmp);
		free(L.hs[i].retry);
	}
	neigh_mark(r);
	r->elapsed_ms = (L.now - start) / 1000u;
	free(order);
	for (i = 0; i < r->n; i++)
		free(L.hs[i].pend);
	free(L.act);
	free(L.xs);
	free(L.hs);
	free(L.slots);
	free(L.fifo);
	close(L.ep);
	return ret;
}

const struct ns_port *netscan_find(const struct ns_host *h, bool udp, uint16_t port)
{
	size_t i;

	for (i = 0; i < h->n_ports; i++)
		if (h->ports[i].udp == udp && h->ports[i].port == port)
			return &h->ports[i];
	return NULL;
}

void netscan_result_free(struct ns_result *r)
{
	size_t i, j;

	for (i = 0; i < r->n; i++) {
		for (j = 0; j < r->hosts[i].n_ports; j++)
			free(r->hosts[i].ports[j].svc);
		free(r->hosts[i].ports);
	}
	free(r->hosts);
	memset(r, 0, sizeof(*r));
}
