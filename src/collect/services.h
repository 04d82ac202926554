/*
 * What starts by itself, read through the root: units enabled by the
 * *.wants / *.requires symlinks under /etc/systemd/system and
 * /usr/lib/systemd/system (masked units left out), the enabled timers with
 * their unit files and drop-ins, the crontabs (/etc/crontab, /etc/cron.d,
 * /var/spool/cron/crontabs), the RTC wake alarms and the Wake-on-LAN state
 * of the network interfaces.
 */
#ifndef KYUKA_COLLECT_SERVICES_H
#define KYUKA_COLLECT_SERVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collect/root.h"
#include "parse/crontab.h"
#include "parse/unit.h"
#include "util/err.h"

#define SVC_MAX_UNITS	65536
#define SVC_MAX_CAL	32	/* OnCalendar= values kept per timer */

#define SVC_MAX_LISTEN 16

struct enabled_unit {
	char *name;		/* "ssh.service" */
	char *wanted_by;	/* "multi-user.target" */
	char *path;		/* of the unit file inside the root, NULL when not found */
	/* .socket units: the ports of ListenStream= / ListenDatagram= (socket activation) */
	uint16_t listen_port[SVC_MAX_LISTEN];
	size_t n_listen;
};

struct timer_info {
	char *name;
	char *path;
	const char *calendar[SVC_MAX_CAL];	/* point into file */
	size_t n_calendar;
	uint64_t repeat_sec;	/* OnUnitActiveSec= / OnUnitInactiveSec=, 0 if none */
	uint64_t boot_sec;	/* OnBootSec= / OnStartupSec=, 0 if none */
	bool has_boot;
	bool wake;		/* WakeSystem=yes */
	struct unit_file file;	/* the unit and its drop-ins */
};

struct cron_file {
	char *path;
	bool system;
	struct crontab tab;
};

struct svc_facts {
	struct enabled_unit *units;
	size_t n_units;
	struct timer_info *timers;
	size_t n_timers;
	struct cron_file *cron;
	size_t n_cron;
	bool have_systemd;	/* /etc/systemd/system or /usr/lib/systemd/system exists */
	char **errors;		/* files that could not be read (plain text) */
	size_t n_errors;
};

int collect_services(const struct root *r, struct svc_facts *out, struct err *err);
void svc_facts_free(struct svc_facts *f);

/*
 * The first date (YYYY-MM-DD, in the target's time zone) after
 * base_date 23:59:59 on which the OnCalendar= expression elapses, from
 * `systemd-analyze calendar` run with the time zone of the root
 * (/etc/timezone or the /etc/localtime link). -ENOENT: never again.
 */
int timer_next_date(const struct root *r, const char *expr, const char *base_date, char date[11], struct err *err);

/* RTC wake alarms: /sys/class/rtc/rtcN/wakealarm (seconds since the epoch; 0 when unset). */
struct rtc_alarm {
	char name[32];
	int64_t when;
};
/* -ENOENT when the root has no /sys/class/rtc. Caller frees *out. */
int collect_rtc(const struct root *r, struct rtc_alarm **out, size_t *n, struct err *err);

/* Wake-on-LAN per interface. */
struct wol_state {
	char name[32];
	int status;		/* 0 known; -EOPNOTSUPP not supported; other negative errno */
	uint32_t supported, wolopts;	/* WAKE_* bits (ETHTOOL_GWOL), host only */
	bool from_sysfs;	/* decided from device/power/wakeup */
	bool sysfs_enabled;
};
/*
 * On the host: the ETHTOOL_GWOL ioctl, else /sys/class/net/IF/device/power/wakeup.
 * Under --root: the sysfs file only. -ENOENT when there is no /sys/class/net.
 */
int collect_wol(const struct root *r, struct wol_state **out, size_t *n, struct err *err);

/* Settings that turn Wake-on-LAN on at boot. */
struct wol_config {
	char path[300];
	size_t line;
	char setting[160];	/* "WakeOnLan=magic", "wake-on-lan=64", "ethernet-wol g" */
};
/*
 * systemd .link files (WakeOnLan= other than off), NetworkManager keyfiles
 * ([ethernet] wake-on-lan with a wake mode bit), ifupdown (ethernet-wol,
 * "ethtool -s IF wol X" other than d). Caller frees *out.
 */
int collect_wol_config(const struct root *r, struct wol_config **out, size_t *n, struct err *err);

#endif
