/*
 * libFuzzer target for the Windows event record mapping. The first byte
 * picks the event identifier, the second the provider; the rest is split at
 * NUL bytes into the record's strings, each copied into an exactly sized
 * buffer. Spans must lie inside the strings (or be the static names), the
 * summary inside its buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/evtxmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint32_t ids[] = { 21, 24, 25, 104, 1102, 1149, 4624, 4625, 4648, 4672, 4698, 4720, 4722, 4728, 4732,
				4738, 4740, 4756, 7045, 5156, 0 };
static const char *const providers[] = {
	"Microsoft-Windows-Security-Auditing", "Microsoft-Windows-Eventlog", "Service Control Manager",
	"Microsoft-Windows-TerminalServices-RemoteConnectionManager",
	"Microsoft-Windows-TerminalServices-LocalSessionManager", "", "microsoft-windows-security-auditing",
};

#define NSTR (EVTXMAP_MAX_STRINGS + 4)

static bool in_any(struct span s, char *const *bufs, const size_t *lens, size_t n)
{
	size_t i;

	if (!s.len)
		return true;
	for (i = 0; i < n; i++)
		if (s.p >= bufs[i] && s.len <= lens[i] && (size_t)(s.p - bufs[i]) + s.len <= lens[i])
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *bufs[NSTR];
	size_t lens[NSTR], n = 0, i, start, len;
	struct span str[NSTR];
	struct evtx_fields f;
	struct logmsg m;
	char sum[EVTXMAP_SUMMARY];

	if (size < 2)
		return 0;
	f.event_id = ids[data[0] % (sizeof(ids) / sizeof(ids[0]))];
	f.provider = SPAN(providers[data[1] % (sizeof(providers) / sizeof(providers[0]))],
			  strlen(providers[data[1] % (sizeof(providers) / sizeof(providers[0]))]));
	for (start = 2, i = 2; i <= size && n < NSTR; i++) {
		if (i == size || data[i] == 0) {
			lens[n] = i - start;
			bufs[n] = malloc(lens[n] ? lens[n] : 1);
			if (lens[n])
				memcpy(bufs[n], data + start, lens[n]);
			str[n] = SPAN(bufs[n], lens[n]);
			n++;
			start = i + 1;
		}
	}
	f.str = str;
	f.n_str = n;
	evtxmap_parse(&f, &m, sum, &len);
	if (len >= EVTXMAP_SUMMARY || strlen(sum) != len || (unsigned)m.kind >= LM__COUNT ||
	    (unsigned)m.svc >= LS__COUNT || m.count != 1)
		abort();
	if (m.user.len > LOGMSG_MAX_USER || m.src.len > LOGMSG_MAX_ADDR || m.target.len > LOGMSG_MAX_USER ||
	    m.group.len > LOGMSG_MAX_USER)
		abort();
	/* user, src and target point into the strings; group and method may be static names */
	if (!in_any(m.user, bufs, lens, n) || !in_any(m.src, bufs, lens, n))
		abort();
	if (!in_any(m.target, bufs, lens, n) && !(m.kind == LM_LOG_CLEARED && m.target.len <= 8))
		abort();
	for (i = 0; i < n; i++)
		free(bufs[i]);
	return 0;
}
