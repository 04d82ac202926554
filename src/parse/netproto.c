/* kyuka netscan's UDP probes and their answers: NBNS, NetBIOS datagram, SNMP (BER), mDNS (parse/netproto.h). */
#include "parse/netproto.h"
#include "parse/netproto_priv.h"

#include <errno.h>
#include <string.h>

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

void np_nb_encode(const char *name, uint8_t suffix, uint8_t *out)
{
	uint8_t raw[16];
	size_t i, n = strlen(name);

	memset(raw, ' ', 15);
	if (!strcmp(name, "*")) {	/* the wildcard: '*' and fifteen NULs */
		memset(raw, 0, 15);
		n = 1;
	}
	memcpy(raw, name, n > 15 ? 15 : n);
	raw[15] = suffix;
	out[0] = 0x20;
	for (i = 0; i < 16; i++) {
		out[1 + 2 * i] = (uint8_t)('A' + (raw[i] >> 4));
		out[2 + 2 * i] = (uint8_t)('A' + (raw[i] & 0x0f));
	}
	out[33] = 0;
}

int np_nbns_status_request(uint16_t id, uint8_t *buf, size_t size)
{
	if (size < 50)
		return -ENOSPC;
	memset(buf, 0, 50);
	put16(buf, id);
	put16(buf + 4, 1);		/* one question */
	np_nb_encode("*", 0, buf + 12);
	put16(buf + 46, 0x0021);	/* NBSTAT */
	put16(buf + 48, 0x0001);	/* IN */
	return 50;
}

/* Skips a DNS-format name at *off (labels or a compression pointer); 0 or -1. */
static int skip_name(const uint8_t *b, size_t n, size_t *off)
{
	size_t o = *off, labels = 0;

	while (o < n) {
		uint8_t l = b[o];

		if (l == 0) {
			*off = o + 1;
			return 0;
		}
		if ((l & 0xc0) == 0xc0) {
			if (o + 2 > n)
				return -1;
			*off = o + 2;
			return 0;
		}
		if (l & 0xc0)
			return -1;
		if (++labels > 128)
			return -1;
		o += 1u + l;
	}
	return -1;
}

int np_nbns_status_parse(const uint8_t *b, size_t n, uint16_t id, struct np_nbstat *out, const char **why)
{
	size_t off = 12, rdlen, i, count;

	memset(out, 0, sizeof(*out));
	if (n < 12)
		return np_fail(why, "shorter than a name service header");
	if (be16(b) != id)
		return np_fail(why, "another transaction");
	if (!(b[2] & 0x80))
		return np_fail(why, "not a response");
	if ((b[3] & 0x0f) != 0)
		return np_fail(why, "an error response");
	if (be16(b + 6) < 1)
		return np_fail(why, "no answer record");
	for (i = be16(b + 4); i > 0; i--) {	/* questions echoed, if any */
		if (skip_name(b, n, &off) < 0 || off + 4 > n)
			return np_fail(why, "truncated question");
		off += 4;
	}
	if (skip_name(b, n, &off) < 0 || off + 10 > n)
		return np_fail(why, "truncated answer");
	if (be16(b + off) != 0x0021)
		return np_fail(why, "not a node status answer");
	rdlen = be16(b + off + 8);
	off += 10;
	if (rdlen > n - off || rdlen < 1)
		return np_fail(why, "truncated node status");
	count = b[off];
	out->n_total = count;
	if (1 + count * 18 > rdlen)
		return np_fail(why, "more names than the record holds");
	for (i = 0; i < count; i++) {
		const uint8_t *e = b + off + 1 + i * 18;
		size_t l = 15;

		if (out->n_names >= NP_MAX_NAMES)
			break;
		while (l > 0 && (e[l - 1] == ' ' || e[l - 1] == 0))
			l--;
		memcpy(out->names[out->n_names].name, e, l);
		for (size_t k = 0; k < l; k++)
			if (out->names[out->n_names].name[k] == 0)
				out->names[out->n_names].name[k] = '?';
		out->names[out->n_names].suffix = e[15];
		out->names[out->n_names].flags = be16(e + 16);
		out->n_names++;
	}
	if (1 + count * 18 + 6 <= rdlen) {
		out->has_mac = true;
		memcpy(out->mac, b + off + 1 + count * 18, 6);
	}
	return 0;
}

