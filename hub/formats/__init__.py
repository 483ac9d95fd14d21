"""The hub's date and number formats per language (settings.FORMAT_MODULE_PATH): one format
for dates, times and numbers on every page of a language. Input formats stay Django's."""
