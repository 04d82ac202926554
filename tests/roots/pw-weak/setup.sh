# /etc/shadow with real hashes, made now through libxcrypt (tests/tools/mkhash.c) at cheap costs.
: "${MKHASH:?MKHASH must point at build/tests/mkhash}"
h() { "$MKHASH" "$@"; }
{
	echo "root:$(h yescrypt toor):20000:0:99999:7:::"
	echo "daemon:*:20000:0:99999:7:::"
	echo "alice:$(h yescrypt 'Alice2026!'):20000:0:99999:7:::"
	echo "bob:$(h gost-yescrypt 'Winter2026!'):20000:0:99999:7:::"
	echo "carol:$(h sha512crypt sakura):20000:0:99999:7:::"
	echo "dave:$(h sha256crypt 'P@ssw0rd' 5000):20000:0:99999:7:::"
	echo "erin:$(h bcrypt tanaka1):20000:0:99999:7:::"
	echo "frank:$(h md5crypt 'tV9#qLr2!mZx'):20000:0:99999:7:::"
	echo "gina:$(h descrypt 'Zq8!vR2k'):20000:0:99999:7:::"
	echo "hiro:$(h yescrypt 'correct horse battery staple 42'):20000:0:99999:7:::"
	echo "ivan:$(h sha512crypt ExampleCorp1):20000:0:99999:7:::"
	echo "judy:$(h md5crypt purple-monkey-dishwasher):20000:0:99999:7:::"
	echo "kim:!$(h yescrypt password):20000:0:99999:7:::"
} > etc/shadow
chown root:42 etc/shadow etc/gshadow && chmod 640 etc/shadow etc/gshadow
