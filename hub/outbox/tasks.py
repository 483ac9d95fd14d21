"""The outbox's background task (django-tasks: the database queue and `manage.py db_worker` in
production, run at once in tests)."""

from django_tasks import task

from .delivery import deliver


@task()
def deliver_mail(mail_id: int) -> str:
    return deliver(mail_id)
