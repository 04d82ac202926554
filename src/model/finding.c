/* The run's nouns: the stable names of the enums, the order of statuses, a finding's subjects. */
#include "model/finding.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "util/xalloc.h"

static const char *const status_names[ST__COUNT] = {
	[ST_PASS] = "PASS", [ST_WARN] = "WARN", [ST_FAIL] = "FAIL",
	[ST_SKIP] = "SKIP", [ST_ERROR] = "ERROR", [ST_MANUAL] = "MANUAL",
};

static const char *const severity_names[SEV__COUNT] = {
	[SEV_INFO] = "info", [SEV_LOW] = "low", [SEV_MEDIUM] = "medium",
	[SEV_HIGH] = "high", [SEV_CRITICAL] = "critical",
};

static const struct {
	unsigned bit;
	const char *name;
} phase_names[] = {
	{ PHASE_BEFORE, "before" },
	{ PHASE_AFTER, "after" },
	{ PHASE_DURING, "during" },
};

/* Order of statuses within a check: the worst first, PASS last. */
static const int status_rank_of[ST__COUNT] = {
	[ST_FAIL] = 0, [ST_ERROR] = 1, [ST_WARN] = 2, [ST_MANUAL] = 3, [ST_SKIP] = 4, [ST_PASS] = 5,
};

int status_rank(enum status s)
{
	return (unsigned)s < ST__COUNT ? status_rank_of[s] : ST__COUNT;
}

void finding_subjects_free(struct finding_subject *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].detail);
	}
	free(v);
}

const char *status_name(enum status s)
{
	return (unsigned)s < ST__COUNT ? status_names[s] : "UNKNOWN";
}

const char *severity_name(enum severity s)
{
	return (unsigned)s < SEV__COUNT ? severity_names[s] : "unknown";
}

/* ASCII-only, so the locale cannot change what matches. */
static bool eq_icase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return false;
	}
	return *a == *b;
}

int severity_parse(const char *s, enum severity *out)
{
	if (!s)
		return -EINVAL;
	for (size_t i = 0; i < SEV__COUNT; i++) {
		if (eq_icase(s, severity_names[i])) {
			*out = (enum severity)i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *phase_name(unsigned phase)
{
	for (size_t i = 0; i < ARRAY_SIZE(phase_names); i++)
		if (phase == phase_names[i].bit)
			return phase_names[i].name;
	return "unknown";
}

int phase_parse(const char *s, unsigned *out)
{
	if (!s)
		return -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(phase_names); i++) {
		if (eq_icase(s, phase_names[i].name)) {
			*out = phase_names[i].bit;
			return 0;
		}
	}
	return -EINVAL;
}

const char *audience_name(enum audience a)
{
	switch (a) {
	case AUD_ADMIN:
		return "admin";
	case AUD_STAFF:
		return "staff";
	}
	return "unknown";
}
