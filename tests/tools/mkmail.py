#!/usr/bin/env python3
"""Test mail for kyuka mail: mkmail.py OUTDIR OLEDIR.

Writes OUTDIR/<case>.eml, one message a case, and OUTDIR/expected.json:
{case: [verdict, reason id that must be there or null, reason id that must NOT be there or null]}.
Every reason has a case that triggers it and a clean look-alike that must not. Also writes
OUTDIR/mbox (three messages), OUTDIR/Maildir (cur/, new/, tmp/ and index files) and
OUTDIR/thread/ (an original and two replies: one from the thread, one hijacked)."""
import io, json, os, struct, sys, zipfile, zlib
from email.message import EmailMessage
from email.utils import make_msgid

out, oledir = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
exp = {}
DATE = 'Tue, 29 Dec 2026 10:00:00 +0900'


def msg(frm='Alice <alice@partner.example>', subject='資料送付', body='添付をご確認ください。', html=None,
        date=DATE, **hdr):
    m = EmailMessage()
    m['From'] = frm
    m['To'] = 'staff@kyuka-corp.example'
    m['Subject'] = subject
    m['Date'] = date
    m['Received'] = 'from mx.example by mail.kyuka-corp.example; ' + date
    m['Message-ID'] = make_msgid(domain='test.example')
    for k, v in hdr.items():
        m[k.replace('_', '-')] = v
    m.set_content(body)
    if html is not None:
        m.add_alternative(html, subtype='html')
    return m


def attach(m, data, name, ctype='application/octet-stream'):
    mt, st = ctype.split('/')
    m.add_attachment(data, maintype=mt, subtype=st, filename=name)
    return m


def case(name, m, verdict, must=None, mustnot=None):
    with open(os.path.join(out, name + '.eml'), 'wb') as f:
        f.write(bytes(m))
    exp[name] = [verdict, must, mustnot]


def ole(rel):
    with open(os.path.join(oledir, rel), 'rb') as f:
        return f.read()


def mkzip(entries, encrypt=()):
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:
        for n, d in entries:
            z.writestr(n, d)
    data = bytearray(b.getvalue())
    # mark entries encrypted (general purpose flag bit 0) in the local and central headers
    for sig, off in ((b'PK\x03\x04', 6), (b'PK\x01\x02', 8)):
        i = data.find(sig)
        while i >= 0:
            nlen = struct.unpack_from('<H', data, i + (26 if sig == b'PK\x03\x04' else 28))[0]
            start = i + (30 if sig == b'PK\x03\x04' else 46)
            if bytes(data[start:start + nlen]).decode() in encrypt:
                struct.pack_into('<H', data, i + off, struct.unpack_from('<H', data, i + off)[0] | 1)
            i = data.find(sig, i + 4)
    return bytes(data)


def declare(zipdata, size):
    """Rewrites the declared uncompressed size of every entry (local and central headers)."""
    d = bytearray(zipdata)
    for sig, off in ((b'PK\x03\x04', 22), (b'PK\x01\x02', 24)):
        i = d.find(sig)
        while i >= 0:
            struct.pack_into('<I', d, i + off, size)
            i = d.find(sig, i + 4)
    return bytes(d)


PE = b'MZ' + b'\x90' * 58 + struct.pack('<I', 0x80) + b'\0' * (0x80 - 64) + b'PE\0\0' + b'\0' * 200
LNK = bytes([0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46]) + b'\0' * 60
ONE_SECTION = bytes([0xE4, 0x52, 0x5C, 0x7B, 0x8C, 0xD8, 0xA7, 0x4D, 0xAE, 0xB1, 0x53, 0x78, 0xD0, 0x29, 0x96, 0xD3])
ONE_FILE = bytes([0xE7, 0x16, 0xE3, 0xBD, 0x65, 0x26, 0x11, 0x45, 0xA4, 0xC4, 0x8D, 0x4D, 0x0B, 0x7A, 0x9E, 0xAC])
PNG = b'\x89PNG\r\n\x1a\n' + b'\0' * 100


def onenote(payload):
    return ONE_SECTION + b'\0' * 64 + ONE_FILE + struct.pack('<Q', len(payload)) + b'\0' * 12 + payload + b'\0' * 32


def iso():
    return b'\0' * 0x8001 + b'CD001' + b'\0' * 2000


