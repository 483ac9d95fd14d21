# The options of registration questions become rows of their own (QuestionOption), edited with
# an InlinePanel: the old "name | places" text is renamed here, converted in 0005 and removed
# in 0006 (three migrations: PostgreSQL cannot alter a table with row changes pending in the
# same transaction).

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0003_email_confirmation'),
    ]

    operations = [
        migrations.RenameField(
            model_name='eventquestion',
            old_name='options',
            new_name='legacy_options',
        ),
        migrations.CreateModel(
            name='QuestionOption',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('name', models.CharField(max_length=255, verbose_name='option')),
                ('places', models.PositiveIntegerField(blank=True, help_text='For workshop choices: how many people it takes. Leave empty for no limit.', null=True, verbose_name='places')),
                ('question', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='options', to='events.eventquestion')),
            ],
            options={
                'verbose_name': 'option',
                'verbose_name_plural': 'options',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
    ]
