chmod 640 etc/shadow etc/gshadow
chmod 440 etc/sudoers etc/sudoers.d/*
