#include "collect/clock.h"

#include <stdbool.h>

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

long long clock_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
