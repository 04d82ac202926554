# Enabled units are links in .wants directories; journal files are dated by their names and mtimes.
set -e
mkdir -p etc/systemd/system/multi-user.target.wants etc/systemd/system/sysinit.target.wants etc/systemd/system/timers.target.wants
ln -s /lib/systemd/system/rsyslog.service etc/systemd/system/multi-user.target.wants/rsyslog.service
ln -s /lib/systemd/system/auditd.service etc/systemd/system/multi-user.target.wants/auditd.service
ln -s /lib/systemd/system/cron.service etc/systemd/system/multi-user.target.wants/cron.service
ln -s /lib/systemd/system/systemd-timesyncd.service etc/systemd/system/sysinit.target.wants/systemd-timesyncd.service
ln -s /etc/systemd/system/kyuka-watch.timer etc/systemd/system/timers.target.wants/kyuka-watch.timer
d=var/log/journal/0123456789abcdef0123456789abcdef
mkdir -p $d
# archived 2026-10-21 (60 days before the tests' clock): 0x00065e4e6da12000 us
truncate -s 6M "$d/system@00112233445566778899aabbccddeeff-0000000000000001-00065e4e6da12000.journal"
truncate -s 2M $d/system.journal
touch -d 2026-12-19T12:00:00Z $d/system.journal
