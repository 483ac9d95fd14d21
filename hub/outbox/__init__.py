"""The outbox: every mail the hub sends is stored here first and sent by the background worker.

`queue(message)` stores an e-mail in the caller's transaction (so it exists exactly when what it
tells about was stored) and hands its delivery to the task backend once that transaction
commits: no request waits on the mail server. Delivery (`delivery.py`) claims a mail before
sending it, so no two workers send it twice; a failure is retried with growing delays, then
marked failed for staff to send again from the admin (Settings → Outgoing mail) or with
`manage.py resend_failed_mails`.
"""

from .queueing import forget_addresses, mails_about, queue

__all__ = ["forget_addresses", "mails_about", "queue"]