def ooxml(workbook, macrosheet=True):
    e = [('[Content_Types].xml', '<Types/>'), ('xl/workbook.xml', workbook), ('xl/worksheets/sheet1.xml', '<worksheet/>')]
    if macrosheet:
        e.append(('xl/macrosheets/sheet2.xml', '<xm:macrosheet/>'))
    return mkzip(e)


def ovba(data):
    """MS-OVBA compression, literal tokens only: signature, then one chunk a 4096 bytes."""
    out = bytearray(b'\x01')
    for c in range(0, max(len(data), 1), 4096):
        chunk = data[c:c + 4096]
        body = bytearray()
        for i in range(0, len(chunk), 8):
            body += b'\x00' + chunk[i:i + 8]
        out += struct.pack('<H', (len(body) + 2 - 3) | 0x3000 | 0x8000) + body
    return bytes(out)


def vba_project(source):
    """A minimal vbaProject.bin: an OLE2 file whose root holds VBA/dir and VBA/Module1 (streams padded
    past 4096 bytes so that no mini stream is needed)."""
    dirrec = (struct.pack('<HI', 0x19, 7) + b'Module1' + struct.pack('<HII', 0x31, 4, 0) +
              struct.pack('<HI', 0x10, 0))
    streams = [ovba(dirrec + b'\0' * 5000), ovba(source.encode() + b'\0' * 5000)]
    streams = [x + b'\0' * (-len(x) % 512) for x in streams]
    FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [FATSECT, END]
    starts = []
    for x in streams:
        n = len(x) // 512
        first = len(fat)
        starts.append(first)
        fat += [first + i + 1 for i in range(n - 1)] + [END]
    fat += [FREE] * (128 - len(fat))

    def entry(name, typ, left, right, child, start, size):
        nm = name.encode('utf-16-le') + b'\0\0' if name else b''
        return (nm.ljust(64, b'\0') + struct.pack('<HBB', len(nm), typ, 1) + struct.pack('<III', left, right, child) +
                b'\0' * 16 + b'\0' * 4 + b'\0' * 16 + struct.pack('<IQ', start, size))
    dirs = (entry('Root Entry', 5, NOSTREAM, NOSTREAM, 1, END, 0) + entry('VBA', 1, NOSTREAM, NOSTREAM, 2, 0, 0) +
            entry('dir', 2, NOSTREAM, 3, NOSTREAM, starts[0], len(streams[0])) +
            entry('Module1', 2, NOSTREAM, NOSTREAM, NOSTREAM, starts[1], len(streams[1])))
    hdr = (b'\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1' + b'\0' * 16 + struct.pack('<HHHHH', 0x3E, 3, 0xFFFE, 9, 6) +
           b'\0' * 6 + struct.pack('<IIIIIIII', 0, 1, 1, 0, 4096, END, 0, END) + struct.pack('<I', 0) +
           struct.pack('<I', 0) + struct.pack('<108I', *([FREE] * 108)))
    assert len(hdr) == 512
    return hdr + struct.pack('<128I', *fat) + dirs + b''.join(streams)


def docm(vba):
    return mkzip([('[Content_Types].xml', '<Types/>'), ('word/document.xml', '<w:document/>'),
                  ('word/vbaProject.bin', vba)])


# --- Office: macros, XLM, encryption (documents from oletools' test data)
case('macro_ppt', attach(msg(), ole('olevba/sample_with_vba.ppt'), 'slides.ppt'), 'caution', 'macro')
case('macro_autoexec', attach(msg(), docm(vba_project(
    'Attribute VB_Name = "Module1"\r\nSub AutoOpen()\r\n  Dim r\r\n  r = Shell("cmd /c start calc", 0)\r\nEnd Sub\r\n')),
    'order.docm'), 'suspicious', 'macro-autoexec')
case('macro_quiet', attach(msg(), docm(vba_project(
    'Attribute VB_Name = "Module1"\r\nSub FormatTable()\r\n  Selection.Font.Bold = True\r\nEnd Sub\r\n')),
    'table.docm'), 'caution', 'macro', 'macro-autoexec')
