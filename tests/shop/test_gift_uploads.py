"""Hostile recipient files and logos: a clear error or a clean import, never a partial list or a 500."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shop.errors import GiftError
from shop.services.gift_recipients import MAX_ROWS, recipients_parse, template_csv
from shop.services.gift_uploads import upload_check

COUNTRIES = ["US", "CA", "GB"]
HEADER = "name,company,address_line_1,address_line_2,city,region,postal_code,country,email,message"


def parse(text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    return recipients_parse(data=data, countries=COUNTRIES, message_max=300)


def test_the_template_round_trips():
    result = parse(template_csv())
    assert result.ok
    assert result.recipients[0].postal_code == "62701"


def test_bom_crlf_and_semicolons_import_cleanly():
    text = "\ufeff" + HEADER.replace(",", ";") + "\r\nAnn Lee;Acme;1 Main St;;Austin;TX;73301;US;;Hi\r\n"
    result = parse(text.encode("utf-8"))
    assert result.ok
    assert result.recipients[0].name == "Ann Lee"
    assert result.recipients[0].city == "Austin"


def test_every_bad_row_is_reported_with_its_number():
    rows = [
        "Ann,,1 Main St,,Austin,TX,7330,US,,",  # bad US zip
        "Bob,,2 Main St,,Paris,,75001,FR,,",  # not shipped to
        ",,3 Main St,,Austin,TX,73301,US,,",  # no name
        "Cy,,4 Elm,,Toronto,ON,M5V 2T6,CA,," + "x" * 301,  # message too long
        "Di,,5 Oak,,London,,SW1A 1AA,GB,,",
        "Di,,5 Oak,,London,,SW1A1AA,GB,,",  # duplicate of the row above
    ]
    result = parse("\n".join([HEADER, *rows]))
    assert not result.ok
    text = "\n".join(result.errors)
    assert "Row 2: postal code '7330' is not valid for US" in text
    assert "Row 3: we do not ship to 'FR'" in text
    assert "Row 4: name is missing" in text
    assert "Row 5: message is too long" in text
    assert "Row 7: duplicates row 6" in text
    assert [r.row for r in result.recipients] == [6]


def test_a_formula_cell_is_kept_as_text():
    result = parse(HEADER + '\n"=HYPERLINK(""http://evil"",""x"")",,1 Main,,Austin,TX,73301,US,,\n')
    assert result.ok
    assert result.recipients[0].name.startswith("=HYPERLINK")


def test_ten_thousand_rows_import_and_one_more_is_refused():
    rows = [f"P{i},,{i} Main St,,Austin,TX,73301,US,," for i in range(MAX_ROWS)]
    assert len(parse("\n".join([HEADER, *rows])).recipients) == MAX_ROWS
    with pytest.raises(GiftError, match="more than 10,000"):
        parse("\n".join([HEADER, *rows, "Extra,,9 Main,,Austin,TX,73301,US,,"]))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        ("name,city\nJosé,Zürich\n".encode("latin-1"), "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "not a CSV"),
        (b"foo,bar\n1,2\n", "lacks name"),
        ((HEADER + "\n").encode(), "no recipients"),
    ],
)
def test_unusable_files_get_a_clear_error(data, message):
    with pytest.raises(GiftError, match=message):
        parse(data)


def test_a_row_with_500_columns_is_an_error_for_that_row():
    result = parse(HEADER + "\n" + ",".join(["x"] * 500) + "\nAnn,,1 Main,,Austin,TX,73301,US,,\n")
    assert result.errors == ["Row 2: has 500 columns; the header has 10."]


def image_bytes(fmt: str, size=(40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "navy").save(out, format=fmt)
    return out.getvalue()


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_png_jpeg_and_pdf_logos_are_accepted_by_their_content_not_their_name():
    assert upload_check(upload=upload(image_bytes("PNG"), "logo.jpg")).content_type == "image/png"
    assert upload_check(upload=upload(image_bytes("JPEG"), "logo.png")).content_type == "image/jpeg"
    pdf = io.BytesIO()
    Image.new("RGB", (50, 50), "white").save(pdf, format="PDF")
    assert upload_check(upload=upload(pdf.getvalue(), "logo.bin")).content_type == "application/pdf"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>', "SVG"),
        (b"GIF89a" + bytes(40), "not a readable|not accepted"),
        (image_bytes("PNG")[:60], "not a readable"),
        (b"%PDF-1.7\n garbage without pages", "PDF could not be read"),
        (b"", "empty"),
        (b"MZ\x90\x00" + bytes(100), "not a readable"),
    ],
)
def test_anything_that_does_not_decode_is_refused_with_a_clear_message(data, message):
    with pytest.raises(GiftError, match=message):
        upload_check(upload=upload(data, "logo.png"))


def test_gif_and_oversized_images_are_refused():
    with pytest.raises(GiftError, match="not accepted"):
        upload_check(upload=upload(image_bytes("GIF"), "logo.png"))
    with pytest.raises(GiftError, match="too large"):
        upload_check(upload=upload(image_bytes("PNG", size=(9000, 10)), "wide.png"))
    with pytest.raises(GiftError, match="too large"):
        upload_check(upload=upload(b"\x89PNG" + bytes(6 * 1024 * 1024), "huge.png"))
