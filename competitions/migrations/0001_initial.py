import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

# The models moved here from `evaluations` with their tables (evaluations 0006), so their
# content types (and the permissions and admin log entries pointing at them) move too.
MOVED_CONTENT_TYPES = ["entry", "entrystage", "entrydocument", "historicalentry", "historicalentrystage"]


def move_content_types(from_app, to_app):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        taken = set(
            ContentType.objects.using(db)
            .filter(app_label=to_app, model__in=MOVED_CONTENT_TYPES)
            .values_list("model", flat=True)
        )
        ContentType.objects.using(db).filter(
            app_label=from_app, model__in=set(MOVED_CONTENT_TYPES) - taken
        ).update(app_label=to_app)

    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('evaluations', '0006_move_entries_to_competitions'),
        ('villages', '0003_agencies'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables exist already (made by evaluations 0002 and 0004): state only.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Entry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='tahun')),
                        ('level', models.CharField(choices=[('kota', 'Kota'), ('provinsi', 'Provinsi'), ('nasional', 'Nasional')], max_length=10, verbose_name='tingkat')),
                        ('organiser', models.CharField(blank=True, help_text='Misalnya “Kemendukbangga/BKKBN”.', max_length=200, verbose_name='penyelenggara')),
                        ('category', models.CharField(choices=[('kota', 'Kategori kota'), ('kabupaten', 'Kategori kabupaten')], max_length=10, verbose_name='kategori')),
                        ('region', models.CharField(blank=True, choices=[('regional_1', 'Regional 1 (Jawa, Bali, Sumatera)'), ('regional_2', 'Regional 2 (Nusa Tenggara, Kalimantan, Sulawesi, Maluku, Papua)')], help_text='Untuk seleksi nasional; diisi otomatis dari provinsi, boleh diubah.', max_length=12, verbose_name='regional')),
                        ('video_url', models.URLField(blank=True, verbose_name='tautan video profil')),
                        ('video_seconds', models.PositiveIntegerField(blank=True, help_text='Video seleksi nasional paling lama 3 menit (180 detik).', null=True, verbose_name='durasi video (detik)')),
                        ('news_links', models.TextField(blank=True, help_text='Satu tautan per baris.', verbose_name='tautan berita')),
                        ('result', models.CharField(blank=True, choices=[('juara_1', 'Juara 1'), ('juara_2', 'Juara 2'), ('juara_3', 'Juara 3'), ('harapan_1', 'Harapan 1'), ('harapan_2', 'Harapan 2'), ('harapan_3', 'Harapan 3'), ('enam_besar', 'Enam besar/finalis'), ('peserta', 'Peserta')], help_text='Kosongkan selama hasil belum diumumkan.', max_length=12, verbose_name='hasil akhir')),
                        ('score', models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True, verbose_name='nilai')),
                        ('source', models.TextField(blank=True, help_text='Dari mana fakta entri ini berasal (tautan berita).', verbose_name='sumber')),
                        ('notes', models.TextField(blank=True, verbose_name='catatan')),
                        ('override_reason', models.TextField(blank=True, help_text='Wajib bila Kampung KB belum memenuhi syarat seleksi provinsi.', verbose_name='alasan tetap diusulkan')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='dibuat')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='diperbarui')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='dibuat oleh')),
                        ('period', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='entries', to='evaluations.period', verbose_name='asal periode evaluasi')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='competition_entries', to='villages.kampungkb', verbose_name='Kampung KB')),
                    ],
                    options={
                        'verbose_name': 'entri lomba',
                        'verbose_name_plural': 'entri lomba',
                        'db_table': 'evaluations_entry',
                        'ordering': ['-year', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='EntryDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='judul dokumen')),
                        ('file', models.FileField(upload_to='lomba/', verbose_name='berkas PDF')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='diunggah')),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='competitions.entry', verbose_name='entri lomba')),
                    ],
                    options={
                        'verbose_name': 'dokumen lomba',
                        'verbose_name_plural': 'dokumen lomba',
                        'db_table': 'evaluations_entrydocument',
                        'ordering': ['id'],
                    },
                ),
                migrations.CreateModel(
                    name='EntryStage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(default=1, verbose_name='urutan')),
                        ('name', models.CharField(max_length=150, verbose_name='nama tahap')),
                        ('date', models.DateField(blank=True, null=True, verbose_name='tanggal')),
                        ('outcome', models.CharField(choices=[('dijadwalkan', 'Dijadwalkan'), ('lolos', 'Lolos'), ('tidak_lolos', 'Tidak lolos')], default='dijadwalkan', max_length=12, verbose_name='hasil tahap')),
                        ('notes', models.TextField(blank=True, verbose_name='catatan')),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='stages', to='competitions.entry', verbose_name='entri lomba')),
                    ],
                    options={
                        'verbose_name': 'tahap lomba',
                        'verbose_name_plural': 'tahap lomba',
                        'db_table': 'evaluations_entrystage',
                        'ordering': ['position', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalEntry',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='tahun')),
                        ('level', models.CharField(choices=[('kota', 'Kota'), ('provinsi', 'Provinsi'), ('nasional', 'Nasional')], max_length=10, verbose_name='tingkat')),
                        ('organiser', models.CharField(blank=True, help_text='Misalnya “Kemendukbangga/BKKBN”.', max_length=200, verbose_name='penyelenggara')),
                        ('category', models.CharField(choices=[('kota', 'Kategori kota'), ('kabupaten', 'Kategori kabupaten')], max_length=10, verbose_name='kategori')),
                        ('region', models.CharField(blank=True, choices=[('regional_1', 'Regional 1 (Jawa, Bali, Sumatera)'), ('regional_2', 'Regional 2 (Nusa Tenggara, Kalimantan, Sulawesi, Maluku, Papua)')], help_text='Untuk seleksi nasional; diisi otomatis dari provinsi, boleh diubah.', max_length=12, verbose_name='regional')),
                        ('video_url', models.URLField(blank=True, verbose_name='tautan video profil')),
                        ('video_seconds', models.PositiveIntegerField(blank=True, help_text='Video seleksi nasional paling lama 3 menit (180 detik).', null=True, verbose_name='durasi video (detik)')),
                        ('news_links', models.TextField(blank=True, help_text='Satu tautan per baris.', verbose_name='tautan berita')),
                        ('result', models.CharField(blank=True, choices=[('juara_1', 'Juara 1'), ('juara_2', 'Juara 2'), ('juara_3', 'Juara 3'), ('harapan_1', 'Harapan 1'), ('harapan_2', 'Harapan 2'), ('harapan_3', 'Harapan 3'), ('enam_besar', 'Enam besar/finalis'), ('peserta', 'Peserta')], help_text='Kosongkan selama hasil belum diumumkan.', max_length=12, verbose_name='hasil akhir')),
                        ('score', models.DecimalField(blank=True, decimal_places=2, max_digits=6, null=True, verbose_name='nilai')),
                        ('source', models.TextField(blank=True, help_text='Dari mana fakta entri ini berasal (tautan berita).', verbose_name='sumber')),
                        ('notes', models.TextField(blank=True, verbose_name='catatan')),
                        ('override_reason', models.TextField(blank=True, help_text='Wajib bila Kampung KB belum memenuhi syarat seleksi provinsi.', verbose_name='alasan tetap diusulkan')),
                        ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='dibuat')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.TextField(null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='dibuat oleh')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('period', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='evaluations.period', verbose_name='asal periode evaluasi')),
                        ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='villages.kampungkb', verbose_name='Kampung KB')),
                    ],
                    options={
                        'verbose_name': 'historical entri lomba',
                        'verbose_name_plural': 'historical entri lomba',
                        'db_table': 'evaluations_historicalentry',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalEntryStage',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(default=1, verbose_name='urutan')),
                        ('name', models.CharField(max_length=150, verbose_name='nama tahap')),
                        ('date', models.DateField(blank=True, null=True, verbose_name='tanggal')),
                        ('outcome', models.CharField(choices=[('dijadwalkan', 'Dijadwalkan'), ('lolos', 'Lolos'), ('tidak_lolos', 'Tidak lolos')], default='dijadwalkan', max_length=12, verbose_name='hasil tahap')),
                        ('notes', models.TextField(blank=True, verbose_name='catatan')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.TextField(null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('entry', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='competitions.entry', verbose_name='entri lomba')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical tahap lomba',
                        'verbose_name_plural': 'historical tahap lomba',
                        'db_table': 'evaluations_historicalentrystage',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddConstraint(
                    model_name='entry',
                    constraint=models.UniqueConstraint(fields=('unit', 'year', 'level'), name='unique_entry_per_unit_year_level', violation_error_message='Kampung KB ini sudah tercatat di seleksi tingkat ini pada tahun ini.'),
                ),
                migrations.AddConstraint(
                    model_name='entry',
                    constraint=models.CheckConstraint(condition=models.Q(('score__isnull', True), ('score__gte', 0), _connector='OR'), name='entry_score_not_negative', violation_error_message='Nilai tidak boleh negatif.'),
                ),
                migrations.AddIndex(
                    model_name='entrystage',
                    index=models.Index(fields=['date'], name='entry_stage_date'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            move_content_types("evaluations", "competitions"),
            move_content_types("competitions", "evaluations"),
        ),
    ]
