/* The HTML documents' shared appender, head and base style (htmldoc.h). */
#include "report/htmldoc.h"

#include <string.h>

void doc_head(struct doc *d, const char *lang, const char *title, const char *css, const char *extra)
{
	putf(d, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<meta name=\"generator\" content=\"kyuka " KYUKA_VERSION "\">\n<title>",
		 lang && !strcmp(lang, "ja") ? "ja" : "en");
	h(d, title);
	put(d, "</title>\n<style>\n");
	put(d, css);
	if (extra)
		put(d, extra);
	put(d, "</style>\n</head>\n<body>\n");
}

const char doc_base_css[] =
	":root { color-scheme: light; }\n"
	"body { font-family: \"Noto Sans CJK JP\", \"Noto Sans JP\", \"Hiragino Sans\", \"Yu Gothic\", sans-serif;"
	" color: #111; margin: 2em auto; max-width: 60em; line-height: 1.5; }\n"
	"h1 { font-size: 1.6em; margin: 0 0 .2em; border-bottom: 3px solid #b00; }\n"
	"h2 { font-size: 1.15em; margin: 1em 0 .3em; }\n"
	"table { border-collapse: collapse; width: 100%; }\n"
	"th, td { border: 1px solid #888; padding: .25em .4em; text-align: left; vertical-align: top; }\n"
	"th { background: #eee; }\n"
	".window { border: 3px solid #b00; padding: .5em 1em; font-size: 1.25em; }\n"
	".muted { color: #555; font-size: .85em; }\n"
	"a { color: inherit; }\n"
	"@page { size: A4; margin: 12mm; }\n"
	"@media print { body { margin: 0; max-width: none; font-size: 10pt; } a { text-decoration: none; }"
	" .window { break-inside: avoid; } tr { break-inside: avoid; } }\n";
