/* gettext glue. User-facing text goes through _() (or N_() in tables, _() at use). */
#ifndef KYUKA_UTIL_I18N_H
#define KYUKA_UTIL_I18N_H

#include <libintl.h>

#include "util/err.h"

#define _(s) gettext(s)
#ifndef N_
#define N_(s) (s)
#endif

/*
 * Selects the language: "ja", "en", or NULL for the locale's choice
 * (Japanese under a ja_* locale, else English). Binds the catalogue next to
 * the running binary (build tree) or under KYUKA_LOCALEDIR, or
 * $KYUKA_LOCALEDIR when set. Returns 0 or -EINVAL for an unknown language.
 */
int i18n_init(const char *lang, struct err *err);
/* "ja" or "en": the language in effect. */
const char *i18n_lang(void);

#endif
