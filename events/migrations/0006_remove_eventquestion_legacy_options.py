from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0005_question_options_from_text'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='eventquestion',
            name='legacy_options',
        ),
    ]
