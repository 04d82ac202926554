/*
 * kyuka.yaml, passwords:
 *
 *   passwords:
 *     budget: 60                         # seconds of guessing in kyuka passwords audit, 1..86400
 *     audit_budget: 0                    # seconds of guessing in kyuka audit (0: PW-0010 is SKIP)
 *     threads: 0                         # 0 = every core, else 1..1024
 *     wordlist: /usr/share/john/password.lst   # extra guesses, one a line
 *     words: [kyuka, example]            # site words to guess (products, places)
 *     min_length: 8                      # policy: smallest acceptable minlen, 6..64
 */
#ifndef KYUKA_PARSE_CONFIG_PASSWORDS_H
#define KYUKA_PARSE_CONFIG_PASSWORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct config_passwords {
	uint32_t budget;	/* seconds, kyuka passwords audit */
	uint32_t audit_budget;	/* seconds, kyuka audit; 0 = no guessing there */
	uint32_t threads;	/* 0 = every core */
	char *wordlist;		/* path on the auditing machine, NULL = none */
	char **words;
	size_t n_words;
	uint32_t min_length;
	bool wordlist_only;	/* not a key: kyuka passwords audit --wordlist-only */
};

struct csection;
extern const struct csection config_passwords_section;	/* its keys and defaults, for parse/config.c */

#endif
