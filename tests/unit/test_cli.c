/* The command table: sorted, every option table sorted and apart from the global options. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "cli/cli.h"

static const char *const global_names[] = { "root", "now", "config", "db", "lang", "help" };

static void test_commands_sorted(void **state)
{
	size_t i;

	(void)state;
	for (i = 1; i < n_commands; i++)
		assert_true(strcmp(commands[i - 1].name, commands[i].name) < 0);
	for (i = 0; i < n_commands; i++) {
		assert_non_null(commands[i].def);
		assert_non_null(commands[i].def->fn);
		assert_non_null(commands[i].summary);
		if (!(commands[i].flags & RAW_ARGS))
			assert_non_null(commands[i].def->usage);
	}
	assert_ptr_equal(command_find("audit"), &commands[1]);
	assert_null(command_find("aud"));
}

static void test_options_sorted(void **state)
{
	size_t i, j, k;

	(void)state;
	for (i = 0; i < n_commands; i++) {
		const struct cli_option *o = commands[i].def->options;

		for (j = 0; o && o[j].name; j++) {
			assert_true(j < CLI_OPTIONS_MAX);
			if (j)
				assert_true(strcmp(o[j - 1].name, o[j].name) < 0);
			for (k = 0; k < sizeof(global_names) / sizeof(global_names[0]); k++)
				assert_string_not_equal(o[j].name, global_names[k]);
			if (o[j].kind == OPT_FN || o[j].kind == OPT_FLAG_FN)
				assert_non_null(o[j].fn);
			else
				assert_true(o[j].off + sizeof(void *) <= commands[i].def->args_size ||
					    o[j].off + sizeof(bool) <= commands[i].def->args_size);
		}
		if (o && o[0].name)
			assert_true(commands[i].def->args_size >= sizeof(struct cli_common));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commands_sorted),
		cmocka_unit_test(test_options_sorted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
