/*
 * authorized_keys parser. A line is "[options] keytype base64 [comment]";
 * options come first when the first word is not a key type we know, and
 * end at the first blank outside double quotes (\" escapes a quote), as in
 * OpenSSH's sshkey_advance_past_options(). The blob is read with a bounded
 * reader (RFC 4253 strings and mpints; PROTOCOL.certkeys for certificates).
 * The fingerprint hashes the plain public key as OpenSSH re-serialises it
 * (ssh-keygen -l): minimal mpints, and for a certificate the key it
 * certifies without the certificate fields.
 */
#include "parse/authkeys.h"

#include <errno.h>
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/span.h"
#include "util/xalloc.h"

#define ED25519_PK_LEN 32
#define SSH_MAX_BIGNUM (16384 / 8)	/* OpenSSH SSHBUF_MAX_BIGNUM, in bytes */

struct ktype {
	const char *name;	/* as written in the file and in the blob */
	enum key_type type;
	const char *plain;	/* name of the plain key: itself unless a certificate */
	bool cert;
	const char *curve;	/* ECDSA curve named in the blob */
	unsigned bits;		/* fixed size; 0 = the modulus size from the blob */
};

static const struct ktype ktypes[] = {
	{ "ssh-rsa", KEY_RSA, "ssh-rsa", false, NULL, 0 },
	{ "ssh-dss", KEY_DSA, "ssh-dss", false, NULL, 0 },
	{ "ecdsa-sha2-nistp256", KEY_ECDSA, "ecdsa-sha2-nistp256", false, "nistp256", 256 },
	{ "ecdsa-sha2-nistp384", KEY_ECDSA, "ecdsa-sha2-nistp384", false, "nistp384", 384 },
	{ "ecdsa-sha2-nistp521", KEY_ECDSA, "ecdsa-sha2-nistp521", false, "nistp521", 521 },
	{ "ssh-ed25519", KEY_ED25519, "ssh-ed25519", false, NULL, 256 },
	{ "sk-ecdsa-sha2-nistp256@openssh.com", KEY_SK_ECDSA,
	  "sk-ecdsa-sha2-nistp256@openssh.com", false, "nistp256", 256 },
	{ "sk-ssh-ed25519@openssh.com", KEY_SK_ED25519, "sk-ssh-ed25519@openssh.com", false, NULL, 256 },
	{ "ssh-rsa-cert-v01@openssh.com", KEY_RSA, "ssh-rsa", true, NULL, 0 },
	{ "ssh-dss-cert-v01@openssh.com", KEY_DSA, "ssh-dss", true, NULL, 0 },
	{ "ecdsa-sha2-nistp256-cert-v01@openssh.com", KEY_ECDSA, "ecdsa-sha2-nistp256", true,
	  "nistp256", 256 },
	{ "ecdsa-sha2-nistp384-cert-v01@openssh.com", KEY_ECDSA, "ecdsa-sha2-nistp384", true,
	  "nistp384", 384 },
	{ "ecdsa-sha2-nistp521-cert-v01@openssh.com", KEY_ECDSA, "ecdsa-sha2-nistp521", true,
	  "nistp521", 521 },
	{ "ssh-ed25519-cert-v01@openssh.com", KEY_ED25519, "ssh-ed25519", true, NULL, 256 },
	{ "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", KEY_SK_ECDSA,
	  "sk-ecdsa-sha2-nistp256@openssh.com", true, "nistp256", 256 },
	{ "sk-ssh-ed25519-cert-v01@openssh.com", KEY_SK_ED25519, "sk-ssh-ed25519@openssh.com", true,
	  NULL, 256 },
};

static const struct ktype *find_type(struct span word)
{
	for (size_t i = 0; i < ARRAY_SIZE(ktypes); i++)
		if (span_eq(word, ktypes[i].name))
			return &ktypes[i];
	return NULL;
}

const char *key_type_name(enum key_type t)
{
	switch (t) {
	case KEY_RSA:
		return "rsa";
	case KEY_DSA:
		return "dsa";
	case KEY_ECDSA:
		return "ecdsa";
	case KEY_ED25519:
		return "ed25519";
	case KEY_SK_ECDSA:
		return "sk-ecdsa";
	case KEY_SK_ED25519:
		return "sk-ed25519";
	case KEY_UNKNOWN:
		break;
	}
	return "unknown";
}

