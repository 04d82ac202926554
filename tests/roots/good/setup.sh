chown root:42 etc/shadow etc/gshadow && chmod 640 etc/shadow etc/gshadow
chmod 440 etc/sudoers etc/sudoers.d/*
chown -R 1000:1000 home/alice && chown -R 1001:1001 home/bob
chmod 700 home/*/.ssh root && chmod 600 home/*/.ssh/authorized_keys
