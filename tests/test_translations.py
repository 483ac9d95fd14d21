"""The interface in Dutch and French: complete catalogues whose placeholders match the English,
compiled for the site, and a reader who chooses Dutch or French (/nl/, /fr/) reads it."""

import re
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

LOCALE = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("nl", "fr")
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifgrx]|%[sd]|\{\{?\s*\w+\s*\}?\}")


def catalogue(language) -> polib.POFile:
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"{path} is missing"
    return polib.pofile(str(path))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    assert len(po) > 1000
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language):
    wrong = []
    for entry in catalogue(language).translated_entries():
        wanted = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for form in forms:
            found = sorted(PLACEHOLDER.findall(form))
            # A plural's forms may say "one" instead of %(count)s; nothing may be added.
            if entry.msgid_plural and set(found) <= set(wanted):
                continue
            if found != wanted:
                wrong.append((entry.msgid, form))
    assert wrong == []


def test_compile_refuses_an_incomplete_catalogue(tmp_path):
    from django.core.management.base import CommandError

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Biobanks", msgstr="Biobanken"))
    po.append(polib.POEntry(msgid="Working groups", msgstr=""))
    path = tmp_path / "django.po"
    po.save(str(path))
    with pytest.raises(CommandError, match="untranslated: 'Working groups'"):
        call_command("compile_catalogues", str(path))
    assert not path.with_suffix(".mo").exists()
    po[1].msgstr = "Werkgroepen"
    po.save(str(path))
    call_command("compile_catalogues", str(path))
    assert polib.mofile(str(path.with_suffix(".mo"))).find("Working groups").msgstr == "Werkgroepen"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, words",
    [("nl", ["Zoeken", "Nieuwsbrief"]), ("fr", ["Rechercher", "Lettre d'information"])],
)
def test_a_reader_who_chooses_it_reads_the_interface_in_it(client, site_tree, language, words):
    # The language is in the URL (/nl/, /fr/); English at / whatever the browser asks for.
    response = client.get(f"/{language}/", HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert f'<html lang="{language}"' in body
    for word in words:
        assert word in body
    english = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert '<html lang="en"' in english
    assert not [word for word in words if word in english]
