from django.db import migrations

# Sectors commonly involved in Kampung KB activities; staff can add or rename them.
AGENCIES = [
    "Dinas Sosial, Pengendalian Penduduk dan KB (Dinsos-P2KB)",
    "Dinas Kesehatan",
    "Puskesmas",
    "Posyandu",
    "Pemerintah Kelurahan",
    "Pemerintah Kecamatan",
    "TP PKK",
    "Dinas Pendidikan",
    "Pemberdayaan Perempuan dan Perlindungan Anak",
    "Pertanian dan Ketahanan Pangan",
    "Koperasi dan UMKM",
    "Kementerian Agama / KUA",
    "TNI (Babinsa)",
    "Polri (Bhabinkamtibmas)",
    "Dunia usaha / CSR",
    "Perguruan tinggi",
    "Tokoh agama dan tokoh masyarakat",
    "Lingkungan hidup",
]


def add_agencies(apps, schema_editor):
    Agency = apps.get_model("villages", "Agency")
    for name in AGENCIES:
        Agency.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("villages", "0002_agency_historicalkampungkb_bkb_notes_and_more")]
    operations = [migrations.RunPython(add_agencies, migrations.RunPython.noop)]
