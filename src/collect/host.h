/* Host facts for the report header: hostname, OS release, machine ID (through the root). */
#ifndef KYUKA_COLLECT_HOST_H
#define KYUKA_COLLECT_HOST_H

#include "collect/root.h"
#include "model/run.h"

/* Fills h (caller frees with host_facts_free); missing facts stay NULL. Never fails. */
void collect_host(const struct root *r, struct host_facts *h);
void host_facts_free(struct host_facts *h);

#endif
