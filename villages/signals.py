from django.dispatch import Signal

# Sent by `load_pekalongan` after the regions and units are in place, so other apps can
# load their own reference data without villages knowing them.
reference_data_loaded = Signal()