/* A bounded reader over the decoded blob. */
struct rd {
	const unsigned char *p;
	size_t len;
};

static bool rd_fixed(struct rd *r, size_t n)
{
	if (r->len < n)
		return false;
	r->p += n;
	r->len -= n;
	return true;
}

/* An RFC 4253 string: uint32 length, then that many bytes. */
static bool rd_string(struct rd *r, const unsigned char **s, size_t *n)
{
	uint32_t l;

	if (r->len < 4)
		return false;
	l = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 | (uint32_t)r->p[2] << 8 | r->p[3];
	if (r->len - 4 < l)
		return false;
	*s = r->p + 4;
	*n = l;
	r->p += 4 + (size_t)l;
	r->len -= 4 + (size_t)l;
	return true;
}

static bool rd_skip(struct rd *r, unsigned count)
{
	const unsigned char *s;
	size_t n;

	while (count--)
		if (!rd_string(r, &s, &n))
			return false;
	return true;
}

static bool str_is(const unsigned char *s, size_t n, const char *lit)
{
	return n == strlen(lit) && memcmp(s, lit, n) == 0;
}

static void hash_u32(GChecksum *ck, size_t n)
{
	unsigned char b[4] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16),
			       (unsigned char)(n >> 8), (unsigned char)n };

	g_checksum_update(ck, b, sizeof(b));
}

static void hash_string(GChecksum *ck, const void *s, size_t n)
{
	hash_u32(ck, n);
	g_checksum_update(ck, s, (gssize)n);
}

/*
 * Reads a string and hashes it as the plain key's serialisation has it.
 * Returns NULL or why the blob is bad.
 */
static const char *take_string(struct rd *r, GChecksum *ck, const unsigned char **s, size_t *n)
{
	if (!rd_string(r, s, n))
		return "truncated key blob";
	hash_string(ck, *s, *n);
	return NULL;
}

/*
 * An mpint as OpenSSH reads it (sshbuf_get_bignum2: not negative, at most
 * SSHBUF_MAX_BIGNUM bytes of magnitude, leading zeros dropped) and hashes
 * it re-serialised: minimal, with one zero byte when the top bit is set.
 * *bits gets its bit length.
 */
static const char *take_mpint(struct rd *r, GChecksum *ck, unsigned *bits)
{
	const unsigned char *p;
	size_t n;
	unsigned b;

	if (!rd_string(r, &p, &n))
		return "truncated key blob";
	if (n && (p[0] & 0x80))
		return "negative mpint";
	if (n > SSH_MAX_BIGNUM + 1 || (n == SSH_MAX_BIGNUM + 1 && p[0] != 0))
		return "mpint too large";
	while (n && !*p) {
		p++;
		n--;
	}
	if (n && (p[0] & 0x80)) {
		hash_u32(ck, n + 1);
		g_checksum_update(ck, (const guchar *)"", 1);
	} else {
		hash_u32(ck, n);
	}
	g_checksum_update(ck, p, (gssize)n);
	b = n ? (unsigned)(8 * (n - 1)) : 0;
	for (unsigned c = n ? p[0] : 0; c; c >>= 1)
		b++;
	if (bits)
		*bits = b;
	return NULL;
}

/* The public key fields after the type name (and after a certificate's nonce). */
static const char *take_key(const struct ktype *kt, struct rd *r, GChecksum *ck, unsigned *bits)
{
	const unsigned char *s;
	size_t n;
	const char *why = NULL;

	*bits = kt->bits;
	switch (kt->type) {
	case KEY_RSA:		/* e, n */
		if (!(why = take_mpint(r, ck, NULL)))
			why = take_mpint(r, ck, bits);
		break;
	case KEY_DSA:		/* p, q, g, y */
		if (!(why = take_mpint(r, ck, bits)) && !(why = take_mpint(r, ck, NULL)) &&
		    !(why = take_mpint(r, ck, NULL)))
			why = take_mpint(r, ck, NULL);
		break;
	case KEY_ECDSA:		/* curve, Q [, application] */
	case KEY_SK_ECDSA:
		if ((why = take_string(r, ck, &s, &n)))
			break;
		if (!str_is(s, n, kt->curve))
			return "ecdsa curve mismatch";
		if ((why = take_string(r, ck, &s, &n)))
			break;
		/* Uncompressed points only, as OpenSSH's sshbuf_get_ec(). */
		if (n != 1 + 2 * (((size_t)kt->bits + 7) / 8) || s[0] != 4)
			return "bad ecdsa point";
		if (kt->type == KEY_SK_ECDSA)
			why = take_string(r, ck, &s, &n);
		break;
	case KEY_ED25519:	/* pk [, application] */
	case KEY_SK_ED25519:
		if ((why = take_string(r, ck, &s, &n)))
			break;
		if (n != ED25519_PK_LEN)
			return "bad ed25519 key length";
		if (kt->type == KEY_SK_ED25519)
			why = take_string(r, ck, &s, &n);
		break;
	case KEY_UNKNOWN:
		return "unknown key type";
	}
	return why;
}

