from django.db import migrations, models


def copy_classification(apps, schema_editor):
    # Issues published before this field existed carry the marking their paper has.
    PaperIssue = apps.get_model("opsreport", "PaperIssue")
    for issue in PaperIssue.objects.select_related("paper"):
        PaperIssue.objects.filter(pk=issue.pk).update(classification=issue.paper.classification)


class Migration(migrations.Migration):
    dependencies = [("opsreport", "0004_appendix_documents")]

    operations = [
        migrations.AddField(
            model_name="paperissue",
            name="classification",
            field=models.CharField(
                choices=[("white", "White"), ("green", "Green"), ("amber", "Amber"), ("red", "Red")],
                default="red",
                editable=False,
                max_length=8,
            ),
            preserve_default=False,
        ),
        migrations.RunPython(copy_classification, migrations.RunPython.noop),
    ]
