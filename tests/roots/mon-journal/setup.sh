set -e
mkdir -p etc/systemd/system/multi-user.target.wants
for u in syslog-ng systemd-journal-upload chrony auditd; do ln -s /lib/systemd/system/$u.service etc/systemd/system/multi-user.target.wants/$u.service; done
d=var/log/journal/0123456789abcdef0123456789abcdef
mkdir -p $d
# 4 MiB written since 2026-12-18 (2 days): 2 MiB/day against a 10 MiB cap = 5 days
truncate -s 3M "$d/system@00112233445566778899aabbccddeeff-0000000000000001-000662dd306ce000.journal"
truncate -s 1M $d/system.journal
touch -d 2026-12-20T00:00:00Z $d/system.journal