/*
 * The rest of a certificate (PROTOCOL.certkeys): serial, type, key id,
 * principals, validity, critical options, extensions, reserved, signature
 * key, signature.
 */
static bool skip_cert_tail(struct rd *r)
{
	return rd_fixed(r, 8 + 4) && rd_skip(r, 2) && rd_fixed(r, 8 + 8) && rd_skip(r, 5);
}

/*
 * Checks the blob against kt, as OpenSSH's sshkey_from_blob() would, and
 * computes the fingerprint of the plain key and its size. Returns NULL, or
 * why the blob is bad.
 */
static const char *parse_blob(const struct ktype *kt, const unsigned char *blob, size_t len,
			      unsigned *bits, char fp[64])
{
	GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
	struct rd r = { blob, len };
	const unsigned char *s;
	size_t n;
	const char *why = NULL;
	guint8 dig[32];
	gsize dlen = sizeof(dig);
	gchar *b64;
	size_t bl;

	if (!rd_string(&r, &s, &n)) {
		why = "truncated key blob";
		goto out;
	}
	if (!str_is(s, n, kt->name)) {
		why = "key type mismatch";
		goto out;
	}
	hash_string(ck, kt->plain, strlen(kt->plain));
	if (kt->cert && !rd_skip(&r, 1)) {
		why = "truncated key blob";
		goto out;
	}
	why = take_key(kt, &r, ck, bits);
	if (why)
		goto out;
	if (kt->cert && !skip_cert_tail(&r)) {
		why = "truncated certificate";
		goto out;
	}
	if (r.len) {
		why = "trailing data in key blob";
		goto out;
	}
	g_checksum_get_digest(ck, dig, &dlen);
	b64 = g_base64_encode(dig, dlen);
	bl = strlen(b64);
	while (bl && b64[bl - 1] == '=')
		bl--;
	snprintf(fp, 64, "SHA256:%.*s", (int)bl, b64);
	g_free(b64);
out:
	g_checksum_free(ck);
	return why;
}

/* Strict base64 (glib's decoder skips bad characters): whole quads, '=' only at the end. */
static bool b64_valid(struct span s)
{
	size_t pad = 0;

	if (!s.len || s.len % 4)
		return false;
	for (size_t i = 0; i < s.len; i++) {
		char c = s.p[i];

		if (c == '=') {
			pad++;
		} else if (pad || !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
				    (c >= '0' && c <= '9') || c == '+' || c == '/')) {
			return false;
		}
	}
	return pad <= 2;
}

/*
 * sshkey_advance_past_options(): the options end at the first blank outside
 * double quotes; \" does not toggle. Returns their length, or -1 for an
 * unterminated quote.
 */
static long options_len(struct span s)
{
	bool quoted = false;
	size_t i;

	for (i = 0; i < s.len && (quoted || (s.p[i] != ' ' && s.p[i] != '\t')); i++) {
		if (s.p[i] == '\\' && i + 1 < s.len && s.p[i + 1] == '"')
			i++;
		else if (s.p[i] == '"')
			quoted = !quoted;
	}
	return quoted ? -1 : (long)i;
}

static bool starts_icase(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	return s.len >= n && span_eq_icase(SPAN(s.p, n), lit);
}

