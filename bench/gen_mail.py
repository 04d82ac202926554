#!/usr/bin/env python3
"""Mail for bench/mail.sh: gen_mail.py N OUTDIR OLEDIR -> OUTDIR/msgs/NNNNN.eml and OUTDIR/planted.txt.
A tenth of the messages carry an Emotet-style attachment (the kinds of tests/tools/mkmail.py, in turn);
the rest are ordinary Japanese and English business mail, some with links and harmless PDFs."""
import os, random, struct, subprocess, sys, tempfile

n, out, oledir = int(sys.argv[1]), sys.argv[2], sys.argv[3]
here = os.path.dirname(os.path.abspath(__file__))
tmp = tempfile.mkdtemp()
# the planted kinds: the suspicious cases of the test generator
subprocess.run([sys.executable, os.path.join(here, '..', 'tests', 'tools', 'mkmail.py'), tmp, oledir], check=True)
kinds = ['xlm_xls', 'xlm_ooxml', 'enc_xls_password', 'embedded_lnk', 'zip_encrypted_pw', 'zip_declared_2g',
         'zip_lnk_inside', 'iso', 'lnk_as_pdf', 'onenote_exe', 'exe_as_txt', 'script_js', 'double_ext', 'rlo',
         'link_mismatch', 'macro_ppt']
planted = {k: open(os.path.join(tmp, k + '.eml'), 'rb').read() for k in kinds}
from email.message import EmailMessage
random.seed(7)
os.makedirs(os.path.join(out, 'msgs'), exist_ok=True)
names = []
for i in range(n):
    path = os.path.join(out, 'msgs', '%05d.eml' % i)
    if i % 10 == 3:
        k = kinds[(i // 10) % len(kinds)]
        data = planted[k]
        names.append('%05d.eml %s' % (i, k))
    else:
        m = EmailMessage()
        m['From'] = 'Staff %d <staff%d@partner.example>' % (i, i % 50)
        m['To'] = 'all@kyuka-corp.example'
        m['Subject'] = random.choice(['会議のお知らせ', 'Weekly report', '年末年始の営業について', 'Re: 見積もり'])
        m['Date'] = 'Tue, 29 Dec 2026 %02d:%02d:00 +0900' % (i % 24, i % 60)
        m['Message-ID'] = '<bench%d@partner.example>' % i
        body = ('お世話になっております。\n' * random.randint(3, 30)) + 'https://www.partner.example/news/%d.html\n' % i
        m.set_content(body)
        if i % 3 == 0:
            m.add_alternative('<p>%s <a href="https://www.partner.example/">www.partner.example</a></p>' % body, subtype='html')
        if i % 7 == 0:
            m.add_attachment(b'%PDF-1.4\n' + os.urandom(20000), maintype='application', subtype='pdf', filename='資料.pdf')
        data = bytes(m)
    with open(path, 'wb') as f:
        f.write(data)
with open(os.path.join(out, 'planted.txt'), 'w') as f:
    f.write('\n'.join(names) + '\n')
