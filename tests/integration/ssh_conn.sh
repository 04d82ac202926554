#!/bin/bash
# SSH-0010 answers per connection the way sshd applies Match (issue 23): each finding names the
# line that decides and the connections it decides for. Each case was wrong before: a block
# that cannot apply to root failed, a root login allowed by "Match all" passed.
. "$(dirname "$0")/lib.sh"

# sshd_case NAME: a copy of the minimal root with stdin as its sshd_config
sshd_case() {
	local r
	r=$(root minimal)
	mkdir -p "$r/etc/ssh"
	cat > "$r/etc/ssh/sshd_config"
	chmod 644 "$r/etc/ssh/sshd_config"
	echo "$r"
}

r=$(sshd_case <<'CFG'
PermitRootLogin no
Match User !root
	PermitRootLogin yes
CFG
)
audit_json "$r" --only SSH-0010
expect PASS SSH-0010 PermitRootLogin "PermitRootLogin no"
expect_none FAIL SSH-0010

r=$(sshd_case <<'CFG'
PermitRootLogin no
Match User alice,bob Group sshusers
	PermitRootLogin yes
CFG
)
audit_json "$r" --only SSH-0010
expect_none FAIL SSH-0010

r=$(sshd_case <<'CFG'
PermitRootLogin no
Match all
	PermitRootLogin yes
CFG
)
audit_json "$r" --only SSH-0010
expect FAIL SSH-0010 PermitRootLogin "sshd_config:3): root may log in with a password"
expect_none PASS SSH-0010

r=$(sshd_case <<'CFG'
PermitRootLogin no
Match Address 10.0.0.0/8,!10.9.0.0/16
	PermitRootLogin yes
CFG
)
audit_json "$r" --only SSH-0010
expect FAIL SSH-0010 PermitRootLogin "root may log in with a password from 10.0.0.0/8"
expect PASS SSH-0010 PermitRootLogin "PermitRootLogin no (/etc/ssh/sshd_config:1) from 10.9.0.0/16, from other addresses"

r=$(sshd_case <<'CFG'
PermitRootLogin yes
DenyUsers root@192.168.0.0/16
CFG
)
audit_json "$r" --only SSH-0010
expect PASS SSH-0010 PermitRootLogin "root may not log in from 192.168.0.0/16: denyusers root@192.168.0.0/16"
expect FAIL SSH-0010 PermitRootLogin "root may log in with a password from other addresses"

r=$(sshd_case <<'CFG'
PermitRootLogin no
AuthenticationMethods publickey
Match User root
	PermitRootLogin yes
Match User alice
	AuthenticationMethods any
CFG
)
audit_json "$r" --only SSH-0010
expect FAIL SSH-0010 PermitRootLogin "sshd_config:4): root may log in with a password"
expect WARN SSH-0010 sshd_config "sshd refuses this configuration (\"any\" must appear alone in AuthenticationMethods)"

# MFA-0010: which users and sources may use a password without a second factor
r=$(sshd_case <<'CFG'
PasswordAuthentication no
KbdInteractiveAuthentication no
Match User alice Address 10.0.0.0/8
	PasswordAuthentication yes
Match User !alice
	PasswordAuthentication yes
CFG
)
audit_json "$r" --only MFA-0010
expect FAIL MFA-0010 sshd "(connections: user alice from 10.0.0.0/8)"
expect PASS MFA-0010 sshd "public keys only"
expect_none WARN MFA-0010

# no one may log in at all: still a finding, not silence
r=$(sshd_case <<'CFG'
DenyUsers *
CFG
)
audit_json "$r" --only MFA-0010
expect PASS MFA-0010 sshd "no one logs in over SSH"
finish
