/* kyuka netscan's exchanges (service confirmation, UDP probes), their results, the neighbour table. */
#include "engines/netscan_priv.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "util/xalloc.h"

static bool is_udp(enum xkind k)
{
	return k >= X_U_NBNS;
}

static uint64_t xchg_timeout_us(const struct loop *L, const struct xchg *x)
{
	uint64_t t = ns_host_timeout_us(L, &L->hs[x->host]) * 4;

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
	case X_U_SNMP1: n = np_snmp_get_sysdescr(0, comm, x->id, buf, size); break;
	case X_U_SSDP: n = np_ssdp_msearch(h->addr_text, (char *)buf, size); break;
	case X_U_MDNS: n = np_mdns_query(x->id, buf, size); break;
	}
	return n > 0 ? (size_t)n : 0;
}

void ns_xchg_finish(struct loop *L, struct xchg *x, enum ns_xres res)
{
	if (!x->done && x->ai < L->n_act && L->act[x->ai] == x) {
		L->act[x->ai] = L->act[--L->n_act];
		L->act[x->ai]->ai = x->ai;
	}
	if (x->fd >= 0)
		ns_slot_close(L, x->fd);
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
			ns_xchg_finish(L, x, NSX_SILENT);
			x->res = NSX_BAD;	/* marked closed below */
			x->tries = 0xff;
			return;
		}
		ns_xchg_finish(L, x, NSX_SILENT);
		return;
	}
	L->r->probes += is_udp(x->kind);
	x->sent = L->now;
	x->deadline = L->now + xchg_timeout_us(L, x);
	epoll_ctl(L->ep, EPOLL_CTL_MOD, x->fd, &ev);
}

/* Starts exchange k with host hi; -EMFILE (nothing started) when out of descriptors, else 0. */
int ns_xchg_start(struct loop *L, enum xkind k, uint32_t hi, uint16_t port)
{
	struct xchg *x;
	struct epoll_event ev;
	int fd, r;

	r = ns_sock_open(&L->hs[hi], port, is_udp(k) ? SOCK_DGRAM : SOCK_STREAM, &fd);
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
	ns_slots_ensure(L, fd);
	L->slots[fd] = (struct slot){ .kind = SLOT_XCHG, .host = hi, .port = port, .x = x };
	L->inflight++;
	x->deadline = L->now + xchg_timeout_us(L, x);
	ev.events = is_udp(k) ? EPOLLIN : EPOLLOUT;
	ev.data.u64 = (uint64_t)fd;
	if (epoll_ctl(L->ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
		ns_xchg_finish(L, x, NSX_SILENT);
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

void ns_xchg_event(struct loop *L, struct xchg *x, uint32_t events)
{
	if (!x->connected) {
		int e = 0;
		socklen_t el = sizeof(e);

		getsockopt(x->fd, SOL_SOCKET, SO_ERROR, &e, &el);
		if (e) {
			ns_xchg_finish(L, x, NSX_SILENT);
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
				ns_xchg_finish(L, x, NSX_BAD);
				x->tries = 0xff;	/* closed: an ICMP port unreachable came back */
				return;
			}
			ns_xchg_finish(L, x, x->len ? NSX_OK : NSX_SILENT);
			return;
		}
		if (n == 0) {
			ns_xchg_finish(L, x, x->len ? NSX_OK : NSX_SILENT);
			return;
		}
		x->len += (size_t)n;
		if (is_udp(x->kind)) {
			ns_xchg_finish(L, x, NSX_OK);
			return;
		}
		if (x->len == NS_READ_MAX || xchg_complete(x)) {
			if ((x->kind == X_SMB1_NB || x->kind == X_SMB2_NB) && x->step == 0) {
				const char *why;

				if (np_nbss_session_parse(x->buf, x->len, &why) != 1) {
					ns_xchg_finish(L, x, NSX_BAD);
					return;
				}
				x->step = 1;
				x->len = 0;
				xchg_send(L, x);
				return;
			}
			ns_xchg_finish(L, x, NSX_OK);
			return;
		}
	}
	(void)events;
}

void ns_xchg_expire(struct loop *L, struct xchg *x)
{
	if (is_udp(x->kind) && x->tries < L->o->retries) {
		x->tries++;
		xchg_send(L, x);
		return;
	}
	/* a banner or page cut short is still what the service said */
	ns_xchg_finish(L, x, x->len && !is_udp(x->kind) ? NSX_OK : NSX_SILENT);
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

void ns_xchg_collect(struct loop *L, struct xchg *x)
{
	struct ns_host *h = &L->r->hosts[x->host];
	struct ns_port *p;
	struct ns_service *s;
	const char *why = NULL;
	enum ns_xres res = x->res;

	if (is_udp(x->kind)) {
		enum ns_state st = res == NSX_OK ? NS_OPEN : x->tries == 0xff ? NS_CLOSED : NS_OPEN_FILTERED;

		p = port_row(h, true, x->port);
		if (!p)	/* two probes of one port (SNMP v2c and v1): the row says the most either learnt */
			ns_host_port_add(L, x->host, x->port, true, st, res == NSX_OK ? (uint32_t)(L->now - x->sent) : 0);
		else if (st == NS_OPEN || (st == NS_CLOSED && p->state == NS_OPEN_FILTERED))
			p->state = st;
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
	case X_U_SNMP1:	/* v1, for agents that do not speak v2c: read only when v2c said nothing */
		if (s->snmp_res == NSX_OK || (res != NSX_OK && s->snmp_res != NSX_NONE))
			break;
		/* fall through */
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

int ns_port_cmp(const void *a, const void *b)
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
void ns_neigh_mark(struct ns_result *r)
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
