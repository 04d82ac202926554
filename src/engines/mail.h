/*
 * Mail triage (kyuka mail): one message in, a verdict with its reasons out.
 * Parses MIME with GMime, Office files with libgsf and the BIFF walker,
 * archives with libarchive (from memory, never extracted to disk), links
 * with parse/maillinks.h, domains with libpsl and libidn2. Nothing in a
 * message is ever written or executed. Every decoder is bounded: the caps
 * below name how much is read; what lies beyond is a reason of its own
 * ("not inspected whole"), never silently skipped.
 */
#ifndef KYUKA_ENGINES_MAIL_H
#define KYUKA_ENGINES_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/config/plan.h"
#include "util/err.h"

#define MAIL_MAX_PARTS		1000			/* leaf parts inspected in one message */
#define MAIL_MAX_DEPTH		8			/* nested multiparts, messages, archives, documents */
#define MAIL_MAX_PART_BYTES	((size_t)32 << 20)	/* decoded bytes of one part */
#define MAIL_MAX_MSG_BYTES	((size_t)128 << 20)	/* decoded bytes of one message, all parts */
#define MAIL_MAX_ENTRY_BYTES	((size_t)16 << 20)	/* bytes read of one archive entry or OLE stream */
#define MAIL_MAX_ENTRIES	10000			/* archive entries listed */
#define MAIL_MAX_TEXT_BYTES	((size_t)1 << 20)	/* body text searched for links and passwords */
#define MAIL_MAX_REASONS	64
#define MAIL_HUGE_ENTRY		((int64_t)200 << 20)	/* a declared size this large in a mail attachment */
#define MAIL_HUGE_RATIO		100			/* declared size over compressed size */

enum mail_level { ML_NONE = 0, ML_CAUTION = 1, ML_SUSPICIOUS = 2 };

struct mail_reason {
	enum mail_level level;
	const char *id;		/* stable: "macro-autoexec", "xlm", "encrypted", ... */
	const char *text;	/* N_(): what it means, for the reader */
	char *evidence;		/* where: part, entry, stream, record (data, not translated) */
};

struct mail_result {
	char *source;		/* set by the caller: file, and message number in an mbox */
	char *subject, *from, *from_addr, *from_domain;	/* from_domain: registrable domain */
	char *message_id;
	char **refs;		/* In-Reply-To and References */
	size_t n_refs;
	char **people;		/* From, To and Cc addresses, lower case */
	size_t n_people;
	int64_t received;	/* the newest Received: date, else Date:; 0 when neither */
	bool is_reply, has_attachment, unparsable;
	size_t parts;
	struct mail_reason *reasons;	/* grown as found, at most MAIL_MAX_REASONS */
	size_t n_reasons, cap_reasons;
	bool reasons_truncated;
	enum mail_level verdict;
	const char *contact_name, *contact_phone;	/* the plan contact of the sender's domain, or NULL */
};

struct mail_ctx;

/* Context of a run: the plan's domains from plan (NULL: none; its strings kept by pointer), the public suffix list. */
int mail_ctx_new(const struct config_plan *plan, struct mail_ctx **out, struct err *err);
void mail_ctx_free(struct mail_ctx *c);

/* Triage of one message in memory (a test or fuzz entry; the command uses mail_triage_fd). */
void mail_triage_bytes(struct mail_ctx *c, const char *p, size_t n, struct mail_result *out);

/*
 * Every message of an open file (one .eml, or an mbox when mbox is set):
 * calls cb with each result (the callback owns it: mail_result_free).
 * Returns the number of messages or a negative errno.
 */
typedef void (*mail_cb)(struct mail_result *r, void *arg);
long mail_triage_fd(struct mail_ctx *c, int fd, bool mbox, const char *source, mail_cb cb, void *arg,
		    struct err *err);

/* Whether the first bytes of a file are an mbox ("From " line). */
bool mail_looks_mbox(const char *p, size_t n);

/* Thread hijack: a reply with an attachment whose sender was in none of the thread's messages. */
void mail_threads(struct mail_result **v, size_t n);

/*
 * The verdict on VBA source (as mraptor): code that runs on opening (AutoOpen, Document_Open, ...) and
 * writes files or starts programs is suspicious, other macros caution. The keywords found are set
 * (NULL when none).
 */
enum mail_level mail_vba_classify(const char *src, size_t n, const char **autoexec, const char **action);

/* Sorts reasons most serious first and sets the verdict. */
void mail_result_finish(struct mail_result *r);
void mail_result_free(struct mail_result *r);

/*
 * The engine as kyuka loads it (a module: GMime, libgsf, libpsl and libidn2 stay out of every other
 * command's start). kyuka_mail_api() is the module's one entry point.
 */
struct mail_api {
	int (*ctx_new)(const struct config_plan *plan, struct mail_ctx **out, struct err *err);
	void (*ctx_free)(struct mail_ctx *c);
	long (*triage_fd)(struct mail_ctx *c, int fd, bool mbox, const char *source, mail_cb cb, void *arg,
			  struct err *err);
	bool (*looks_mbox)(const char *p, size_t n);
	void (*threads)(struct mail_result **v, size_t n);
	void (*result_free)(struct mail_result *r);
};
#define MAIL_API_SYMBOL "kyuka_mail_api"
const struct mail_api *kyuka_mail_api(void);

#endif
