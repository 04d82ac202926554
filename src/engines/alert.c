#include "engines/alert.h"
#include "parse/contact.h"
#include "util/fileio.h"
#include "util/lazylib.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_SYSLOG_SOCKET "/dev/log"

static bool has_prefix(const char *s, const char *p)
{
	return s && strncmp(s, p, strlen(p)) == 0;
}

/* "scheme://host[:port]" of a URL, dropping user info, path, query and fragment. */
static char *url_origin(const char *url)
{
	const char *p = strstr(url, "://"), *host, *end, *at;

	if (!p)
		return xstrdup("?");
	host = p + 3;
	end = host + strcspn(host, "/?#");
	at = memchr(host, '@', (size_t)(end - host));
	if (at)
		host = at + 1;
	return xasprintf("%.*s://%.*s", (int)(p - url), url, (int)(end - host), host);
}

char *alert_target(const struct config_alert *a)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (!a->channel)
		return xstrdup("");
	if (!strcmp(a->channel, "syslog"))
		return xasprintf("syslog %s", a->socket ? a->socket : DEFAULT_SYSLOG_SOCKET);
	if (!a->url)
		return xasprintf("%s ?", a->channel);
	if (!strcmp(a->channel, "webhook")) {
		char *o = url_origin(a->url);
		const char *path = strstr(a->url, "://");
		bool more = path && path[3 + strcspn(path + 3, "/?#")] != '\0';
		char *t = xasprintf("%s%s", o, more ? "/..." : "");

		free(o);
		return t;
	}
	{
		char *o = url_origin(a->url);

		strbuf_adds(&sb, o);
		free(o);
	}
	for (i = 0; i < a->n_to; i++)
		strbuf_addf(&sb, "%s%s", i ? "," : " to ", a->to[i]);
	return strbuf_detach(&sb, NULL);
}

int alert_validate(const struct config_alert *a, struct err *err)
{
	const char *why;
	size_t i;

	if (!a->present || !a->channel)
		return err_set(err, -ENOENT, "no alert channel in the configuration (alert: in kyuka.yaml)");
	if (!strcmp(a->channel, "syslog"))
		return 0;
	if (!a->url)
		return err_set(err, -EINVAL, "alert.url is needed for the %s channel", a->channel);
	if (!strcmp(a->channel, "webhook")) {
		if (!has_prefix(a->url, "http://") && !has_prefix(a->url, "https://"))
			return err_set(err, -EINVAL, "alert.url must start with http:// or https:// for a webhook");
		return 0;
	}
	if (!has_prefix(a->url, "smtp://") && !has_prefix(a->url, "smtps://"))
		return err_set(err, -EINVAL, "alert.url must start with smtp:// or smtps:// for mail");
	if (!a->from || mail_check(a->from, strlen(a->from), &why) < 0)
		return err_set(err, -EINVAL, "alert.from must be a mail address%s%s", a->from ? ": " : "",
			       a->from ? why : "");
	if (!a->n_to)
		return err_set(err, -EINVAL, "alert.to must name at least one mail address");
	for (i = 0; i < a->n_to; i++)
		if (mail_check(a->to[i], strlen(a->to[i]), &why) < 0)
			return err_set(err, -EINVAL, "alert.to[%zu] is not a mail address: %s", i, why);
	if (a->password_file && !a->username)
		return err_set(err, -EINVAL, "alert.password_file needs alert.username");
	return 0;
}

/* The SMTP password: a file of ours, not readable by others, first line only. */
static int read_secret(const char *path, char **out, struct err *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int fd, r;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return err_set(err, -errno, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(err, -EINVAL, "'%s' is not a regular file", path);
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		close(fd);
		return err_set(err, -EPERM, "refusing '%s': readable or writable by group or others (mode %04o)",
			       path, (unsigned)(st.st_mode & 07777));
	}
	r = read_fd_max(fd, ALERT_MAX_SECRET, &sb);
	close(fd);
	if (r < 0) {
		strbuf_release(&sb);
		return err_set(err, r, "cannot read '%s': %s", path, strerror(-r));
	}
	sb.len = strcspn(sb.buf, "\r\n");
	sb.buf[sb.len] = '\0';
	*out = strbuf_detach(&sb, NULL);
	return 0;
}

static void wipe_free(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

struct upload {
	const char *data;
	size_t len, off;
};

static size_t read_cb(char *buf, size_t size, size_t nmemb, void *user)
{
	struct upload *u = user;
	size_t room = size * nmemb, n = u->len - u->off;

	if (n > room)
		n = room;
	memcpy(buf, u->data + u->off, n);
	u->off += n;
	return n;
}

struct answer {
	struct strbuf sb;
};

static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *user)
{
	struct answer *a = user;
	size_t n = size * nmemb, room = ALERT_MAX_ANSWER - a->sb.len;

	strbuf_add(&a->sb, ptr, n < room ? n : room);
	return n;
}

