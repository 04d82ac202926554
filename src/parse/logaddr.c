/* logmsg_is_addr (parse/logmsg.h): one test of "an address" for every log parser that names a source. */
#include "parse/logmsg.h"

bool logmsg_is_addr(struct span s)
{
	size_t i, dots = 0, colons = 0, hex = 0;

	if (!s.len || s.len > LOGMSG_MAX_ADDR)
		return false;
	for (i = 0; i < s.len; i++) {
		char c = s.p[i];

		if (c == '.')
			dots++;
		else if (c == ':')
			colons++;
		else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
			hex++;
		else if (!(c >= '0' && c <= '9') && c != '%')
			return false;
	}
	if (colons >= 2)
		return true;
	return dots == 3 && colons == 0 && hex == 0;
}
