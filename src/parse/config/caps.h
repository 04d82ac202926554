/* The caps of kyuka.yaml: what the YAML layer (parse/yaml.c) and the schema (parse/schema.c) bound. */
#ifndef KYUKA_PARSE_CONFIG_CAPS_H
#define KYUKA_PARSE_CONFIG_CAPS_H

#include <stddef.h>

#define CONFIG_MAX_BYTES ((size_t)4 << 20)
#define CONFIG_MAX_LIST 4096
#define CONFIG_MAX_DEPTH 32

#endif