/* Any of restrict, command="...", from="..." among comma-separated options. */
static bool options_restricted(struct span o)
{
	bool quoted = false;
	size_t start = 0;

	for (size_t i = 0; i <= o.len; i++) {
		if (i == o.len || (!quoted && o.p[i] == ',')) {
			struct span opt = SPAN(o.p + start, i - start);

			if (span_eq_icase(opt, "restrict") || starts_icase(opt, "command=") ||
			    starts_icase(opt, "from="))
				return true;
			start = i + 1;
		} else if (o.p[i] == '\\' && i + 1 < o.len && o.p[i + 1] == '"') {
			i++;
		} else if (o.p[i] == '"') {
			quoted = !quoted;
		}
	}
	return false;
}

struct builder {
	struct authkeys k;
	size_t alloc;
};

/*
 * One non-blank line. Returns the reason it is bad (NULL when a key was
 * added), or sets *ret for a fatal error.
 */
static const char *parse_key(struct builder *b, struct span rest, size_t lineno, int *ret,
			     struct err *err)
{
	struct span word, opts = { NULL, 0 }, b64, comment, probe = rest;
	const struct ktype *kt;
	struct authkey *key;
	char fp[64];
	unsigned char *blob;
	unsigned bits = 0;
	const char *why;
	gsize blen;
	gint state = 0;
	guint save = 0;

	span_next_word(&probe, &word);
	kt = find_type(word);
	if (!kt) {
		long ol = options_len(rest);

		if (ol < 0)
			return "unterminated quote in options";
		opts = SPAN(rest.p, (size_t)ol);
		rest.p += ol;
		rest.len -= (size_t)ol;
		if (!span_next_word(&rest, &word))
			return "missing key type";
		kt = find_type(word);
		if (!kt)
			return "unknown key type";
	} else {
		rest = probe;
	}
	if (!span_next_word(&rest, &b64))
		return "missing key blob";
	if (!b64_valid(b64))
		return "invalid base64";
	comment = span_trim(rest);

	blob = xmalloc(b64.len / 4 * 3 + 3);
	blen = g_base64_decode_step(b64.p, b64.len, blob, &state, &save);
	why = parse_blob(kt, blob, blen, &bits, fp);
	if (why)
		goto out;
	if (b->k.n >= PARSE_MAX_ENTRIES) {
		*ret = err_set(err, -E2BIG, "more than %zu keys", PARSE_MAX_ENTRIES);
		goto out;
	}
	ALLOC_GROW(b->k.v, b->k.n + 1, b->alloc);
	key = &b->k.v[b->k.n++];
	memset(key, 0, sizeof(*key));
	key->type = kt->type;
	key->type_name = xstrndup(word.p, word.len);
	key->bits = bits;
	memcpy(key->fingerprint, fp, sizeof(key->fingerprint));
	key->options = opts.len ? xstrndup(opts.p, opts.len) : NULL;
	key->restricted = opts.len && options_restricted(opts);
	key->comment = comment.len ? xstrndup(comment.p, comment.len) : NULL;
	key->line = lineno;
out:
	free(blob);
	return why;
}

int authkeys_parse(const char *buf, size_t len, struct authkeys *out, struct err *err)
{
	struct builder b = { 0 };
	struct span rest = SPAN(buf, len), line;
	size_t lineno = 0;
	int ret = 0;

	if (!buf && len)
		return err_set(err, -EINVAL, "authorized_keys: no buffer");
	while (span_next_line(&rest, &line)) {
		const char *why = NULL;

		lineno++;
		if (line.len > PARSE_MAX_LINE) {
			why = "line too long";
		} else if (span_has_nul(line)) {
			why = "NUL byte";
		} else {
			line = span_trim(line);
			if (!line.len || line.p[0] == '#')
				continue;
			why = parse_key(&b, line, lineno, &ret, err);
			if (ret < 0)
				goto out;
		}
		if (why)
			parse_bad_add(&b.k.bad, lineno, why);
	}
	*out = b.k;
	memset(&b.k, 0, sizeof(b.k));
out:
	authkeys_free(&b.k);
	return ret;
}

void authkeys_free(struct authkeys *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->n; i++) {
		free(k->v[i].type_name);
		free(k->v[i].options);
		free(k->v[i].comment);
	}
	free(k->v);
	memset(k, 0, sizeof(*k));
}
