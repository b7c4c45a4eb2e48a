"""Checks and cleans files that volunteers upload: photos from phones and PDF documents.

Nothing here touches disk or storage. Each function takes an uploaded file and returns a new
in-memory ``ContentFile`` with a random name, which the caller saves. Refusals are
``ValidationError``s with an Indonesian message and one of these codes:

- ``file_too_large``: more bytes than ``MAX_IMAGE_BYTES`` / ``MAX_PDF_BYTES``
- ``not_an_image``: not a picture at all (SVG, HTML, random bytes)
- ``unsupported_image_format``: a picture, but not JPEG, PNG or WebP (GIF, BMP, HEIC, ...)
- ``too_many_pixels``: more than ``MAX_IMAGE_PIXELS``, a likely decompression bomb
- ``corrupt_image``: truncated or damaged image data
- ``not_a_pdf``: does not start like a PDF, or a PDF parser (pypdf) cannot open it or
  finds no page in it
- ``incomplete_pdf``: no end-of-file marker, usually a cut-off upload
- ``pdf_with_script``: HTML or script inside (an HTML/PDF polyglot, PDF JavaScript)
- ``encrypted_pdf``: locked with a password

A form attaches the validator so the field shows the error, then swaps the upload for the
cleaned file in ``clean_<field>`` (the validator runs first, so clean_image only sees files
that passed)::

    class PhotoForm(forms.ModelForm):
        photo = forms.FileField(
            label=_("foto"),
            validators=[validate_image_upload],
            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        )

        def clean_photo(self):
            return clean_image(self.cleaned_data["photo"])

Use ``forms.FileField`` rather than ``forms.ImageField``: the latter opens the file with every
Pillow plugin and reports its own, different error.
"""

import io
import re
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MEGABYTE = 1024 * 1024

MAX_IMAGE_BYTES = 10 * MEGABYTE
MAX_IMAGE_PIXELS = 40_000_000
MAX_PDF_BYTES = 10 * MEGABYTE
DISPLAY_MAX_SIDE = 1600
THUMBNAIL_SIZE = (400, 400)

# The PDF end-of-file marker must sit this close to the end; if it is missing the upload was
# most likely cut off.
PDF_TAIL_BYTES = 1024
# What a browser would run if the file were ever served as HTML, and the names under which
# a PDF carries JavaScript. An uploaded RKM or entry document needs none of them.
HTML_IN_PDF = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|object|embed|svg|meta)\b|javascript:",
    re.IGNORECASE,
)
SCRIPT_ACTIONS = ("/JavaScript", "/Launch", "/SubmitForm", "/ImportData")
MAX_PDF_PAGES_CHECKED = 2000

# Only these decoders ever see an upload, which keeps Pillow's rarely used parsers away from
# hostile files. Phones save some photos as MPO (a JPEG with extra frames); the JPEG decoder
# hands those back with format "MPO", and they are treated as JPEG.
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
OUTPUT_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
SAVE_OPTIONS = {
    "JPEG": {"quality": 85, "progressive": True, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 85},
}

# Formats we name in the refusal so the volunteer knows what to convert from.
REFUSED_FORMATS = ("GIF", "BMP", "TIFF", "AVIF", "ICO")
HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")

TOO_LARGE_MESSAGE = _("Ukuran berkas %(size)s melebihi batas %(limit)s.")
TOO_LARGE_UNKNOWN_SIZE_MESSAGE = _("Ukuran berkas melebihi batas %(limit)s.")
NOT_AN_IMAGE_MESSAGE = _("Berkas ini bukan gambar JPEG, PNG, atau WebP yang sah.")
UNSUPPORTED_FORMAT_MESSAGE = _(
    "Format gambar %(format)s tidak didukung; silakan unggah JPEG, PNG, atau WebP."
)
TOO_MANY_PIXELS_MESSAGE = _("Resolusi gambar terlalu besar (maksimal %(megapixels)s megapiksel).")
CORRUPT_IMAGE_MESSAGE = _("Gambar rusak atau tidak utuh; silakan unggah ulang.")
NOT_A_PDF_MESSAGE = _("Berkas ini bukan PDF yang sah.")
INCOMPLETE_PDF_MESSAGE = _("Berkas PDF rusak atau tidak utuh; silakan unggah ulang.")
PDF_WITH_SCRIPT_MESSAGE = _(
    "PDF ini berisi HTML atau skrip dan tidak diterima; simpan ulang sebagai PDF biasa "
    "(misalnya lewat Cetak > Simpan sebagai PDF)."
)
ENCRYPTED_PDF_MESSAGE = _("PDF ini dikunci kata sandi; unggah PDF tanpa kata sandi.")