case('clean_doc', attach(msg(), ole('msodde/harmless-clean.doc'), 'memo.doc'), 'nothing found', None, 'macro')
case('clean_docm', attach(msg(), ole('msodde/harmless-clean.docm'), 'memo.docm'), 'nothing found', None, 'macro')
case('clean_docx', attach(msg(), ole('msodde/harmless-clean.docx'), 'memo.docx'), 'nothing found', None, 'macro')
case('xlm_xls', attach(msg(), ole('excel4-macros/excel4_sample_macro.xls'), 'invoice.xls'), 'suspicious', 'xlm')
case('xlm_ooxml', attach(msg(), ooxml('<workbook><sheets><sheet name="M" state="veryHidden"/></sheets>'
                                      '<definedNames><definedName name="_xlnm.Auto_Open">M!A1</definedName>'
                                      '</definedNames></workbook>'), 'invoice.xlsm'), 'suspicious', 'xlm')
case('xlm_ooxml_clean', attach(msg(), ooxml('<workbook><sheets><sheet name="S"/></sheets></workbook>', False),
                               'table.xlsx'), 'nothing found', None, 'xlm')
case('enc_doc', attach(msg(), ole('encrypted/encrypted.doc'), 'contract.doc'), 'caution', 'encrypted', 'password-in-body')
case('enc_docx', attach(msg(), ole('encrypted/encrypted.docx'), 'contract.docx'), 'caution', 'encrypted')
m = msg(body='ファイルを送付します。\nパスワード: 2026kyuka\n')
m.set_content('ファイルを送付します。\nパスワード: 2026kyuka\n', charset='iso-2022-jp', cte='7bit')
case('enc_xls_password', attach(m, ole('encrypted/encrypted.xls'), 'meisai.xls'), 'suspicious', 'password-in-body')
case('embedded_lnk', attach(msg(), ole('oleobj/sample_with_lnk_file.doc'), 'order.doc'), 'suspicious', 'shortcut')
case('embedded_ole', attach(msg(), ole('oleobj/embedded-simple-2007.docx'), 'plan.docx'), 'caution', 'embedded')


# --- DDE fields (what msodde reports), xlsb sheets, relationships
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(body, extra=()):
    return mkzip([('[Content_Types].xml', '<Types/>'),
                  ('word/document.xml', '<w:document %s><w:body><w:p>%s</w:p></w:body></w:document>' % (W, body))]
                 + list(extra))


