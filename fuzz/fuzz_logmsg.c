/*
 * libFuzzer target for the log message classifier. The first byte picks the
 * program ("sshd", "sudo", "kernel", ...); the rest is the message, copied
 * into an exactly sized buffer. Every span must lie inside the message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/logmsg.h"
#include "parse/logvpn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const progs[] = {
	"sshd", "sshd-session", "sshd(pam_unix)", "su", "sudo", "login", "systemd-logind", "useradd", "usermod",
	"groupadd", "gpasswd", "userdel", "passwd", "chpasswd", "openvpn", "ovpn-server", "charon", "kernel", "",
	"cron",
	/* 20.. : the services of issue 25 */
	"postfix/smtpd", "dovecot", "imap-login", "imapd", "exim", "vsftpd", "proftpd", "smbd", "xrdp-sesman",
	"webmin", "cockpit-session", "vsftpd(pam_unix)",
};

static void inside(struct span s, const char *buf, size_t len)
{
	if (!s.len)
		return;
	if (s.p < buf || s.len > len || (size_t)(s.p - buf) + s.len > len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *prog;
	struct logmsg o;
	size_t i;
	char *buf;
	size_t len;

	if (size < 1)
		return 0;
	prog = progs[data[0] % (sizeof(progs) / sizeof(progs[0]))];
	len = size - 1;
	buf = malloc(len ? len : 1);
	if (!buf)
		return 0;
	if (len)
		memcpy(buf, data + 1, len);
	logmsg_parse(SPAN(prog, strlen(prog)), SPAN(buf, len), &o);
	/* method and pam_svc may be static names ("none", "sshd", "logind"): not checked */
	if (o.user.p < buf || o.user.p > buf + len) {
		if (!(o.user.len == 4 && memcmp(o.user.p, "root", 4) == 0))
			abort();
	} else {
		inside(o.user, buf, len);
	}
	inside(o.src, buf, len);
	inside(o.target, buf, len);
	inside(o.group, buf, len);
	inside(o.dst, buf, len);
	/* an appliance's protocol may be a static "TCP" or "UDP" (parse/logvpn.h) */
	if (!logvpn_is_appliance(o.svc))
		inside(o.proto, buf, len);
	inside(o.device, buf, len);
	if (o.user.len > LOGMSG_MAX_USER || (o.src.len && !(o.src.len <= LOGMSG_MAX_ADDR)))
		abort();
	/* a source holds no blank, control, non-ASCII byte nor the punctuation around sources */
	for (i = 0; i < o.src.len; i++) {
		unsigned char c = (unsigned char)o.src.p[i];
		if (c <= 0x20 || c >= 0x7f || strchr("[]();,", c))
			abort();
	}
	if (o.count < 1 || o.count > LOGMSG_MAX_REPEAT || (unsigned)o.kind >= LM__COUNT || o.dport > 65535 ||
	    (unsigned)o.pair >= LP__COUNT || (unsigned)o.svc >= LS__COUNT)
		abort();
	if (!logmsg_kind_name(o.kind) || !logmsg_svc_name(o.svc))
		abort();
	free(buf);
	return 0;
}
