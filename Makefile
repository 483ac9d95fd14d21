# The two commands: `make run` (demo site on http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=

CONFORMANCE ?= 1

.PHONY: run test fuzz serve lint clean screenshots messages

# The interface in Dutch and French: each catalogue compiled when its .po changes (no gettext
# needed: `manage.py compile_catalogues`, polib); `make messages` extracts new strings (needs
# GNU gettext's xgettext, `apt-get install gettext`) into the catalogues for translators.
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/django.po)
COMPILED := $(CATALOGUES:.po=.mo)

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is needed, found " + sys.version' \
		|| { echo "Set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV) || { echo "Creating the virtualenv failed: on Debian, apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $@

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(VENV)/.installed
	$(PY) manage.py compile_catalogues $<

messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l nl -l fr --no-location --no-obsolete \
		--ignore=.venv --ignore=var --ignore=bench --ignore=tests --ignore=node_modules

# Every command of `make run` (migrate, the demo, the admin, the server) links the port served.
run: export HUB_BASE_URL = http://127.0.0.1:$(PORT)
run: $(VENV)/.installed $(COMPILED)
	@echo "==> Migrating the database (var/hub.sqlite3)"
	@TASKS_BACKEND=immediate $(PY) manage.py migrate --no-input --verbosity 0
	@echo "==> Loading the demo content"
	@TASKS_BACKEND=immediate $(PY) manage.py load_demo
	@echo "==> Building the search index"
	@$(PY) manage.py update_index --verbosity 0
	@$(PY) manage.py ensure_admin
	@echo "==> Starting the background worker (mail, search index updates) and the web server"
	@$(PY) manage.py db_worker --verbosity 0 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed-test $(COMPILED)
	$(PY) -m pytest $(PYTEST_ARGS)
ifeq ($(CONFORMANCE),1)
	@echo "==> django-modelsearch's backend conformance suite against hub.search.backend"
	$(PY) -m pytest tests/conformance --ds=tests.conformance.settings -p no:cacheprovider -q
endif

# The property-based tests of the public forms and listings at 1,000 examples each (CI: 200).
fuzz: $(VENV)/.installed-test
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest tests/hostile/test_fuzz_forms.py \
		tests/hostile/test_fuzz_listings.py -p no:cacheprovider $(PYTEST_ARGS)

# Full-page PNGs of every page type at 1280 and 390 px (and 390 px with the largest text in high
# contrast) into var/screenshots/, to review the look. Needs Debian's chromium.
screenshots: $(VENV)/.installed-test
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest tests/browser/screenshots.py -p no:cacheprovider -q -s $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
