/*
 * The program meson links every layer into, whole, with only the layers below
 * it that it may call (meson.build: layer_checks): an undefined reference is a
 * call along an arrow the layers forbid. It is never run.
 */
int main(void);

int main(void)
{
	return 0;
}
