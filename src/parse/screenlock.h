/*
 * The screen lock settings of desktops whose files can be read as text
 * (STAFF-0020): xfconf's XML channel of xfce4-screensaver, xscreensaver's
 * resource file (~/.xscreensaver, its app-defaults), and an XDG autostart
 * entry that the user turned off. Bytes in, a verdict out, bounded (callers cap
 * the input at SCREENLOCK_MAX_BYTES); xfconf's XML is read with libxml2's reader
 * (parse/xmlread: no network, no entities, quiet).
 */
#ifndef KYUKA_PARSE_SCREENLOCK_H
#define KYUKA_PARSE_SCREENLOCK_H

#include <stdbool.h>
#include <stddef.h>

#define SCREENLOCK_MAX_BYTES ((size_t)1 << 20)	/* of one settings file read */
#define SCREENLOCK_MAX_NAME 64			/* of an xfconf property name looked up */
#define SCREENLOCK_XFCONF_NODES ((size_t)200000)	/* XML nodes read of one xfconf channel */
#define SCREENLOCK_XFCONF_DEPTH 16		/* nested xfconf properties followed */

/*
 * xfconf: the boolean property /group/enabled of a channel (<property
 * name="enabled" type="bool" value="..."/> directly inside the top-level
 * <property name="group">). 1 "true", 0 "false", -1 absent, not a bool, or
 * the XML is not well formed.
 */
int xfconf_group_enabled(const char *buf, size_t len, const char *group);

/*
 * xscreensaver resources ("lock: True", "*lock: False" in app-defaults, the
 * last one wins): 1 True, 0 False, -1 absent or another value. *mode_off:
 * "mode: off" (never blanks, never locks).
 */
int xscreensaver_lock(const char *buf, size_t len, bool *mode_off);

/* An XDG autostart entry turned off: Hidden=true or X-GNOME-Autostart-enabled=false in [Desktop Entry]. */
bool autostart_entry_off(const char *buf, size_t len);

#endif
