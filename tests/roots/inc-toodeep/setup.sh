# One level deeper than each program reads (issue 14): what lies there is not read, and no check may PASS on the rest.
# sshd_config is depth 0; the grant or setting at the end of a chain must be found.
chmod 640 etc/shadow etc/gshadow
chain() {	# chain DIR PREFIX SUFFIX DEPTH DIRECTIVE: DIR/PREFIX1SUFFIX .. DIR/PREFIX<DEPTH>SUFFIX, each including the next
	local i
	for i in $(seq 1 "$4"); do
		: > "$1/$2$i$3"
		[ "$i" -lt "$4" ] && printf "$5\n" "$2$((i + 1))$3" >> "$1/$2$i$3"
	done
	return 0
}
mkdir -p etc/ssh/deep etc/sudoers.deep
echo 'Include deep/d1.conf' > etc/ssh/sshd_config
chain etc/ssh/deep d .conf 17 'Include deep/%s'
echo 'PermitRootLogin yes' >> etc/ssh/deep/d17.conf

printf 'root\tALL=(ALL:ALL) ALL\n@include sudoers.deep/s1\n' > etc/sudoers
chain etc/sudoers.deep s '' 145 '@include %s'
printf 'carol\tALL=(ALL) NOPASSWD: ALL\n' >> etc/sudoers.deep/s145
chmod 440 etc/sudoers etc/sudoers.deep/*

printf '@include p1\n' > etc/pam.d/sudo
chain etc/pam.d p '' 16 '@include %s'
printf 'auth\trequired\tpam_u2f.so cue\n' >> etc/pam.d/p16
