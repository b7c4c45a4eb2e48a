import io
import random
import re
import struct
import zlib

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, ImageFile
from PIL.PngImagePlugin import PngInfo

from tests.conftest import make_pdf
from villages.uploads import (
    MAX_IMAGE_BYTES,
    MAX_PDF_BYTES,
    clean_image,
    clean_pdf,
    make_thumbnail,
    validate_image_upload,
    validate_pdf_upload,
)

ORIENTATION = 0x0112
GPS_INFO = 0x8825
RANDOM_NAME = r"[0-9a-f]{32}"

MINIMAL_PDF = make_pdf()


def encode(image, image_format, **options):
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def upload(data, name="foto.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def photo(size=(300, 200), mode="RGB", colour="green"):
    return Image.new(mode, size, colour)


def noisy_photo(size=(200, 200)):
    # Noise does not compress, so a cut in the middle of the file really loses pixels.
    rng = random.Random(0)
    return Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))


def reopen(content_file):
    content_file.seek(0)
    image = Image.open(io.BytesIO(content_file.read()))
    image.load()
    return image


def refusal(clean, uploaded):
    with pytest.raises(ValidationError) as caught:
        clean(uploaded)
    return caught.value


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def black_png(width, height):
    """A real, complete 1-bit PNG: a few kilobytes on disk, width x height pixels decoded."""
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then eight pixels per byte
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def phone_jpeg_with_location():
    """A 300x200 JPEG, red on the left and blue on the right, that the phone says must be
    turned 90 degrees clockwise, with GPS coordinates, XMP, a comment and a colour profile."""
    image = photo((300, 200), colour="red")
    image.paste((0, 0, 255), (150, 0, 300, 200))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(GPS_INFO)
    gps[1] = "S"
    gps[2] = (6.0, 53.0, 20.0)
    gps[3] = "E"
    gps[4] = (109.0, 40.0, 30.0)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encode(
        image,
        "JPEG",
        exif=exif,
        xmp=b"<x:xmpmeta>Rumah Bu Siti</x:xmpmeta>",
        comment=b"Rumah Bu Siti",
        icc_profile=srgb,
    )


def test_phone_photo_loses_gps_and_all_other_metadata():
    data = phone_jpeg_with_location()
    original = Image.open(io.BytesIO(data))
    assert original.getexif().get_ifd(GPS_INFO)  # the fixture really carries a location

    cleaned = clean_image(upload(data))

    result = reopen(cleaned)
    assert result.format == "JPEG"
    assert not result.getexif()
    assert result.getexif().get_ifd(GPS_INFO) == {}
    for key in ("exif", "xmp", "comment", "icc_profile"):
        assert key not in result.info
    cleaned.seek(0)
    raw = cleaned.read()
    assert b"Exif" not in raw
    assert b"Rumah Bu Siti" not in raw
    assert b"PhoneMaker" not in raw


def test_phone_photo_is_turned_upright_from_its_exif_orientation():
    cleaned = clean_image(upload(phone_jpeg_with_location()))

    result = reopen(cleaned).convert("RGB")
    assert result.size == (200, 300)
    # Turned clockwise, the red left half ends up on top.
    top_red, _, top_blue = result.getpixel((100, 20))
    bottom_red, _, bottom_blue = result.getpixel((100, 280))
    assert top_red > 200 and top_blue < 60
    assert bottom_blue > 200 and bottom_red < 60


def test_cleaned_jpeg_is_progressive():
    cleaned = clean_image(upload(encode(photo(), "JPEG")))

    assert reopen(cleaned).info.get("progressive")


@pytest.mark.parametrize(
    ("image_format", "extension", "content_type"),
    [("PNG", "png", "image/png"), ("WEBP", "webp", "image/webp")],
)
def test_png_and_webp_are_accepted_in_their_own_format(image_format, extension, content_type):
    data = encode(photo(mode="RGBA", colour=(0, 128, 0, 128)), image_format)

    cleaned = clean_image(upload(data, name=f"gambar.{extension}", content_type=content_type))

    assert re.fullmatch(rf"{RANDOM_NAME}\.{extension}", cleaned.name)
    result = reopen(cleaned)
    assert result.format == image_format
    assert result.mode == "RGBA"
    assert result.size == (300, 200)


def test_png_text_chunks_and_exif_are_removed():
    text = PngInfo()
    text.add_text("Author", "Budi Santoso")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    data = encode(photo(), "PNG", pnginfo=text, exif=exif)

    cleaned = clean_image(upload(data, name="a.png", content_type="image/png"))

    result = reopen(cleaned)
    assert "Author" not in result.info
    assert not result.getexif()
    cleaned.seek(0)
    assert b"Budi Santoso" not in cleaned.read()