def clean_image(uploaded):
    """Return the upload as a fresh JPEG, PNG or WebP without metadata, at most
    DISPLAY_MAX_SIDE pixels on its longer side, or raise ValidationError."""
    return _rebuild_image(uploaded, (DISPLAY_MAX_SIDE, DISPLAY_MAX_SIDE), name_suffix="")


def make_thumbnail(image_content):
    """Return a copy of a cleaned image that fits within THUMBNAIL_SIZE."""
    # The same checks run again: cheap on a cleaned image, and safe if handed anything else.
    return _rebuild_image(image_content, THUMBNAIL_SIZE, name_suffix="_thumb")


def clean_pdf(uploaded):
    """Return the upload under a random .pdf name, or raise ValidationError."""
    data = _read_bounded(uploaded, MAX_PDF_BYTES)
    if not data.startswith(b"%PDF-"):
        raise ValidationError(NOT_A_PDF_MESSAGE, code="not_a_pdf")
    if b"%%EOF" not in data[-PDF_TAIL_BYTES:]:
        raise ValidationError(INCOMPLETE_PDF_MESSAGE, code="incomplete_pdf")
    if HTML_IN_PDF.search(data):
        raise ValidationError(PDF_WITH_SCRIPT_MESSAGE, code="pdf_with_script")
    _check_pdf_structure(data)
    return ContentFile(data, name=_random_name("pdf"))


def _check_pdf_structure(data):
    """Open the PDF with a real parser: it must have pages, no password and no script."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(ENCRYPTED_PDF_MESSAGE, code="encrypted_pdf")
        pages = reader.pages
        if len(pages) == 0:
            raise ValidationError(NOT_A_PDF_MESSAGE, code="not_a_pdf")
        catalog = reader.trailer["/Root"]
        scripted = (
            "/JavaScript" in _resolved(catalog.get("/Names"))
            or _runs_script(catalog.get("/OpenAction"))
            or _runs_script(catalog.get("/AA"), many=True)
            or any(
                _page_runs_script(page)
                for page, _number in zip(pages, range(MAX_PDF_PAGES_CHECKED), strict=False)
            )
        )
    except ValidationError:
        raise
    except Exception as exc:
        # pypdf reports damaged files with many exception types (PdfReadError, KeyError,
        # ValueError, RecursionError, ...): none of them is a PDF we keep.
        raise ValidationError(NOT_A_PDF_MESSAGE, code="not_a_pdf") from exc
    if scripted:
        raise ValidationError(PDF_WITH_SCRIPT_MESSAGE, code="pdf_with_script")


def _resolved(value):
    value = value.get_object() if hasattr(value, "get_object") else value
    return value if value is not None else {}


def _runs_script(action, many=False):
    """Whether an action (or, with ``many``, a dictionary of triggers and actions) runs
    JavaScript, launches a program or sends data."""
    action = _resolved(action)
    if not action:
        return False
    if many:
        return any(_runs_script(item) for item in action.values())
    if isinstance(action, list):
        return any(_runs_script(item) for item in action)
    if not hasattr(action, "get"):
        return False
    if action.get("/S") in SCRIPT_ACTIONS or "/JS" in action:
        return True
    return _runs_script(action.get("/Next"))


def _page_runs_script(page):
    if _runs_script(page.get("/AA"), many=True):
        return True
    for annotation in _resolved(page.get("/Annots")) or []:
        annotation = _resolved(annotation)
        if _runs_script(annotation.get("/A")) or _runs_script(annotation.get("/AA"), many=True):
            return True
    return False


def validate_image_upload(file):
    """Form-field validator: raise ValidationError unless clean_image would accept the file."""
    _decode_image(_read_bounded(file, MAX_IMAGE_BYTES)).close()


def validate_pdf_upload(file):
    """Form-field validator: raise ValidationError unless clean_pdf would accept the file."""
    clean_pdf(file)


def _rebuild_image(uploaded, box, name_suffix):
    image = _decode_image(_read_bounded(uploaded, MAX_IMAGE_BYTES))
    output_format = OUTPUT_FORMATS[image.format]
    image = _convert_mode(image, output_format)
    # Shrinking first keeps the later copies small; the box is square, so it does not matter
    # that the picture is turned upright only afterwards.
    image.thumbnail(box, Image.Resampling.LANCZOS)
    image = ImageOps.exif_transpose(image)
    image = _convert_to_srgb(image)
    image = _without_metadata(image)
    buffer = io.BytesIO()
    image.save(buffer, output_format, **SAVE_OPTIONS[output_format])
    extension = EXTENSIONS[output_format]
    return ContentFile(buffer.getvalue(), name=_random_name(extension, name_suffix))


def _read_bounded(uploaded, limit):
    """Read the whole upload, but never more than one byte past the limit."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise _too_large_error(size, limit)
    uploaded.seek(0)
    data = uploaded.read(limit + 1)
    # Validators read the file before the form saves it; leave it ready to be read again.
    uploaded.seek(0)
    if len(data) > limit:
        raise _too_large_error(None, limit)
    return data


