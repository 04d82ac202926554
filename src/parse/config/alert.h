/*
 * kyuka.yaml, alert: the alert channel (docs/monitoring.md).
 */
#ifndef KYUKA_PARSE_CONFIG_ALERT_H
#define KYUKA_PARSE_CONFIG_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The alert channel kyuka alert test uses. */
struct config_alert {
	bool present;
	size_t line;
	char *channel;		/* "smtp", "webhook" or "syslog" (checked while parsing) */
	char *url;		/* smtp://, smtps://, http://, https:// */
	char *from;
	char **to;
	size_t n_to;
	char *username;
	char *password_file;	/* read when sending, never printed */
	char *starttls;		/* "try" (default), "required", "never" */
	char *socket;		/* syslog: the datagram socket (default /dev/log) */
	char *ca_file;		/* CA certificates to verify the server with (default: the system's) */
	uint32_t timeout;	/* seconds, default 20 */
};

struct csection;
extern const struct csection config_alert_section;	/* its keys and defaults, for parse/config.c */

#endif