static void rfc5322_date(long long t, char *buf, size_t size)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mo[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	snprintf(buf, size, "%s, %02d %s %04d %02d:%02d:%02d +0000", wd[tm.tm_wday], tm.tm_mday, mo[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Headers in ASCII; the subject as an RFC 2047 encoded word, the body in base64. */
static char *mail_text(const struct config_alert *a, const struct alert_message *m)
{
	struct strbuf sb = STRBUF_INIT;
	char date[64];
	gchar *subj = g_base64_encode((const guchar *)m->subject, strlen(m->subject));
	gchar *body = g_base64_encode((const guchar *)m->body, strlen(m->body));
	size_t i, len = strlen(body);

	rfc5322_date(m->time, date, sizeof(date));
	strbuf_addf(&sb, "Date: %s\r\nFrom: <%s>\r\nTo: ", date, a->from);
	for (i = 0; i < a->n_to; i++)
		strbuf_addf(&sb, "%s<%s>", i ? ", " : "", a->to[i]);
	strbuf_addf(&sb, "\r\nSubject: =?UTF-8?B?%s?=\r\nMessage-ID: <kyuka.%lld.%d@%s>\r\n", subj, m->time,
		    (int)getpid(), strchr(a->from, '@') + 1);
	strbuf_adds(&sb, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
			 "Content-Transfer-Encoding: base64\r\nAuto-Submitted: auto-generated\r\n\r\n");
	for (i = 0; i < len; i += 76)
		strbuf_addf(&sb, "%.*s\r\n", (int)(len - i < 76 ? len - i : 76), body + i);
	g_free(subj);
	g_free(body);
	return strbuf_detach(&sb, NULL);
}

static int curl_failed(const struct kcurl *cu, CURLcode rc, const char *errbuf, struct err *err)
{
	int code = rc == CURLE_OPERATION_TIMEDOUT ? -ETIMEDOUT
		   : rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ? -ECONNREFUSED
		   : rc == CURLE_USE_SSL_FAILED ? -EPROTO
		   : -EIO;

	return err_set(err, code, "%s", errbuf[0] ? errbuf : cu->easy_strerror(rc));
}

static int send_smtp(const struct kcurl *cu, const struct config_alert *a, const struct alert_message *m,
		     char **detail, struct err *err)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *rcpt = NULL;
	char *text = NULL, *password = NULL, *from = NULL;
	struct upload up;
	CURL *c = NULL;
	CURLcode rc;
	long code = 0;
	size_t i;
	int r = 0;

	if (a->password_file && (r = read_secret(a->password_file, &password, err)) < 0)
		return r;
	c = cu->easy_init();
	if (!c) {
		r = err_set(err, -ENOMEM, "cannot start libcurl");
		goto out;
	}
	text = mail_text(a, m);
	up = (struct upload){ .data = text, .len = strlen(text) };
	from = xasprintf("<%s>", a->from);
	for (i = 0; i < a->n_to; i++) {
		char *t = xasprintf("<%s>", a->to[i]);

		rcpt = cu->slist_append(rcpt, t);
		free(t);
	}
	cu->easy_setopt(c, CURLOPT_URL, a->url);
	cu->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(c, CURLOPT_TIMEOUT, (long)a->timeout);
	cu->easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	cu->easy_setopt(c, CURLOPT_MAIL_FROM, from);
	cu->easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	cu->easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	cu->easy_setopt(c, CURLOPT_READDATA, &up);
	cu->easy_setopt(c, CURLOPT_UPLOAD, 1L);
	if (!a->starttls || !strcmp(a->starttls, "try"))
		cu->easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	else if (!strcmp(a->starttls, "required"))
		cu->easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	else
		cu->easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_NONE);
	if (a->ca_file)
		cu->easy_setopt(c, CURLOPT_CAINFO, a->ca_file);
	if (a->username) {
		cu->easy_setopt(c, CURLOPT_USERNAME, a->username);
		if (password)
			cu->easy_setopt(c, CURLOPT_PASSWORD, password);
	}
	rc = cu->easy_perform(c);
	if (rc != CURLE_OK) {
		r = curl_failed(cu, rc, errbuf, err);
		goto out;
	}
	cu->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	*detail = xasprintf("accepted for %zu recipient(s), last answer %ld", a->n_to, code);
out:
	cu->slist_free_all(rcpt);
	if (c)
		cu->easy_cleanup(c);
	free(text);
	free(from);
	wipe_free(password);
	return r;
}

static int send_webhook(const struct kcurl *cu, const struct config_alert *a, const struct alert_message *m,
			char **detail, struct err *err)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *hdr = NULL;
	struct answer ans = { .sb = STRBUF_INIT };
	json_object *o = json_object_new_object();
	char when[32];
	const char *body;
	CURL *c = NULL;
	CURLcode rc;
	long code = 0;
	int r = 0;
	time_t t = (time_t)m->time;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	json_object_object_add(o, "text", json_object_new_string(m->subject));
	json_object_object_add(o, "source", json_object_new_string("kyuka"));
	json_object_object_add(o, "host", json_object_new_string(m->host ? m->host : ""));
	json_object_object_add(o, "time", json_object_new_string(when));
	json_object_object_add(o, "test", json_object_new_boolean(m->test));
	json_object_object_add(o, "body", json_object_new_string(m->body));
	body = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	c = cu->easy_init();
	if (!c) {
		r = err_set(err, -ENOMEM, "cannot start libcurl");
		goto out;
	}
	hdr = cu->slist_append(hdr, "Content-Type: application/json; charset=utf-8");
	cu->easy_setopt(c, CURLOPT_URL, a->url);
	cu->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	cu->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(c, CURLOPT_TIMEOUT, (long)a->timeout);
	cu->easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	cu->easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	cu->easy_setopt(c, CURLOPT_POSTFIELDS, body);
	cu->easy_setopt(c, CURLOPT_USERAGENT, "kyuka/" KYUKA_VERSION);
	if (a->ca_file)
		cu->easy_setopt(c, CURLOPT_CAINFO, a->ca_file);
	cu->easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
	cu->easy_setopt(c, CURLOPT_WRITEDATA, &ans);
	rc = cu->easy_perform(c);
	if (rc != CURLE_OK) {
		r = curl_failed(cu, rc, errbuf, err);
		goto out;
	}
	cu->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (code < 200 || code > 299) {
		r = err_set(err, -EPROTO, "the webhook answered HTTP %ld", code);
		goto out;
	}
	*detail = xasprintf("HTTP %ld", code);
out:
	cu->slist_free_all(hdr);
	if (c)
		cu->easy_cleanup(c);
	json_object_put(o);
	strbuf_release(&ans.sb);
	return r;
}

