/* kyuka netscan's scanner (engines/netscan.h): one epoll loop over connects, exchanges and datagrams. */
#include "engines/netscan_priv.h"

#include <errno.h>
#include <netinet/in.h>
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
#define UDP_PROBES 6

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

static uint64_t mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

uint64_t ns_host_timeout_us(const struct loop *L, const struct hstate *h)
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

void ns_host_port_add(struct loop *L, uint32_t hi, uint16_t port, bool udp, enum ns_state st, uint32_t rtt)
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

int ns_sock_open(const struct hstate *h, uint16_t port, int type, int *fd_out)
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

void ns_slots_ensure(struct loop *L, int fd)
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

void ns_slot_close(struct loop *L, int fd)
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
		ns_slot_close(L, fd);
		nh->scanned++;
		nh->answered = true;
		if (e == 0) {
			nh->n_open++;
			ns_host_port_add(L, hi, port, false, NS_OPEN, (uint32_t)rtt);
			confirm_open(L, hi, port);
		} else {
			nh->n_closed++;
		}
		if (disc)
			disc_final(L, hi, true);
		return;
	}
	ns_slot_close(L, fd);
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
int ns_xchg_start(struct loop *L, enum xkind k, uint32_t hi, uint16_t port);

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

		if (ns_xchg_start(L, (enum xkind)pe->kind, hi, pe->port) == -EMFILE) {
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
	r = ns_sock_open(h, port, SOCK_STREAM, &fd);
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
		ns_slots_ensure(L, 0);
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
	ns_slots_ensure(L, fd);
	L->slots[fd] = (struct slot){ .kind = SLOT_PROBE, .tries = tries, .disc = disc, .port = port, .host = hi,
				      .gen = ++L->gen, .sent = L->now };
	L->slots[fd].deadline = L->now + ns_host_timeout_us(L, h) * (1u << (tries > 3 ? 3 : tries));
	L->inflight++;
	ev.events = EPOLLOUT;
	ev.data.u64 = (uint64_t)fd;
	if (epoll_ctl(L->ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
		ns_slot_close(L, fd);
		return true;
	}
	fifo_push(L, fd, L->slots[fd].gen);
	return true;
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
	} udp_probes[UDP_PROBES] = { { 137, X_U_NBNS }, { 138, X_U_DGM }, { 161, X_U_SNMP }, { 161, X_U_SNMP1 }, { 1900, X_U_SSDP },
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
				ns_xchg_event(&L, s->x, evs[i].events);
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
				ns_xchg_expire(&L, L.act[i]);
	}
	L.now = mono_us();
	for (i = 0; i < L.n_xs; i++) {
		if (!L.xs[i]->done)
			ns_xchg_finish(&L, L.xs[i], NSX_SILENT);
		ns_xchg_collect(&L, L.xs[i]);
		free(L.xs[i]->buf);
		free(L.xs[i]);
	}
	for (i = 0; i < r->n; i++) {
		struct ns_host *h = &r->hosts[i];

		if (L.hs[i].has_rtt)
			h->srtt_us = (uint32_t)L.hs[i].srtt;
		h->timeout_ms = (uint32_t)(ns_host_timeout_us(&L, &L.hs[i]) / 1000u);
		if (h->n_ports)
			qsort(h->ports, h->n_ports, sizeof(*h->ports), ns_port_cmp);
		free(L.hs[i].retry);
	}
	ns_neigh_mark(r);
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
