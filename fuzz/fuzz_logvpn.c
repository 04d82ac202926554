/*
 * libFuzzer target for the VPN and firewall appliances' lines (parse/logvpn.c), one table-driven
 * target for all of them: the first byte picks how the line is taken (as the review does: the syslog
 * header, else logvpn_header; or logvpn_parse alone with a program name from the table), the rest is
 * the line, copied into an exactly sized buffer. Every span must lie inside the line; the caps hold.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/logmsg.h"
#include "parse/logvpn.h"
#include "parse/syslog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const progs[] = { "", "%ASA-6-722051", "%ASA-6-106100", "%FTD-6-302013", "PulseSecure", "openvpn" };

static void inside(struct span s, const char *buf, size_t len)
{
	if (!s.len)
		return;
	if (s.p < buf || s.len > len || (size_t)(s.p - buf) + s.len > len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct syslog_line h;
	struct logmsg o;
	unsigned mode;
	char *buf;
	size_t len, i;

	if (size < 1)
		return 0;
	mode = data[0];
	len = size - 1;
	buf = malloc(len ? len : 1);
	if (!buf)
		return 0;
	if (len)
		memcpy(buf, data + 1, len);
	if (mode == 0xfe) {
		/* a logs.inside_networks entry, terminated */
		struct logvpn_net net;
		char *z = malloc(len + 1);

		if (z) {
			memcpy(z, buf, len);
			z[len] = '\0';
			if (logvpn_net_parse(z, &net) == 0 && (net.bits > 128 || !logvpn_in_nets(SPAN(z, strcspn(z, "/")), &net, 1)))
				abort();
			free(z);
		}
		free(buf);
		return 0;
	}
	if (mode & 1) {
		const char *prog = progs[(mode >> 1) % (sizeof(progs) / sizeof(progs[0]))];

		memset(&o, 0, sizeof(o));
		o.src = o.user = o.dst = o.proto = o.method = o.device = SPAN(buf, 0);
		o.count = 1;
		if (logvpn_parse(SPAN(prog, strlen(prog)), SPAN(buf, len), &o) && !logvpn_is_appliance(o.svc))
			abort();
	} else {
		bool appl = false;

		syslog_parse_line(buf, len, &h);
		if (h.ts == SYSLOG_TS_NONE) {
			appl = logvpn_header(buf, len, &h);
			if (appl != (h.ts != SYSLOG_TS_NONE))
				abort();
		}
		inside(h.host, buf, len);
		inside(h.prog, buf, len);
		inside(h.msg, buf, len);
		if (h.ts == SYSLOG_TS_LOCAL && (h.mon < 1 || h.mon > 12 || h.mday < 1 || h.mday > 31 || h.hour > 23 ||
						h.min > 59 || h.sec > 60 || !syslog_valid_date(h.year, h.mon, h.mday)))
			abort();
		logmsg_parse(h.prog, h.msg, &o);
	}
	/* method and proto may be static names ("ssl-vpn", "TCP"); an empty span still points into the line */
	if (!o.user.p || !o.src.p || !o.dst.p || !o.device.p || !o.method.p || !o.proto.p)
		abort();
	/* sshd's "ROOT LOGIN REFUSED FROM" and su's lines name the static "root" (as fuzz_logmsg allows) */
	if (o.user.p < buf || o.user.p > buf + len) {
		if (!(o.user.len == 4 && memcmp(o.user.p, "root", 4) == 0))
			abort();
	} else {
		inside(o.user, buf, len);
	}
	inside(o.src, buf, len);
	inside(o.dst, buf, len);
	inside(o.device, buf, len);
	if (o.user.len > LOGMSG_MAX_USER || o.src.len > LOGMSG_MAX_ADDR || o.device.len > LOGVPN_MAX_DEVICE)
		abort();
	if (o.src.len && !logmsg_is_addr(o.src) && logvpn_is_appliance(o.svc))
		abort();
	for (i = 0; i < o.src.len; i++)
		if ((unsigned char)o.src.p[i] <= 0x20 || (unsigned char)o.src.p[i] >= 0x7f)
			abort();
	if ((unsigned)o.kind >= LM__COUNT || (unsigned)o.svc >= LS__COUNT || o.dport > 65535 || o.count < 1)
		abort();
	if (o.inbound && !(o.kind == LM_FW_ALLOW || o.kind == LM_FW_BLOCK))
		abort();
	free(buf);
	return 0;
}
