from django.db import migrations


def load(apps, schema_editor):
    from phases.catalogue import sync_catalogue

    sync_catalogue(apps)


class Migration(migrations.Migration):
    dependencies = [("phases", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
