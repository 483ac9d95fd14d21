"""Privacy-friendly usage figures: page views, document downloads, referring sites and
searches that found nothing, counted per day on the server with nothing about who
(`counting`), written in batches (`store`), reported in the admin and by
`manage.py usage_report` (`report`)."""