int np_nbdgm_query(uint16_t id, uint8_t *buf, size_t size)
{
	if (size < 44)
		return -ENOSPC;
	memset(buf, 0, 44);
	buf[0] = 0x14;			/* DATAGRAM QUERY REQUEST */
	buf[1] = 0x02;			/* first fragment, B node */
	put16(buf + 2, id);
	/* source address and port stay 0: the answer comes back on this socket */
	np_nb_encode("*", 0, buf + 10);
	return 44;
}

/* ---- BER ---- */

/* One TLV at *off within [0, end): its tag, the value's start and length. */
static int ber_tlv(const uint8_t *b, size_t end, size_t *off, uint8_t *tag, size_t *vstart, size_t *vlen)
{
	size_t o = *off, len;

	if (o + 2 > end)
		return -1;
	*tag = b[o++];
	if ((*tag & 0x1f) == 0x1f)
		return -1;	/* high tag numbers: SNMP has none */
	len = b[o++];
	if (len & 0x80) {
		size_t k = len & 0x7f;

		if (k == 0 || k > 4 || o + k > end)
			return -1;	/* indefinite or absurd lengths */
		len = 0;
		while (k--)
			len = len << 8 | b[o++];
	}
	if (len > end - o)
		return -1;
	*vstart = o;
	*vlen = len;
	*off = o + len;
	return 0;
}

static int ber_uint(const uint8_t *b, size_t s, size_t l, uint32_t *v)
{
	size_t i;

	if (l == 0 || l > 5 || (l == 5 && b[s] != 0))
		return -1;
	*v = 0;
	for (i = 0; i < l; i++)
		*v = *v << 8 | b[s + i];
	return 0;
}

static void copy_text(char *dst, size_t cap, const uint8_t *src, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n && k < cap; i++)
		dst[k++] = src[i] ? (char)src[i] : '?';
	dst[k] = '\0';
}

int np_snmp_get_sysdescr(int version, const char *community, uint32_t request_id, uint8_t *buf, size_t size)
{
	static const uint8_t vb[] = { 0x30, 0x0e, 0x30, 0x0c, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x02,
				      0x01, 0x01, 0x01, 0x00, 0x05, 0x00 };
	size_t cl = strlen(community), pdu, total, o = 0;

	if (cl > NP_MAX_COMMUNITY || (version != 0 && version != 1))
		return -EINVAL;
	pdu = 6 + 3 + 3 + sizeof(vb);		/* request-id (4 bytes), error-status, error-index, varbinds */
	total = 3 + 2 + cl + 2 + pdu;
	if (total + 2 > size || total > 127)
		return -ENOSPC;
	buf[o++] = 0x30;
	buf[o++] = (uint8_t)total;
	buf[o++] = 0x02; buf[o++] = 0x01; buf[o++] = (uint8_t)version;
	buf[o++] = 0x04; buf[o++] = (uint8_t)cl;
	memcpy(buf + o, community, cl);
	o += cl;
	buf[o++] = 0xa0; buf[o++] = (uint8_t)pdu;
	buf[o++] = 0x02; buf[o++] = 0x04;
	buf[o++] = (uint8_t)(request_id >> 24 & 0x7f);	/* positive */
	buf[o++] = (uint8_t)(request_id >> 16);
	buf[o++] = (uint8_t)(request_id >> 8);
	buf[o++] = (uint8_t)request_id;
	buf[o++] = 0x02; buf[o++] = 0x01; buf[o++] = 0x00;
	buf[o++] = 0x02; buf[o++] = 0x01; buf[o++] = 0x00;
	memcpy(buf + o, vb, sizeof(vb));
	o += sizeof(vb);
	return (int)o;
}

