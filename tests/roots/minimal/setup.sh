chmod 640 etc/shadow etc/gshadow
