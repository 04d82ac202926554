/*
 * ~/.ssh/authorized_keys: "[options] keytype base64 [comment]" lines. The
 * key blob is decoded (SSH wire format) to learn the real key type and size;
 * the fingerprint is SHA256 of the blob, base64 without padding, as ssh-keygen
 * prints it. Comments are attacker-controlled text: kept, never trusted.
 */
#ifndef KYUKA_PARSE_AUTHKEYS_H
#define KYUKA_PARSE_AUTHKEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "parse/limits.h"
#include "util/err.h"

enum key_type {
	KEY_UNKNOWN, KEY_RSA, KEY_DSA, KEY_ECDSA, KEY_ED25519, KEY_SK_ECDSA, KEY_SK_ED25519,
};

struct authkey {
	enum key_type type;
	char *type_name;	/* as written: "ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", ...*/
	unsigned bits;		/* RSA/DSA modulus bits, ECDSA curve bits, 256 for ed25519; 0 unknown */
	char fingerprint[64];	/* "SHA256:..." */
	char *options;		/* raw options text, NULL when none */
	bool restricted;	/* options contain restrict, command=, or from= */
	char *comment;		/* NULL when none */
	size_t line;
};

struct authkeys {
	struct authkey *v;
	size_t n;
	struct parse_bad bad;	/* unknown type, bad base64, blob type mismatch, ... */
};

int authkeys_parse(const char *buf, size_t len, struct authkeys *out, struct err *err);
void authkeys_free(struct authkeys *k);
const char *key_type_name(enum key_type t);	/* "rsa", "dsa", "ecdsa", "ed25519", "sk-ecdsa", "sk-ed25519", "unknown" */

#endif
