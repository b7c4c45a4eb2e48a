"""The form of a unit's flagship innovation (inovasi unggulan)."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import PlainTextMixin

from .models import Innovation
from .uploads import MAX_IMAGE_BYTES, MEGABYTE, clean_image, validate_image_upload

EARLIEST_INNOVATION_YEAR = 1970


class InnovationForm(PlainTextMixin, forms.ModelForm):
    photo = forms.FileField(
        label=_("Foto"),
        required=False,
        validators=[validate_image_upload],
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Innovation
        fields = ["name", "description", "since_year", "photo", "photo_caption", "source"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "source": forms.Textarea(attrs={"rows": 2}),
            # A year is not a quantity: no grouping ("2.022"), no type=number.
            "since_year": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4}),
        }
        error_messages = {"since_year": {"invalid": _("Tulis tahun dengan angka, misalnya 2022.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted per request, in the language of the person filling the form.
        self.fields["photo"].help_text = _(
            "Opsional. JPEG, PNG, atau WebP, paling besar %(size)s MB."
        ) % {"size": MAX_IMAGE_BYTES // MEGABYTE}
        self._stored_photo = self.instance.photo.name if self.instance.pk else ""

    def clean_photo(self):
        photo = self.cleaned_data["photo"]
        if isinstance(photo, UploadedFile):
            return clean_image(photo)
        return photo

    def clean_since_year(self):
        year = self.cleaned_data["since_year"]
        if year is None:
            return None
        this_year = timezone.localdate().year
        if not EARLIEST_INNOVATION_YEAR <= year <= this_year:
            raise forms.ValidationError(
                _("Tahun harus antara %(first)s dan %(last)s."),
                code="year_out_of_range",
                params={"first": EARLIEST_INNOVATION_YEAR, "last": this_year},
            )
        return year

    @transaction.atomic
    def save(self, commit=True):
        innovation = super().save(commit=False)
        if innovation.pk is None:
            innovation.position = innovation.unit.innovations.count()
        innovation.save()
        old = self._stored_photo
        if old and innovation.photo.name != old:
            storage = innovation.photo.storage
            transaction.on_commit(lambda: storage.delete(old))
        return innovation


def delete_innovation(innovation):
    """Remove the innovation, and its photo file once the row is gone."""
    photo = innovation.photo
    with transaction.atomic():
        innovation.delete()
        if photo.name:
            name, storage = photo.name, photo.storage
            transaction.on_commit(lambda: storage.delete(name))