def _too_large_error(size, limit):
    limit_text = f"{limit // MEGABYTE} MB"
    if size is None:
        return ValidationError(
            TOO_LARGE_UNKNOWN_SIZE_MESSAGE, code="file_too_large", params={"limit": limit_text}
        )
    return ValidationError(
        TOO_LARGE_MESSAGE,
        code="file_too_large",
        params={"size": filesizeformat(size), "limit": limit_text},
    )


def _decode_image(data):
    """Open the image, check its header, then decode every pixel so damage shows up now."""
    # Pillow warns about (and above twice its own limit refuses) huge images while opening;
    # both must end as a refusal rather than a log line or a server error.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = _open_image(data)
            _check_pixel_count(image)
            image.verify()
            image = _open_image(data)
            image.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels_error() from exc
        except Exception as exc:
            # Pillow reports damaged data with many exception types (OSError, SyntaxError,
            # ValueError, struct.error, ...); like Django's ImageField, treat them all alike.
            raise ValidationError(CORRUPT_IMAGE_MESSAGE, code="corrupt_image") from exc
    return image


def _open_image(data):
    try:
        return Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except UnidentifiedImageError as exc:
        refused_format = _name_refused_format(data)
        if refused_format:
            raise ValidationError(
                UNSUPPORTED_FORMAT_MESSAGE,
                code="unsupported_image_format",
                params={"format": refused_format},
            ) from exc
        raise ValidationError(NOT_AN_IMAGE_MESSAGE, code="not_an_image") from exc


def _name_refused_format(data):
    # iPhones save HEIC, which Pillow cannot read; its file-type box is easy to spot.
    if data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS:
        return "HEIC"
    try:
        with Image.open(io.BytesIO(data), formats=REFUSED_FORMATS) as image:
            return image.format
    except Exception:
        return None


def _check_pixel_count(image):
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise _too_many_pixels_error()


def _too_many_pixels_error():
    return ValidationError(
        TOO_MANY_PIXELS_MESSAGE,
        code="too_many_pixels",
        params={"megapixels": MAX_IMAGE_PIXELS // 1_000_000},
    )


def _convert_mode(image, output_format):
    """Bring the pixels into a mode the output format stores and browsers show."""
    if image.mode in ("I", "I;16", "I;16B", "I;16L"):
        # 16-bit greyscale: a plain conversion would clip everything brighter than 255 to white.
        image = image.convert("I").point(lambda value: value / 256)
        image = image.convert("L")
    if output_format == "JPEG":
        target = "L" if image.mode in ("1", "L") else "RGB"
    elif image.has_transparency_data:
        target = "RGBA"
    elif output_format == "PNG" and image.mode in ("1", "L"):
        target = "L"
    else:
        target = "RGB"
    return image if image.mode == target else image.convert(target)


def _convert_to_srgb(image):
    """Phones tag photos with wide-gamut colour profiles (Display P3). The profile is removed
    with the rest of the metadata, so convert the colours first or they would look dull."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        return ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(io.BytesIO(profile)),
            ImageCms.createProfile("sRGB"),
            outputMode=image.mode,
        )
    except (OSError, ImageCms.PyCMSError):
        # A broken or mismatched profile: keep the colours as they are.
        return image


def _without_metadata(image):
    """Copy only the pixels, leaving behind EXIF (with GPS), XMP, comments and profiles."""
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _random_name(extension, suffix=""):
    # The uploader's file name is never used: it may be hostile, and it may name a person.
    return f"{uuid.uuid4().hex}{suffix}.{extension}"
