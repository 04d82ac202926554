#include "collect/accounts.h"

#include <errno.h>
#include <string.h>

/* Reads path through the root and hands its bytes to parse. */
#define COLLECT_DB(fn, type, path, parser)                                                      \
	int fn(const struct root *r, type *out, struct err *err)                               \
	{                                                                                       \
		struct strbuf sb = STRBUF_INIT;                                                 \
		int ret = root_read_file(r, path, ROOT_MAX_SMALL_FILE, 0, &sb, NULL, err);      \
		if (ret == 0) {                                                                 \
			ret = parser(sb.buf, sb.len, out, err);                                 \
			if (ret < 0)                                                            \
				err_prefix(err, "cannot parse '%s'", path);                     \
		}                                                                               \
		strbuf_release(&sb);                                                            \
		return ret;                                                                     \
	}

COLLECT_DB(collect_passwd, struct passwd_db, "/etc/passwd", passwd_parse)
COLLECT_DB(collect_shadow, struct shadow_db, "/etc/shadow", shadow_parse)
COLLECT_DB(collect_group, struct group_db, "/etc/group", group_parse)
COLLECT_DB(collect_gshadow, struct gshadow_db, "/etc/gshadow", gshadow_parse)

int collect_logindefs(const struct root *r, struct logindefs *out, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = root_read_file(r, "/etc/login.defs", ROOT_MAX_SMALL_FILE, ROOT_MISSING_OK, &sb, NULL, err);

	if (ret == -ENOENT) {
		memset(out, 0, sizeof(*out));
		ret = 0;
	} else if (ret == 0) {
		ret = logindefs_parse(sb.buf, sb.len, out, err);
		if (ret < 0)
			err_prefix(err, "cannot parse '/etc/login.defs'");
	}
	strbuf_release(&sb);
	return ret;
}
