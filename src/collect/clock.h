/*
 * The one clock. Everything that asks "what time is it" asks here, so tests
 * can set the time (--now).
 */
#ifndef KYUKA_COLLECT_CLOCK_H
#define KYUKA_COLLECT_CLOCK_H

#include <time.h>

/* Fixes the clock at t (from --now). */
void clock_set(time_t t);
/* The fixed time if set, else the real time. */
time_t clock_now(void);
/* Monotonic nanoseconds for measuring durations (budgets, rates); never fixed by --now. */
unsigned long long clock_mono_ns(void);
/* Milliseconds of CLOCK_MONOTONIC, for measuring how long something took (never for dates). */
long long clock_mono_ms(void);

#endif
