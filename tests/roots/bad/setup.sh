chmod 644 etc/shadow
chown root:42 etc/gshadow && chmod 640 etc/gshadow
chmod 440 etc/sudoers && chmod 666 etc/sudoers.d/99-temp
chown 1006:1006 etc/ssh/sshd_config.d/50-local.conf
for u in carol dave eve frank mallory deploy; do chown -R -h $(grep "^$u:" etc/passwd | cut -d: -f3) home/$u; done
