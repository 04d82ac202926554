/*
 * Sending an alert through the configured channel (alert: in kyuka.yaml):
 * mail over SMTP (libcurl; STARTTLS when the server offers it, or required),
 * a webhook (a JSON POST with libcurl), or a datagram to the local syslog
 * socket. Used by kyuka alert test; nothing here decides when to alert.
 */
#ifndef KYUKA_ENGINES_ALERT_H
#define KYUKA_ENGINES_ALERT_H

#include <stdbool.h>

#include "parse/config/alert.h"
#include "util/err.h"

#define ALERT_MAX_SECRET 4096		/* bytes of the SMTP password file */
#define ALERT_MAX_ANSWER 512		/* bytes of a server's answer kept as detail */

/*
 * Where alerts go, without secrets, for people and for matching tests in the
 * store: "smtp://mail.example.jp:587 to soc@example.jp", "https://hooks.example.jp/..."
 * (a webhook's path and query often hold its token: never shown), "syslog /dev/log".
 * Caller frees.
 */
char *alert_target(const struct config_alert *a);

/* The settings a channel needs are present and well-formed; err says what is missing. */
int alert_validate(const struct config_alert *a, struct err *err);

struct alert_message {
	const char *subject;	/* one line */
	const char *body;	/* plain text, UTF-8 */
	const char *host;	/* the host name the alert is about */
	long long time;		/* seconds since the epoch (the clock's) */
	bool test;		/* kyuka alert test (the webhook's "test": true); false for a real alert (kyuka watch) */
};

/*
 * Sends m. Returns 0 when the channel accepted it, with the server's answer
 * in *detail (caller frees; "250", "HTTP 204"); a negative errno with the
 * reason in err otherwise.
 */
int alert_send(const struct config_alert *a, const struct alert_message *m, char **detail, struct err *err);

#endif
