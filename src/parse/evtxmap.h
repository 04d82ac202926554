/*
 * What one Windows event log record means for the log review: a pure
 * mapping from what libevtx hands over (the event identifier, the provider
 * name and the record's strings by index, UTF-8) to the review's event
 * (struct logmsg), and a one-line summary of the record for the evidence.
 *
 * The strings are mapped by index per event identifier, as Microsoft's
 * documentation of each event lists its fields (EventData/UserData in
 * order); later versions of an event only add fields at the end, so one
 * table serves them all, and a record with fewer strings than its version 0
 * is LM_UNKNOWN. Spans in the result point into the strings or are static.
 *
 * Mapped: Security (Microsoft-Windows-Security-Auditing) 4624, 4625, 4648,
 * 4672, 4698, 4720, 4722, 4728, 4732, 4738, 4740, 4756; Microsoft-Windows-
 * Eventlog 1102 and 104 (a log cleared); Service Control Manager 7045;
 * TerminalServices-RemoteConnectionManager 1149; TerminalServices-
 * LocalSessionManager 21, 24, 25. Anything else is LM_UNKNOWN, never an error.
 */
#ifndef KYUKA_PARSE_EVTXMAP_H
#define KYUKA_PARSE_EVTXMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/logmsg.h"
#include "util/span.h"

#define EVTXMAP_MAX_STRINGS 64		/* strings of a record looked at */
#define EVTXMAP_MAX_FIELD 200		/* bytes of one field in the summary */
#define EVTXMAP_SUMMARY 640		/* size of the summary buffer the caller gives */

struct evtx_fields {
	uint32_t event_id;
	struct span provider;		/* the record's source (provider) name */
	const struct span *str;		/* its strings by index */
	size_t n_str;
};

/* True when evtxmap_parse may map this event identifier (the caller then fetches the provider and strings). */
bool evtxmap_wanted(uint32_t event_id);

/*
 * Maps one record into m (count 1). buf (EVTXMAP_SUMMARY bytes) receives a
 * summary for the evidence ("4625 logon failed: EXAMPLE\admin, type 3
 * (network), from 203.0.113.5, status 0xc000006d/0xc0000064"); its length
 * goes to *len (0 for LM_UNKNOWN). The summary holds the record's strings
 * as they are (cut to EVTXMAP_MAX_FIELD): the renderer escapes them.
 */
void evtxmap_parse(const struct evtx_fields *f, struct logmsg *m, char *buf, size_t *len);

/* "Administrators" for a well-known privileged group's SID (S-1-5-32-544, ...-512), else NULL. */
const char *evtxmap_priv_group(struct span sid);

#endif
