#include "collect/clock.h"

#include <stdbool.h>
#include <time.h>

static bool clock_fixed;
static time_t clock_value;

void clock_set(time_t t)
{
	clock_fixed = true;
	clock_value = t;
}

time_t clock_now(void)
{
	return clock_fixed ? clock_value : time(NULL);
}

unsigned long long clock_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

long long clock_mono_ms(void)
{
	return (long long)(clock_mono_ns() / 1000000ull);
}