def test_webp_exif_and_xmp_are_removed():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    data = encode(photo(), "WEBP", exif=exif, xmp=b"<x:xmpmeta>Budi</x:xmpmeta>")

    cleaned = clean_image(upload(data, name="a.webp", content_type="image/webp"))

    result = reopen(cleaned)
    assert "exif" not in result.info
    assert "xmp" not in result.info


@pytest.mark.parametrize(
    ("mode", "image_format", "expected_mode"),
    [
        ("L", "JPEG", "L"),
        ("CMYK", "JPEG", "RGB"),
        ("P", "PNG", "RGB"),
        ("LA", "PNG", "RGBA"),
        ("1", "PNG", "L"),
        ("I;16", "PNG", "L"),
    ],
)
def test_images_in_less_common_modes_are_converted_for_browsers(mode, image_format, expected_mode):
    cleaned = clean_image(upload(encode(Image.new(mode, (60, 40)), image_format)))

    result = reopen(cleaned)
    assert result.format == image_format
    assert result.mode == expected_mode


def test_sixteen_bit_greyscale_keeps_its_brightness_instead_of_turning_white():
    cleaned = clean_image(upload(encode(Image.new("I;16", (10, 10), 40000), "PNG")))

    assert reopen(cleaned).getpixel((0, 0)) == 40000 // 256


def test_transparent_palette_png_keeps_its_transparency():
    image = Image.new("P", (20, 20), 0)
    image.putpalette([255, 0, 0, 0, 0, 255])

    cleaned = clean_image(upload(encode(image, "PNG", transparency=0)))

    assert reopen(cleaned).getpixel((0, 0))[3] == 0


def test_phone_photo_saved_as_mpo_is_accepted_as_jpeg():
    first, second = photo(colour="red"), photo(colour="blue")
    data = encode(first, "MPO", save_all=True, append_images=[second])

    cleaned = clean_image(upload(data))

    assert cleaned.name.endswith(".jpg")
    assert reopen(cleaned).format == "JPEG"


