"""Newsletter editions (community.editions): how fast an edition goes out. Each batch queues
this many mails in one transaction; the next batch waits the pause, so a list of thousands
goes out at a rate the mail server (and its reputation) can take."""

from hub.env import env_int

NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 50)
NEWSLETTER_BATCH_PAUSE_SECONDS = env_int("NEWSLETTER_BATCH_PAUSE_SECONDS", 60)
