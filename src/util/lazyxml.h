/*
 * libxml2, loaded when first needed (see lazylib.h): it brings ICU and
 * libstdc++, and linked it costs about 0.7 ms at every start of the
 * program, for the few runs that read XML: the XML of a Windows event
 * record whose written time is missing (parse/evtxxml.c), Xfce's screen
 * lock settings (parse/screenlock.c) and the parts of Office files in mail
 * (parse/officexml.c), these two through parse/xmlread.c. The members
 * have the library's own types, from its headers.
 */
#ifndef KYUKA_UTIL_LAZYXML_H
#define KYUKA_UTIL_LAZYXML_H

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "util/err.h"

struct kxml2 {
	__typeof__(&xmlInitParser) InitParser;
	__typeof__(&xmlReadMemory) ReadMemory;
	__typeof__(&xmlFreeDoc) FreeDoc;
	__typeof__(&xmlDocGetRootElement) DocGetRootElement;
	__typeof__(&xmlGetProp) GetProp;
	__typeof__(&xmlFree) Free;	/* the variable xmlFree: call (*Free)(p) */
	__typeof__(&xmlSetGenericErrorFunc) SetGenericErrorFunc;
	__typeof__(&xmlSetStructuredErrorFunc) SetStructuredErrorFunc;
	__typeof__(&xmlReaderForMemory) ReaderForMemory;
	__typeof__(&xmlTextReaderSetErrorHandler) TextReaderSetErrorHandler;
	__typeof__(&xmlTextReaderRead) TextReaderRead;
	__typeof__(&xmlTextReaderNext) TextReaderNext;
	__typeof__(&xmlTextReaderNodeType) TextReaderNodeType;
	__typeof__(&xmlTextReaderDepth) TextReaderDepth;
	__typeof__(&xmlTextReaderIsEmptyElement) TextReaderIsEmptyElement;
	__typeof__(&xmlTextReaderConstLocalName) TextReaderConstLocalName;
	__typeof__(&xmlTextReaderGetAttribute) TextReaderGetAttribute;
	__typeof__(&xmlTextReaderConstValue) TextReaderConstValue;
	__typeof__(&xmlTextReaderMoveToFirstAttribute) TextReaderMoveToFirstAttribute;
	__typeof__(&xmlTextReaderMoveToNextAttribute) TextReaderMoveToNextAttribute;
	__typeof__(&xmlTextReaderMoveToElement) TextReaderMoveToElement;
	__typeof__(&xmlFreeTextReader) FreeTextReader;
};

/* The table (loaded once, then kept); NULL with err set (err may be NULL) when the library is missing. */
const struct kxml2 *kxml2_load(struct err *err);

#endif
