"""The edition's background task: one batch per run (``sending.run``)."""

from django_tasks import task


@task()
def send_edition(edition_id: int) -> int:
    from community.editions.sending import run

    return run(edition_id, send_edition)
