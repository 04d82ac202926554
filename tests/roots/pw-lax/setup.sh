: "${MKHASH:?MKHASH must point at build/tests/mkhash}"
{
	echo "root:!*:20000:0:99999:7:::"
	echo "alice:$("$MKHASH" yescrypt 'Kq3 plum orbit 88 lantern'):20000:0:99999:7:::"
} > etc/shadow
chown root:42 etc/shadow etc/gshadow && chmod 640 etc/shadow etc/gshadow