int np_snmp_parse(const uint8_t *b, size_t n, struct np_snmp *out, const char **why)
{
	size_t off = 0, vs, vl, end, o2, e2;
	uint8_t tag;
	uint32_t v;

	memset(out, 0, sizeof(*out));
	if (ber_tlv(b, n, &off, &tag, &vs, &vl) < 0 || tag != 0x30)
		return np_fail(why, "not a BER sequence");
	end = vs + vl;
	off = vs;
	if (ber_tlv(b, end, &off, &tag, &vs, &vl) < 0 || tag != 0x02 || ber_uint(b, vs, vl, &v) < 0 || v > 1)
		return np_fail(why, "no SNMP v1 or v2c version");
	out->version = (int)v;
	if (ber_tlv(b, end, &off, &tag, &vs, &vl) < 0 || tag != 0x04)
		return np_fail(why, "no community");
	copy_text(out->community, NP_MAX_COMMUNITY, b + vs, vl);
	if (ber_tlv(b, end, &off, &tag, &vs, &vl) < 0 || tag != 0xa2)
		return np_fail(why, "not a get-response");
	o2 = vs;
	e2 = vs + vl;
	if (ber_tlv(b, e2, &o2, &tag, &vs, &vl) < 0 || tag != 0x02 || ber_uint(b, vs, vl, &out->request_id) < 0)
		return np_fail(why, "no request id");
	if (ber_tlv(b, e2, &o2, &tag, &vs, &vl) < 0 || tag != 0x02 || ber_uint(b, vs, vl, &out->error_status) < 0)
		return np_fail(why, "no error status");
	if (ber_tlv(b, e2, &o2, &tag, &vs, &vl) < 0 || tag != 0x02)
		return np_fail(why, "no error index");
	if (ber_tlv(b, e2, &o2, &tag, &vs, &vl) < 0 || tag != 0x30)
		return np_fail(why, "no variable bindings");
	e2 = vs + vl;
	o2 = vs;
	if (o2 == e2)
		return 0;	/* an answer without bindings (an error) */
	if (ber_tlv(b, e2, &o2, &tag, &vs, &vl) < 0 || tag != 0x30)
		return np_fail(why, "a binding is not a sequence");
	e2 = vs + vl;
	o2 = vs;
	if (ber_tlv(b, e2, &o2, &tag, &vs, &vl) < 0 || tag != 0x06)
		return np_fail(why, "a binding without a name");
	if (ber_tlv(b, e2, &o2, &tag, &vs, &vl) < 0)
		return np_fail(why, "a binding without a value");
	if (tag == 0x04) {
		out->has_value = true;
		copy_text(out->value, NP_MAX_TEXT, b + vs, vl);
	}
	return 0;
}

/* ---- mDNS ---- */

int np_mdns_query(uint16_t id, uint8_t *buf, size_t size)
{
	static const char *const labels[] = { "_services", "_dns-sd", "_udp", "local" };
	size_t o = 12, i;

	if (size < 12 + 46 + 4)
		return -ENOSPC;
	memset(buf, 0, 12);
	put16(buf, id);
	put16(buf + 4, 1);
	for (i = 0; i < 4; i++) {
		size_t l = strlen(labels[i]);

		buf[o++] = (uint8_t)l;
		memcpy(buf + o, labels[i], l);
		o += l;
	}
	buf[o++] = 0;
	put16(buf + o, 12);		/* PTR */
	put16(buf + o + 2, 0x8001);	/* IN, unicast response wanted */
	return (int)(o + 4);
}

int np_dns_response_parse(const uint8_t *b, size_t n, uint16_t id, unsigned *answers, const char **why)
{
	*answers = 0;
	if (n < 12)
		return np_fail(why, "shorter than a DNS header");
	if (!(b[2] & 0x80))
		return np_fail(why, "not a response");
	if (be16(b) != id && be16(b) != 0)	/* mDNS responders may answer with id 0 */
		return np_fail(why, "another transaction");
	*answers = (unsigned)be16(b + 6) + be16(b + 8) + be16(b + 10);
	return 0;
}
