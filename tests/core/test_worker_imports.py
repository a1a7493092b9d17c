"""A web worker serving pages and carts stays small: the PDF, PDF-parsing and calendar libraries
(about 60 MB together) load only in a process that draws a PDF, checks an uploaded PDF or writes
an .ics file. Checked in a fresh interpreter, since this test process has loaded them all."""

import json
import subprocess
import sys

HEAVY = ("fpdf", "fontTools", "pypdf", "icalendar")

# What a worker has loaded once it has answered its first requests: the apps, every view module
# (through the URLconf), every template tag library and the wagtail hooks.
PROBE = f"""
import json, sys
import django
django.setup()
import config.urls
from django.template import engines
from wagtail import hooks
engines["django"].engine.template_libraries
hooks.get_hooks("before_serve_page")
print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))
"""


def test_a_web_worker_loads_no_pdf_or_calendar_library():
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "example.org",
        },
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )

    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_a_receipt_pdf_still_loads_the_library_when_drawn(tmp_path):
    probe = (
        "import sys; import django; django.setup(); from core.pdf import Document; "
        "assert 'fpdf' not in sys.modules; "
        "pdf = Document(title='t', texts=('Zoë',)).to_bytes(); "
        "print(pdf[:5].decode(), 'fpdf' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert out.stdout.split()[-2:] == ["%PDF-", "True"]