/* RFC 3164 to the local syslog socket: facility user, severity alert. */
static int send_syslog(const struct config_alert *a, const struct alert_message *m, char **detail,
		       struct err *err)
{
	const char *path = a->socket ? a->socket : DEFAULT_SYSLOG_SOCKET;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	static const char *const mo[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct strbuf sb = STRBUF_INIT;
	time_t t = (time_t)m->time;
	struct tm tm;
	int fd, r = 0, type;

	if (strlen(path) >= sizeof(sa.sun_path))
		return err_set(err, -ENAMETOOLONG, "syslog socket path '%s' is too long", path);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	gmtime_r(&t, &tm);
	strbuf_addf(&sb, "<%d>%s %2d %02d:%02d:%02d %s kyuka[%d]: %s", 8 + 1, mo[tm.tm_mon], tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, m->host ? m->host : "-", (int)getpid(), m->subject);
	for (type = SOCK_DGRAM;; type = SOCK_STREAM) {
		fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			r = err_set(err, -errno, "cannot create a socket: %s", strerror(errno));
			break;
		}
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
			/* a stream socket takes one message per line */
			ssize_t n = send(fd, sb.buf, sb.len + (type == SOCK_STREAM), MSG_NOSIGNAL);

			if (n < 0)
				r = err_set(err, -errno, "cannot send to '%s': %s", path, strerror(errno));
			close(fd);
			break;
		}
		r = -errno;
		close(fd);
		if (r != -EPROTOTYPE || type == SOCK_STREAM) {
			r = err_set(err, r, "cannot connect to the syslog socket '%s': %s", path, strerror(-r));
			break;
		}
		r = 0;
	}
	if (r == 0)
		*detail = xasprintf("sent to %s (delivery beyond the socket is up to the syslog daemon)", path);
	strbuf_release(&sb);
	return r;
}

int alert_send(const struct config_alert *a, const struct alert_message *m, char **detail, struct err *err)
{
	const struct kcurl *cu;
	int r = alert_validate(a, err);

	if (r < 0)
		return r;
	if (!strcmp(a->channel, "syslog"))
		return send_syslog(a, m, detail, err);
	if (!(cu = kcurl_load(err)))
		return err->code;
	if (cu->global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return err_set(err, -EIO, "cannot initialise libcurl");
	r = !strcmp(a->channel, "webhook") ? send_webhook(cu, a, m, detail, err) : send_smtp(cu, a, m, detail, err);
	cu->global_cleanup();
	return r;
}
