/* One progress line on a terminal (cli/progress.h). */
#include "cli/progress.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "checks/check.h"
#include "collect/clock.h"
#include "util/i18n.h"
#include "util/num.h"
#include "util/textwidth.h"
#include "util/xalloc.h"

#define PROGRESS_QUIET_MS 1000	/* nothing is drawn before the work has run this long ... */
#define PROGRESS_QUIET_ENV "KYUKA_PROGRESS_AFTER_MS"	/* ... unless this says otherwise (tests: 0) */
#define PROGRESS_REDRAW_MS 100	/* at most ten redraws a second from progress_set */
#define PROGRESS_TEXT_MAX 512

struct cli_progress {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t ticker;
	bool have_ticker, stopping, drawn;
	long long start_ms, last_ms, quiet_ms;
	char text[PROGRESS_TEXT_MAX];
};

bool progress_tty(void)
{
	const char *term = getenv("TERM");

	return isatty(STDERR_FILENO) && !(term && !strcmp(term, "dumb"));
}

static size_t columns(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

/* Draws the line (lock held): the text cut to the terminal's width, then the seconds. */
static void draw(struct cli_progress *p, long long now)
{
	char tail[32];
	size_t room, len = 0, w = 0, cols = columns();

	if (now - p->start_ms < p->quiet_ms)
		return;
	snprintf(tail, sizeof(tail), _("  %llds"), (now - p->start_ms) / 1000);
	room = cols - 1 > strlen(tail) ? cols - 1 - strlen(tail) : 0;
	/* whole UTF-8 characters while they fit */
	while (p->text[len]) {
		size_t n = 1, cw;

		while (((unsigned char)p->text[len + n] & 0xC0) == 0x80)
			n++;
		cw = text_width_n(p->text + len, n);
		if (w + cw > room)
			break;
		w += cw;
		len += n;
	}
	fprintf(stderr, "\r\033[K%.*s%s", (int)len, p->text, tail);
	fflush(stderr);
	p->drawn = true;
	p->last_ms = now;
}

static void *tick(void *arg)
{
	struct cli_progress *p = arg;

	pthread_mutex_lock(&p->lock);
	while (!p->stopping) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&p->wake, &p->lock, &ts);
		if (!p->stopping)
			draw(p, clock_mono_ms());
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct cli_progress *progress_start(bool wanted)
{
	struct cli_progress *p;
	const char *env;
	uint64_t v;

	if (!wanted || !progress_tty())
		return NULL;
	p = xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	p->start_ms = clock_mono_ms();
	p->quiet_ms = PROGRESS_QUIET_MS;
	if ((env = getenv(PROGRESS_QUIET_ENV)) && parse_u64_str(env, 60000, &v) == 0)
		p->quiet_ms = (long long)v;
	p->have_ticker = pthread_create(&p->ticker, NULL, tick, p) == 0;
	return p;
}

void progress_set(struct cli_progress *p, const char *fmt, ...)
{
	long long now;
	va_list ap;

	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	va_start(ap, fmt);
	vsnprintf(p->text, sizeof(p->text), fmt, ap);
	va_end(ap);
	/* what the command hands in is its own text, but a name in it may hold a control character */
	for (char *s = p->text; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
	now = clock_mono_ms();
	if (now - p->last_ms >= PROGRESS_REDRAW_MS)
		draw(p, now);
	pthread_mutex_unlock(&p->lock);
}

void progress_check(void *arg, const struct check *c, size_t done, size_t total)
{
	progress_set(arg, _("%s: %s (%zu of %zu)"), c->id, _(c->title), done + 1, total);
}

void progress_stop(struct cli_progress *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
	if (p->have_ticker)
		pthread_join(p->ticker, NULL);
	if (p->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->wake);
	free(p);
}
