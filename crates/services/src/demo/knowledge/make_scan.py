#!/usr/bin/env python3
"""Writes it-runbooks/printer-jam-procedure.png: a one-page procedure as a scanner would give it
(no text layer, only pixels), for the IT Service Desk demo knowledge base. It builds a small PDF
with the standard Helvetica fonts by hand and renders page 1 to a grey PNG at 150 dpi with
poppler's pdftoppm. Run it from this directory; it needs only Python 3 and poppler-utils."""

import os
import subprocess
import tempfile

# (style, text): "title", "heading" or "body". Plain ASCII only: Helvetica here has no euro glyph.
LINES = [
    ("title", "Printer jams and toner - floor printers"),
    ("body", "IT Service Desk procedure. Applies to the shared printers on every floor."),
    ("heading", "Clearing a paper jam"),
    ("body", "1. Read the message on the printer screen: it shows where the paper is stuck."),
    ("body", "2. Open the front door and pull out the paper trays one at a time."),
    ("body", "3. Pull the jammed sheet out slowly with both hands. Do not tear it."),
    ("body", "4. Caution: the fuser at the back is hot. Wait 10 minutes before touching it."),
    ("body", "5. Close all doors and trays, then print one test page."),
    ("heading", "Replacing the toner"),
    ("body", "Spare toner is kept in the cupboard next to each floor printer."),
    ("body", "Shake the new cartridge gently, remove the orange tape and push it in until it clicks."),
    ("body", "Put the empty cartridge in the box for recycling. Never put it in the bin."),
    ("heading", "When to call the service desk"),
    ("body", "If the jam comes back 3 times in one day, or the printer shows an error code,"),
    ("body", "stop using it and raise a ticket in the service-desk/hardware queue."),
    ("body", "Stick a note on the printer: Out of order - ticket raised."),
    ("body", "Took the last spare toner? Order more in the portal: about EUR 90 per cartridge."),
]

STYLES = {"title": (b"F2", 18, 34), "heading": (b"F2", 14, 30), "body": (b"F1", 12, 19)}


def pdf(objects):
    """A PDF of `objects` (bytes each, numbered from 1), with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data, extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def escape(text):
    return text.encode("ascii").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def page_pdf():
    # 1 catalog, 2 pages, 3 page, 4 content, 5 Helvetica, 6 Helvetica-Bold.
    content = b"BT\n"
    y = 740
    for style, text in LINES:
        font, size, advance = STYLES[style]
        if style != "title":
            y -= advance
        content += b"/%s %d Tf 1 0 0 1 64 %d Tm (%s) Tj\n" % (font, size, y, escape(text))
        if style == "title":
            y -= 14
    content += b"ET\n"
    # A rule under the title, as on the printed original.
    content += b"0.6 w 64 730 m 548 730 l S"
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>",
    ])


here = os.path.dirname(os.path.abspath(__file__))
target = os.path.join(here, "it-runbooks", "printer-jam-procedure")
with tempfile.TemporaryDirectory() as scratch:
    source = os.path.join(scratch, "printer-jam-procedure.pdf")
    with open(source, "wb") as f:
        f.write(page_pdf())
    # pdftoppm adds ".png" to the name it is given.
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-singlefile", "-f", "1", "-l", "1",
                    source, target], check=True)
print("wrote %s.png (%d bytes)" % (target, os.path.getsize(target + ".png")))