def profile_with_red_and_blue_swapped():
    """An sRGB profile whose red and blue primaries trade places, so that converting from it
    visibly changes colours (a stand-in for a phone's wide-gamut profile)."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    (tag_count,) = struct.unpack_from(">I", profile, 128)
    positions = {}
    for index in range(tag_count):
        position = 132 + 12 * index
        positions[bytes(profile[position : position + 4])] = position
    red, blue = positions[b"rXYZ"] + 4, positions[b"bXYZ"] + 4
    profile[red : red + 8], profile[blue : blue + 8] = (
        profile[blue : blue + 8],
        profile[red : red + 8],
    )
    return bytes(profile)


@pytest.mark.parametrize("image_format", ["JPEG", "PNG"])
def test_colours_are_converted_to_srgb_before_the_profile_is_dropped(image_format):
    image = photo(colour=(255, 0, 0))
    data = encode(image, image_format, icc_profile=profile_with_red_and_blue_swapped())

    cleaned = clean_image(upload(data))

    result = reopen(cleaned)
    assert "icc_profile" not in result.info
    red, _, blue = result.getpixel((10, 10))
    assert blue > 200 and red < 60


@pytest.mark.parametrize("image_format", ["JPEG", "PNG"])
def test_broken_colour_profile_is_dropped_without_blocking_the_upload(image_format):
    data = encode(photo(), image_format, icc_profile=b"not a colour profile")

    cleaned = clean_image(upload(data))

    assert "icc_profile" not in reopen(cleaned).info


def test_large_photo_is_downsized_to_fit_the_display_size():
    cleaned = clean_image(upload(encode(photo((4000, 3000)), "JPEG")))

    assert reopen(cleaned).size == (1600, 1200)


def test_small_photo_is_not_enlarged():
    cleaned = clean_image(upload(encode(photo((320, 240)), "JPEG")))

    assert reopen(cleaned).size == (320, 240)


@pytest.mark.parametrize(
    "hostile_name",
    ["../../etc/passwd.jpg", '<img src=x onerror="alert(1)">.jpg', "C:\\Windows\\foto.jpg"],
)
def test_uploaders_file_name_is_never_used(hostile_name):
    cleaned = clean_image(upload(encode(photo(), "JPEG"), name=hostile_name))

    assert re.fullmatch(rf"{RANDOM_NAME}\.jpg", cleaned.name)


def test_every_cleaned_image_gets_a_different_name():
    data = encode(photo(), "JPEG")

    assert clean_image(upload(data)).name != clean_image(upload(data)).name


def test_file_extension_follows_the_content_not_the_uploaded_name():
    data = encode(photo(), "PNG")

    cleaned = clean_image(upload(data, name="foto.jpg"))

    assert cleaned.name.endswith(".png")


def test_thumbnail_fits_within_400_pixels_and_is_marked_as_thumbnail():
    cleaned = clean_image(upload(encode(photo((1200, 900)), "JPEG")))

    thumbnail = make_thumbnail(cleaned)

    assert re.fullmatch(rf"{RANDOM_NAME}_thumb\.jpg", thumbnail.name)
    assert reopen(thumbnail).size == (400, 300)


def test_thumbnail_of_a_tall_png_stays_png_and_fits():
    cleaned = clean_image(upload(encode(photo((500, 1500)), "PNG")))

    thumbnail = make_thumbnail(cleaned)

    assert thumbnail.name.endswith("_thumb.png")
    result = reopen(thumbnail)
    assert result.format == "PNG"
    assert result.size == (133, 400)


def test_svg_named_jpg_is_refused_as_not_an_image():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    error = refusal(clean_image, upload(svg))

    assert error.code == "not_an_image"
    assert "bukan gambar" in error.messages[0]


def test_html_named_jpg_is_refused_as_not_an_image():
    html = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"

    error = refusal(clean_image, upload(html))

    assert error.code == "not_an_image"
    assert "bukan gambar" in error.messages[0]


def test_random_bytes_are_refused_as_not_an_image():
    error = refusal(clean_image, upload(random.Random(1).randbytes(4096)))

    assert error.code == "not_an_image"
    assert "bukan gambar" in error.messages[0]


def test_empty_file_is_refused_as_not_an_image():
    error = refusal(clean_image, upload(b""))

    assert error.code == "not_an_image"


def test_truncated_jpeg_is_refused_as_corrupt():
    data = encode(noisy_photo(), "JPEG")

    error = refusal(clean_image, upload(data[: len(data) // 2]))

    assert error.code == "corrupt_image"
    assert "rusak" in error.messages[0]


def test_png_with_damaged_checksum_is_refused_as_corrupt():
    data = bytearray(encode(noisy_photo((50, 50)), "PNG"))
    data[-20] ^= 0xFF  # inside the pixel data, so the chunk checksum no longer matches

    error = refusal(clean_image, upload(bytes(data)))

    assert error.code == "corrupt_image"
    assert "rusak" in error.messages[0]


def test_black_png_helper_makes_a_real_image_that_is_accepted():
    cleaned = clean_image(upload(black_png(100, 50), name="a.png"))

    assert reopen(cleaned).size == (100, 50)


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (8000, 6000),  # above our 40 megapixels, below Pillow's own warning
        (10000, 10000),  # Pillow warns
        (20000, 20000),  # Pillow refuses
    ],
)
def test_decompression_bomb_is_refused_before_any_pixel_is_decoded(
    width, height, monkeypatch, recwarn
):
    bomb = black_png(width, height)
    assert len(bomb) < 100_000
    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: decoded.append(image))

    error = refusal(clean_image, upload(bomb, name="bom.png"))

    assert error.code == "too_many_pixels"
    assert "terlalu besar" in error.messages[0]
    assert decoded == []
    assert not [w for w in recwarn if issubclass(w.category, Image.DecompressionBombWarning)]


def test_file_larger_than_ten_megabytes_is_refused():
    error = refusal(clean_image, upload(b"\xff\xd8" + b"\x00" * MAX_IMAGE_BYTES))

    assert error.code == "file_too_large"
    assert "melebihi batas 10 MB" in error.messages[0]


class CountingBytesIO(io.BytesIO):
    def __init__(self, data):
        super().__init__(data)
        self.requested = []

    def read(self, size=-1):
        self.requested.append(size)
        return super().read(size)


def test_file_that_misreports_its_size_is_read_only_up_to_the_limit():
    stream = CountingBytesIO(b"\x00" * (MAX_IMAGE_BYTES * 2))
    uploaded = ContentFile(b"", name="foto.jpg")
    uploaded.file = stream
    uploaded.size = 100

    error = refusal(clean_image, uploaded)

    assert error.code == "file_too_large"
    assert "melebihi batas" in error.messages[0]
    assert stream.requested == [MAX_IMAGE_BYTES + 1]


@pytest.mark.parametrize("image_format", ["GIF", "BMP", "TIFF"])
def test_other_image_formats_are_refused_by_name(image_format):
    error = refusal(clean_image, upload(encode(photo(), image_format)))

    assert error.code == "unsupported_image_format"
    assert image_format in error.messages[0]
    assert "tidak didukung" in error.messages[0]


def test_iphone_heic_photo_is_refused_by_name():
    heic_start = struct.pack(">I", 24) + b"ftypheic" + b"\x00" * 4 + b"mif1heic" + b"\x00" * 64

    error = refusal(clean_image, upload(heic_start, name="IMG_0001.HEIC"))

    assert error.code == "unsupported_image_format"
    assert "HEIC" in error.messages[0]
    assert "tidak didukung" in error.messages[0]


def test_pdf_is_accepted_under_a_random_name():
    cleaned = clean_pdf(upload(MINIMAL_PDF, name="../laporan.pdf", content_type="application/pdf"))

    assert re.fullmatch(rf"{RANDOM_NAME}\.pdf", cleaned.name)
    cleaned.seek(0)
    assert cleaned.read() == MINIMAL_PDF


def test_html_named_pdf_is_refused():
    error = refusal(clean_pdf, upload(b"<html><body>bukan pdf</body></html>", name="a.pdf"))

    assert error.code == "not_a_pdf"
    assert "bukan PDF" in error.messages[0]


def test_pdf_cut_off_before_its_end_marker_is_refused():
    truncated = MINIMAL_PDF.replace(b"%%EOF\n", b"")

    error = refusal(clean_pdf, upload(truncated, name="a.pdf"))

    assert error.code == "incomplete_pdf"
    assert "tidak utuh" in error.messages[0]


def test_an_html_pdf_polyglot_is_refused():
    polyglot = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n"

    error = refusal(clean_pdf, upload(polyglot, name="rkm.pdf"))

    assert error.code == "pdf_with_script"
    assert "HTML atau skrip" in error.messages[0]


def test_a_real_pdf_carrying_html_is_refused():
    carrying = MINIMAL_PDF.replace(b"%%EOF", b"%<html><script>alert(1)</script>\n%%EOF")

    assert refusal(clean_pdf, upload(carrying, name="rkm.pdf")).code == "pdf_with_script"


def test_a_pdf_that_runs_javascript_when_opened_is_refused():
    scripted = make_pdf(javascript="app.alert('halo');")

    assert refusal(clean_pdf, upload(scripted, name="rkm.pdf")).code == "pdf_with_script"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n",
        make_pdf(pages=0),
    ],
    ids=["no-cross-reference", "random-bytes", "no-page"],
)
def test_what_a_pdf_parser_cannot_read_as_a_document_is_refused(data):
    assert refusal(clean_pdf, upload(data, name="rkm.pdf")).code == "not_a_pdf"


def test_pdf_larger_than_ten_megabytes_is_refused():
    oversize = b"%PDF-1.4\n" + b"\x00" * MAX_PDF_BYTES + b"%%EOF\n"

    error = refusal(clean_pdf, upload(oversize, name="a.pdf"))

    assert error.code == "file_too_large"
    assert "melebihi batas" in error.messages[0]


def test_image_validator_accepts_a_photo_and_leaves_it_ready_to_read_again():
    uploaded = upload(encode(photo(), "JPEG"))

    validate_image_upload(uploaded)

    assert uploaded.tell() == 0


def test_image_validator_refuses_what_clean_image_refuses():
    error = refusal(validate_image_upload, upload(b"<html></html>"))

    assert error.code == "not_an_image"


def test_pdf_validator_accepts_a_pdf_and_refuses_anything_else():
    validate_pdf_upload(upload(MINIMAL_PDF, name="a.pdf"))

    error = refusal(validate_pdf_upload, upload(b"%PDF-1.4 but cut off", name="a.pdf"))

    assert error.code == "incomplete_pdf"


class PhotoForm(forms.Form):
    photo = forms.FileField(validators=[validate_image_upload])

    def clean_photo(self):
        return clean_image(self.cleaned_data["photo"])


def test_form_using_the_validator_hands_back_the_cleaned_photo():
    form = PhotoForm(files={"photo": upload(phone_jpeg_with_location(), name="IMG_0042.jpg")})

    assert form.is_valid(), form.errors
    cleaned = form.cleaned_data["photo"]
    assert re.fullmatch(rf"{RANDOM_NAME}\.jpg", cleaned.name)
    assert not reopen(cleaned).getexif()


def test_form_using_the_validator_shows_the_indonesian_error_on_the_field():
    form = PhotoForm(files={"photo": upload(b"<svg></svg>", name="foto.jpg")})

    assert not form.is_valid()
    assert "bukan gambar" in form.errors["photo"][0]
