from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import truncatechars
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import PlainTextMixin

from .activities import (
    EARLIEST_ACTIVITY_DATE,
    MAX_PHOTOS_PER_UPLOAD,
    add_photos,
    check_activity_date,
    latest_allowed_date,
)
from .models import Activity, ActivityCategory
from .uploads import MAX_IMAGE_BYTES, MEGABYTE, clean_image, make_thumbnail

IMAGE_TYPES = "image/jpeg,image/png,image/webp"

PHOTO_ERROR_MESSAGE = _("Foto ke-%(number)s (%(name)s): %(error)s")
PHOTOS_HELP = _(
    "Boleh memilih beberapa foto sekaligus: paling banyak %(count)s foto JPEG, PNG, atau WebP, "
    "masing-masing paling besar %(size)s MB."
)
TOO_MANY_PHOTOS_MESSAGE = _(
    "Paling banyak %(limit)s foto sekali unggah; Anda memilih %(count)s foto."
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files from one input and returns them as a list.

    ``process`` (optional) turns each accepted file into the value kept in the list. Every file
    is checked, and each refusal names the file by its position and name.
    """

    def __init__(self, *args, max_files=None, process=None, **kwargs):
        self.max_files = max_files
        self.process = process
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = (
            [f for f in data if f] if isinstance(data, list | tuple) else [data] if data else []
        )
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        if self.max_files is not None and len(files) > self.max_files:
            raise ValidationError(
                TOO_MANY_PHOTOS_MESSAGE,
                code="too_many_files",
                params={"limit": self.max_files, "count": len(files)},
            )
        results, errors = [], []
        for number, uploaded in enumerate(files, start=1):
            try:
                accepted = super().clean(uploaded, initial)
                results.append(self.process(accepted) if self.process else accepted)
            except ValidationError as error:
                errors.append(file_error(number, uploaded, error))
        if errors:
            raise ValidationError(errors)
        return results


def file_error(number, uploaded, error):
    """The error for one file of several, naming it by position and name."""
    return ValidationError(
        PHOTO_ERROR_MESSAGE,
        code=getattr(error, "code", None) or "invalid_file",
        params={
            "number": number,
            "name": truncatechars(getattr(uploaded, "name", "") or "", 60),
            "error": " ".join(error.messages),
        },
    )


def clean_photo(uploaded):
    """The ``(display image, thumbnail)`` pair for one upload, or ValidationError."""
    image = clean_image(uploaded)
    return image, make_thumbnail(image)


class ActivityForm(PlainTextMixin, forms.ModelForm):
    photos = MultipleFileField(
        label=_("Foto kegiatan"),
        required=False,
        max_files=MAX_PHOTOS_PER_UPLOAD,
        process=clean_photo,
        widget=MultipleFileInput(attrs={"accept": IMAGE_TYPES, "multiple": True}),
    )
    photo_caption = forms.CharField(
        label=_("Keterangan foto"),
        max_length=200,
        required=False,
        help_text=_(
            "Dibacakan untuk pengguna pembaca layar. Bila kosong, judul kegiatan yang dipakai."
        ),
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "date",
            "place",
            "category",
            "description",
            "agencies",
            "other_agencies",
            "target_group",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "agencies": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, unit, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.user = user
        self.fields["photos"].help_text = PHOTOS_HELP % {
            "count": MAX_PHOTOS_PER_UPLOAD,
            "size": MAX_IMAGE_BYTES // MEGABYTE,
        }
        self.fields["date"].widget.attrs.update(
            {
                "min": EARLIEST_ACTIVITY_DATE.isoformat(),
                "max": latest_allowed_date(timezone.localdate()).isoformat(),
            }
        )
        self.fields["category"].choices = [("", _("Pilih kategori"))] + list(
            ActivityCategory.choices
        )

    def clean_date(self):
        date = self.cleaned_data["date"]
        check_activity_date(date)
        return date

    @transaction.atomic
    def save(self):
        activity = super().save(commit=False)
        if activity.pk is None:
            activity.unit = self.unit
            activity.created_by = self.user
        activity.save()
        self.save_m2m()
        add_photos(activity, self.cleaned_data["photos"], self.cleaned_data["photo_caption"])
        return activity


class ActivityFilterForm(forms.Form):
    """The category filter of the public activity list (``?kategori=``)."""

    kategori = forms.ChoiceField(
        label=_("Kategori"),
        required=False,
        choices=[("", _("Semua kategori"))] + list(ActivityCategory.choices),
    )

    def category(self):
        return self.cleaned_data.get("kategori", "") if self.is_valid() else ""