def fld(instr, split=1):
    """A complex field: begin, the instruction in SPLIT instrText runs, separate, a result, end."""
    k = max(1, len(instr) // split)
    runs = ''.join('<w:r><w:instrText xml:space="preserve">%s</w:instrText></w:r>' % instr[i:i + k]
                   for i in range(0, len(instr), k))
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>' + runs +
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


case('dde_docx_auto', attach(msg(), docx(fld(' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe" ', 4)),
                             'invoice.docx'), 'suspicious', 'dde')
case('dde_docx_simple', attach(msg(), docx('<w:fldSimple w:instr=\' DDE "C:\\\\Programs\\\\Microsoft\\\\Office\\\\'
                                           'MSWord.exe\\\\..\\\\..\\\\..\\\\..\\\\windows\\\\system32\\\\'
                                           'WindowsPowerShell\\\\v1.0\\\\powershell.exe" "-c calc" \'/>'),
                               'order.docx'), 'suspicious', 'dde')
case('dde_docx_header', attach(msg(), docx('<w:r><w:t>x</w:t></w:r>', [('word/header1.xml', '<w:hdr %s><w:p>%s</w:p>'
                                                                        '</w:hdr>' % (W, fld('DDE Excel "Sheet1" "R1C1"')))]),
                               'memo.docx'), 'caution', 'dde')
case('dde_docx_clean', attach(msg(), docx(fld(' PAGE ') + fld(' HYPERLINK "https://www.example.co.jp/" ') +
                                          '<w:fldSimple w:instr=" DATE \\@ &quot;yyyy/MM/dd&quot; "/>'
                                          '<w:r><w:t>DDEAUTO is only text here</w:t></w:r>'),
                              'memo.docx'), 'nothing found', None, 'dde')
case('dde_xlsx_link', attach(msg(), mkzip([('[Content_Types].xml', '<Types/>'), ('xl/workbook.xml', '<workbook/>'),
                                           ('xl/externalLinks/externalLink1.xml',
                                            '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                            '<ddeLink ddeService="cmd" ddeTopic="/c calc"/></externalLink>')]),
                             'meisai.xlsx'), 'suspicious', 'dde')
case('dde_rtf', attach(msg(), b'{\\rtf1\\ansi{\\field{\\*\\fldinst {\\rtlch DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe '
                              b'"/k calc.exe"}}{\\fldrslt }}}', 'invoice.rtf', 'application/rtf'), 'suspicious', 'dde')
case('dde_rtf_clean', attach(msg(), b'{\\rtf1\\ansi{\\field{\\*\\fldinst { PAGE }}{\\fldrslt 1}} DDE}', 'memo.rtf',
                             'application/rtf'), 'nothing found', None, 'dde')
case('dde_csv', attach(msg(), b'name,total\nA,100\n=cmd|\' /C calc\'!A0,1\n', 'meisai.csv', 'text/csv'),
     'suspicious', 'dde')
case('dde_csv_clean', attach(msg(), b'name,total\nA,=SUM(B1:B3)\n-5,"=A1|B1"\n', 'meisai.csv', 'text/csv'),
     'nothing found', None, 'dde')
case('dde_doc_clean', attach(msg(), ole('msodde/harmless-clean.doc'), 'memo.doc'), 'nothing found', None, 'dde')
case('dde_docx_clean_real', attach(msg(), ole('msodde/harmless-clean.docx'), 'memo.docx'), 'nothing found', None, 'dde')


def xlsb_rec(t, data):
    h = bytes([t]) if t < 128 else bytes([0x80 | (t & 0x7F), t >> 7])
    n, sz = len(data), b''
    while True:
        sz += bytes([(n & 0x7F) | (0x80 if n > 0x7F else 0)])
        n >>= 7
        if not n:
            break
    return h + sz + data


def wide(s):
    return struct.pack('<I', len(s)) + s.encode('utf-16-le')


def xlsb(sheets, names=(), macro_rids=('rId2',)):
    """An .xlsb: workbook.bin with BrtBeginBook, BrtBundleSh (state, tab, rId, name) records, BrtName records;
    its relationships (macro sheets for macro_rids) and one macro sheet."""
    wb = xlsb_rec(131, b'')
    for i, (name, state, rid) in enumerate(sheets):
        wb += xlsb_rec(156, struct.pack('<II', state, i + 1) + wide(rid) + wide(name))
    for nm in names:
        wb += xlsb_rec(39, struct.pack('<IBI', 0x20, 0, 0xFFFFFFFF) + wide(nm) + b'\0' * 8)
    wb += xlsb_rec(132, b'')
    rels = ''.join('<Relationship Id="%s" Type="http://schemas.microsoft.com/office/2006/relationships/%s" '
                   'Target="%s"/>' % (rid, 'xlMacrosheet' if rid in macro_rids else
                                      'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet',
                                      'macrosheets/sheet1.bin' if rid in macro_rids else 'worksheets/sheet1.bin')
                   for _, _, rid in sheets)
    return mkzip([('[Content_Types].xml', '<Types/>'), ('xl/workbook.bin', wb),
                  ('xl/_rels/workbook.bin.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                                                 'relationships">%s</Relationships>' % rels),
                  ('xl/worksheets/sheet1.bin', b'\x81\x01\x00'), ('xl/macrosheets/sheet1.bin', b'\x81\x01\x00')])


case('xlm_xlsb_hidden', attach(msg(), xlsb([('Sheet1', 0, 'rId1'), ('Macro1', 2, 'rId2')]), 'invoice.xlsb'),
     'suspicious', 'xlm')
case('xlm_xlsb_autoopen', attach(msg(), xlsb([('Sheet1', 0, 'rId1'), ('Macro1', 0, 'rId2')], ['Auto_Open']),
                                 'invoice.xlsb'), 'suspicious', 'xlm')
case('xlm_xlsb_visible', attach(msg(), xlsb([('Sheet1', 1, 'rId1'), ('Macro1', 0, 'rId2')]), 'table.xlsb'),
     'caution', 'xlm')
# a hidden ordinary sheet beside a visible macro sheet: the relationships tell them apart
case('xlm_ooxml_hidden_other', attach(msg(), mkzip([
    ('[Content_Types].xml', '<Types/>'),
    ('xl/workbook.xml', '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                        '<sheets><sheet name="Data" sheetId="1" state="hidden" r:id="rId1"/>'
                        '<sheet name="Macro1" sheetId="2" r:id="rId2"/></sheets></workbook>'),
    ('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                                   'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                                   '<Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2006/relationships/'
                                   'xlMacrosheet" Target="macrosheets/sheet1.xml"/></Relationships>'),
    ('xl/worksheets/sheet1.xml', '<worksheet/>'), ('xl/macrosheets/sheet1.xml', '<xm:macrosheet/>')]),
    'table.xlsm'), 'caution', 'xlm')

# --- second opinion: every document of the oletools test data, with the verdict its README states
# (Debian 12 has no python3-oletools, so olevba/mraptor are not run; the README is the reference):
# macros -> macro, Excel 4.0 -> xlm, password-protected -> encrypted, the clean ones -> nothing.
README_EXPECT = {
    'basic/empty': ['nothing found', None, 'macro'],
    'basic/text': ['nothing found', None, 'macro'],
    'basic/encrypted.docx': ['caution', 'encrypted', 'macro'],
    'encrypted/encrypted.doc': ['caution', 'encrypted', 'macro'],
    'encrypted/encrypted.xls': ['caution', 'encrypted', 'xlm'],
    'encrypted/encrypted.docx': ['caution', 'encrypted', 'macro'],
    'msodde/harmless-clean.doc': ['nothing found', None, 'macro'],
    'msodde/harmless-clean.docm': ['nothing found', None, 'macro'],
    'msodde/harmless-clean.docx': ['nothing found', None, 'macro'],
    'excel4-macros/excel4_sample_macro.xls': ['suspicious', 'xlm', 'encrypted'],
    'olevba/sample_with_vba.ppt': ['caution', 'macro', 'encrypted'],
    'oleobj/sample_with_lnk_file.doc': ['suspicious', 'shortcut', 'macro'],
    'oleobj/embedded-simple-2007.docx': ['caution', 'embedded', 'macro'],
}
for d, _, files in sorted(os.walk(oledir)):
    for fn in sorted(files):
        rel = os.path.relpath(os.path.join(d, fn), oledir)
        if rel.endswith('.md'):
            continue
        name = 'oletools__' + rel.replace('/', '__').replace('.', '_')
        e = README_EXPECT.get(rel, ['(a file the README does not list: %s)' % rel, None, None])
        case(name, attach(msg(), ole(rel), fn), *e)

# --- archives
case('zip_encrypted_pw', attach(msg(body='解凍 PW: 8bx2Q\n'), mkzip([('請求書.doc', b'x' * 100)], ('請求書.doc',)),
                                'seikyu.zip'), 'suspicious', 'password-in-body')
case('zip_encrypted', attach(msg(), mkzip([('a.txt', b'x' * 100)], ('a.txt',)), 'a.zip'), 'caution',
     'encrypted-archive', 'password-in-body')
case('zip_clean_pw_word', attach(msg(body='パスワードの変更をお願いします。'), mkzip([('a.txt', b'hello')]), 'a.zip'),
     'nothing found', None, 'password-in-body')
case('zip_declared_2g', attach(msg(), declare(mkzip([('big.doc', b'\0' * 1000)]), 0x7FFFFFFF), 'big.zip'),
     'suspicious', 'inflated')
case('zip_bomb', attach(msg(), mkzip([('zeros.bin', b'\0' * (100 << 20))]), 'bomb.zip'), 'suspicious', 'inflated')
case('zip_normal', attach(msg(), mkzip([('readme.txt', b'hello ' * 1000)]), 'docs.zip'), 'nothing found', None,
     'inflated')
case('zip_nested', attach(msg(), mkzip([('inner.zip', mkzip([('x.txt', b'x')]))]), 'outer.zip'), 'caution',
     'nested-archive')
case('zip_lnk_inside', attach(msg(), mkzip([('請求書.pdf.lnk', LNK)]), 'seikyu.zip'), 'suspicious', 'shortcut')
case('iso', attach(msg(), iso(), 'invoice.iso'), 'suspicious', 'disk-image')
case('iso_named_png', attach(msg(), iso(), 'photo.png'), 'suspicious', 'disk-image')
case('png', attach(msg(), PNG, 'photo.png', 'image/png'), 'nothing found', None, 'disk-image')

# --- dangerous types by content and name
case('lnk_as_pdf', attach(msg(), LNK, 'invoice.pdf'), 'suspicious', 'shortcut')
case('onenote_exe', attach(msg(), onenote(PE), 'notes.one'), 'suspicious', 'onenote-embedded')
case('onenote_png', attach(msg(), onenote(PNG), 'notes.one'), 'caution', 'onenote', 'onenote-embedded')
case('exe_as_txt', attach(msg(), PE, 'readme.txt', 'text/plain'), 'suspicious', 'executable')
case('script_js', attach(msg(), b'var a = 1;\n', 'invoice.js', 'text/plain'), 'suspicious', 'script')
case('script_json', attach(msg(), b'{"a": 1}\n', 'data.json', 'application/json'), 'nothing found', None, 'script')
case('script_hta_content', attach(msg(), b'<html><script>new ActiveXObject("WScript.Shell")</script>', 'page.html',
                                  'text/html'), 'suspicious', 'script')
case('double_ext', attach(msg(), b'text', 'invoice.pdf.exe'), 'suspicious', 'double-extension')
case('double_ext_clean', attach(msg(), b'%PDF-1.4\n', 'report.2026.pdf', 'application/pdf'), 'nothing found', None,
     'double-extension')
case('rlo', attach(msg(), b'text', 'invoice\u202efdp.scr'), 'suspicious', 'bidi-name')

# --- MIME forms: inline uuencode, x-uuencode, RFC 2047 names, a missing closing boundary
import binascii
uu = ''.join(binascii.b2a_uu(LNK[i:i + 45]).decode() for i in range(0, len(LNK), 45))
raw = ('From: Alice <alice@partner.example>\nTo: staff@kyuka-corp.example\nSubject: uu\nDate: %s\n\n'
       'ご確認ください。\nbegin 644 invoice.pdf\n%s`\nend\n' % (DATE, uu))
with open(os.path.join(out, 'uuencode_inline.eml'), 'w') as f:
    f.write(raw)
exp['uuencode_inline'] = ['suspicious', 'shortcut', None]
with open(os.path.join(out, 'uuencode_clean.eml'), 'w') as f:
    f.write('From: Alice <alice@partner.example>\nSubject: plan\nDate: %s\n\nbegin 10:00 the meeting\nend\n' % DATE)
exp['uuencode_clean'] = ['nothing found', None, 'shortcut']
mp = ('From: Alice <alice@partner.example>\nSubject: x\nDate: %s\nMIME-Version: 1.0\n'
      'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nhi\n'
      '--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: x-uuencode\n'
      'Content-Disposition: attachment; filename="=?UTF-8?B?%s?="\n\nbegin 644 x\n%s`\nend\n'
      % (DATE, __import__('base64').b64encode('請求書.pdf'.encode()).decode(), uu))
with open(os.path.join(out, 'x_uuencode_2047.eml'), 'w') as f:
    f.write(mp + '--b--\n')
exp['x_uuencode_2047'] = ['suspicious', 'shortcut', None]
with open(os.path.join(out, 'broken_boundary.eml'), 'w') as f:
    f.write(mp)		# no closing boundary
exp['broken_boundary'] = ['suspicious', 'shortcut', None]

# --- links
case('link_mismatch', msg(html='<p><a href="http://login.evil.example/bank">https://www.mybank.co.jp/</a></p>'),
     'suspicious', 'link-mismatch')
case('link_match', msg(html='<p><a href="https://www.mybank.co.jp/login">mybank.co.jp</a></p>'), 'nothing found',
     None, 'link-mismatch')
case('link_filename_text', msg(html='<p><a href="https://drive.partner.example/d/1">report.pdf</a></p>'),
     'nothing found', None, 'link-mismatch')
case('link_ip', msg(body='確認: http://192.0.2.7/check'), 'caution', 'link-ip')
case('link_download', msg(body='請求書: https://files.example.net/dl/invoice.zip'), 'caution', 'link-download')
case('link_page', msg(body='お知らせ: https://files.example.net/news.html'), 'nothing found', None, 'link-download')
case('link_idn', msg(body='http://xn--80ak6aa92e.com/'), 'caution', 'link-idn')
case('link_ascii', msg(body='http://apple.com/'), 'nothing found', None, 'link-idn')

# --- spoofing (the plan in the test config names vendor-example.co.jp and partner.example)
case('lookalike', msg(frm='Vendor Support <support@vendor-examp1e.co.jp>'), 'suspicious', 'lookalike')
case('lookalike_clean', attach(msg(frm='Vendor Support <support@vendor-example.co.jp>'), b'%PDF-1.4', 'a.pdf',
                               'application/pdf'), 'nothing found', None, 'lookalike')
case('vendor_exe', attach(msg(frm='Vendor Support <support@vendor-example.co.jp>'), PE, 'update.exe'), 'suspicious',
     'executable')
case('display_name', msg(frm='"ceo@kyuka-corp.example" <boss@evil.example>'), 'suspicious', 'display-name')
case('display_name_clean', msg(frm='"Alice Tanaka" <alice@partner.example>'), 'nothing found', None, 'display-name')
case('reply_to', msg(Reply_To='pay@evil.example'), 'caution', 'reply-to')
case('reply_to_same', msg(Reply_To='desk@partner.example'), 'nothing found', None, 'reply-to')
case('return_path', msg(Return_Path='<bounce@evil.example>'), 'caution', 'return-path')
case('return_path_same', msg(Return_Path='<bounce@mail.partner.example>'), 'nothing found', None, 'return-path')

# --- bounds
parts = ''.join('--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename="p%d.dat"\n\nx\n'
                % i for i in range(10000))
with open(os.path.join(out, 'parts_10000.eml'), 'w') as f:
    f.write('From: a@partner.example\nSubject: many\nDate: %s\nMIME-Version: 1.0\n'
            'Content-Type: multipart/mixed; boundary="b"\n\n%s--b--\n' % (DATE, parts))
exp['parts_10000'] = ['caution', 'not-inspected', None]
with open(os.path.join(out, 'garbage.eml'), 'wb') as f:
    f.write(b'\x00\x01\x02 not a mail \xff\xfe' * 10)
exp['garbage'] = ['*', None, None]

# --- mbox, Maildir, thread
with open(os.path.join(out, 'mbox'), 'wb') as f:
    for i, (frm, d) in enumerate((('a@partner.example', 'Tue, 22 Dec 2026 10:00:00 +0900'),
                                  ('b@partner.example', 'Tue, 29 Dec 2026 10:00:00 +0900'),
                                  ('c@partner.example', 'Mon, 04 Jan 2027 10:00:00 +0900'))):
        m = msg(frm=frm, date=d, subject='mbox %d' % i)
        if i == 1:
            attach(m, LNK, 'x.lnk')
        f.write(b'From ' + frm.encode() + b' Tue Dec 22 01:00:00 2026\n' + bytes(m).replace(b'\nFrom ', b'\n>From ') + b'\n')
md = os.path.join(out, 'Maildir')
for sub in ('cur', 'new', 'tmp'):
    os.makedirs(os.path.join(md, sub), exist_ok=True)
with open(os.path.join(md, 'new', '1.host:2,'), 'wb') as f:
    f.write(bytes(attach(msg(subject='maildir new'), PE, 'a.exe')))
with open(os.path.join(md, 'cur', '2.host:2,S'), 'wb') as f:
    f.write(bytes(msg(subject='maildir cur')))
with open(os.path.join(md, 'tmp', '3.host'), 'wb') as f:
    f.write(bytes(attach(msg(subject='maildir tmp'), PE, 'a.exe')))
with open(os.path.join(md, 'dovecot.index.cache'), 'wb') as f:
    f.write(b'\x00\x01binary index')
th = os.path.join(out, 'thread')
os.makedirs(th, exist_ok=True)
orig = msg(frm='Alice <alice@partner.example>', subject='見積もりの件', date='Mon, 21 Dec 2026 10:00:00 +0900')
orig.replace_header('Message-ID', '<orig@partner.example>')
with open(os.path.join(th, 'orig.eml'), 'wb') as f:
    f.write(bytes(orig))
good = attach(msg(frm='Alice <alice@partner.example>', subject='Re: 見積もりの件', In_Reply_To='<orig@partner.example>',
                  References='<orig@partner.example>'), b'%PDF-1.4', 'mitsumori.pdf', 'application/pdf')
with open(os.path.join(th, 'good.eml'), 'wb') as f:
    f.write(bytes(good))
bad = attach(msg(frm='Alice <alice@mailer.evil.example>', subject='Re: 見積もりの件', In_Reply_To='<orig@partner.example>',
                 References='<orig@partner.example>'), b'%PDF-1.4', 'mitsumori.pdf', 'application/pdf')
with open(os.path.join(th, 'hijack.eml'), 'wb') as f:
    f.write(bytes(bad))

with open(os.path.join(out, 'expected.json'), 'w') as f:
    json.dump(exp, f, ensure_ascii=False, indent=1)
