/*
 * Screen-lock settings of desktops that keep them outside dconf: XFCE's xfconf
 * channels (xfce4-screensaver.xml: nested <property name= type= value=>, read
 * with libxml2's reader, no network, no entities) and xscreensaver's X resource
 * file (~/.xscreensaver, /etc/X11/app-defaults/XScreenSaver: "name: value"
 * lines). Bytes in, a value out; no I/O.
 */
#ifndef KYUKA_PARSE_DESKTOPLOCK_H
#define KYUKA_PARSE_DESKTOPLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XFCONF_MAX_NODES	((size_t)200000)	/* XML nodes read of one channel */
#define XFCONF_MAX_DEPTH	16	/* nested properties followed */
#define XRES_MAX_LINE	4096	/* longer lines are skipped */

/*
 * The boolean property at path ("/lock/enabled") of an xfconf channel file.
 * 0 with *value set; -ENOENT when the channel does not set it; -EINVAL when
 * the XML is not well formed or the property is not a bool ("true"/"false").
 */
int xfconf_bool(const uint8_t *p, size_t n, const char *path, bool *value);

/*
 * The boolean resource name ("lock") of an X resource file: a line
 * "name: value" or "*name: value" (also "xscreensaver.name:"), the last one
 * winning as in xrdb; True/False/yes/no/on/off/1/0, any case. 0 with *value
 * set, -ENOENT when absent, -EINVAL when its value is not a boolean.
 * line (may be NULL) gets the line number it was read from.
 */
int xres_bool(const char *p, size_t n, const char *name, bool *value, size_t *line);

#endif
