/*
 * kyuka watch in the store (schema version 6): the new things already
 * alerted (by fingerprint, per root) and the time of the last heartbeat.
 */
#ifndef KYUKA_STORE_WATCH_H
#define KYUKA_STORE_WATCH_H

#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/* 1 when fingerprint was alerted for root, 0 when not, or a negative errno. */
int store_watch_alerted(struct store *s, const char *root, const char *fingerprint, struct err *err);
int store_watch_record(struct store *s, const char *root, const char *fingerprint, const char *kind, const char *key,
		       const char *severity, int64_t at, struct err *err);
/* 1 and its time in *at when fingerprint was recorded for root (also the watch's markers: "run", "vulns"), 0 when not. */
int store_watch_sent_at(struct store *s, const char *root, const char *fingerprint, int64_t *at, struct err *err);
/* Forgets fingerprint (the thing is gone: alert again when it comes back). 1 when it was recorded, 0 when not. */
int store_watch_forget(struct store *s, const char *root, const char *fingerprint, struct err *err);
/* *at = 0 when no heartbeat was sent for root. */
int store_watch_last_heartbeat(struct store *s, const char *root, int64_t *at, struct err *err);
int store_watch_set_heartbeat(struct store *s, const char *root, int64_t at, struct err *err);

#endif
