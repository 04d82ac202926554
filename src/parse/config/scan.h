/*
 * kyuka.yaml, scan: kyuka scan's malware scan (AV-2; docs/antivirus.md)
 *
 *   scan:
 *     yara_rules: /etc/kyuka/yara        # a directory of YARA rules (*.yar, *.yara) on the auditing machine
 */
#ifndef KYUKA_PARSE_CONFIG_SCAN_H
#define KYUKA_PARSE_CONFIG_SCAN_H

struct config_scan {
	char *yara_rules;	/* absolute, without a trailing '/'; NULL: none */
};

struct csection;
extern const struct csection config_scan_section;	/* its keys, for parse/config.c */

#endif
