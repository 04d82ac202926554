/*
 * kyuka.yaml, plan: the incident plan (docs/plan.md): contacts by role,
 * vendors, the procedure and where staff report an incident.
 */
#ifndef KYUKA_PARSE_CONFIG_PLAN_H
#define KYUKA_PARSE_CONFIG_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A person of the contact list (plan.roles[].primary / backup). */
struct plan_person {
	char *name;
	char *phone;		/* as written; checked by parse/contact.h */
	char *mail;
	char verified[11];	/* YYYY-MM-DD or "" */
	size_t line;
};

struct plan_role {
	char *role;		/* "decision maker", "responder", ... */
	bool has_primary, has_backup;
	struct plan_person primary, backup;
	size_t line;
};

struct plan_contact {
	char *phone;
	char *mail;
	char *url;
};

/* A vendor or supplier (plan.vendors[]). */
struct plan_vendor {
	char *name;
	char *kind;		/* system vendor, maintenance, carrier, cloud, datacenter, supply chain, ... */
	char *service;		/* what they provide for us */
	char *holiday_hours;	/* their support during the holiday, as text */
	struct plan_contact contact;	/* normal hours */
	bool has_off_hours;
	bool off_hours_none;	/* "off_hours: none": stated explicitly that there is none */
	struct plan_contact off_hours;
	char *contract_id;	/* contract or customer ID to quote when calling */
	char verified[11];
	size_t line;
};

struct config_plan {
	bool present;		/* a plan: section was given */
	size_t line;
	uint32_t verify_days;	/* contacts verified at most this long before the holiday (default 90) */
	struct {
		char *document;	/* path on the host or URL */
		char reviewed[11];
		size_t line;
	} procedure;
	struct {
		bool present;
		char *phone;
		char *mail;
		char *hours;
		char *note;
		size_t line;
	} reporting;		/* where staff report an incident */
	struct plan_role *roles;
	size_t n_roles;
	struct plan_vendor *vendors;
	size_t n_vendors;
};

struct csection;
extern const struct csection config_plan_section;	/* its keys and defaults, for parse/config.c */

#endif
