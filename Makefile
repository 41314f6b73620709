# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := webapp
PG_BIN ?= $(firstword $(wildcard /usr/lib/postgresql/*/bin))

.PHONY: run test test-fast lint lock install translations messages check-translations db demo bench clean

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load
	FLASK_DEBUG=1 $(BIN)/flask run --host 127.0.0.1 --port 5000

install: $(VENV)/.installed static/vendor/.installed static/.digested translations

# The versions in requirements.lock are the ones the suite was run with; `make lock` updates them.
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

# After changing dependencies in pyproject.toml: resolve them again and pin the result.
lock: $(VENV)/.installed
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header --quiet -o requirements.lock

static/vendor/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/vendor && mkdir -p static/vendor
	cp node_modules/@digdir/designsystemet-css/dist/src/index.css static/vendor/designsystemet.css
	cp node_modules/@digdir/designsystemet-theme/brand/digdir.css static/vendor/theme.css
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
	touch $@

# Fingerprinted copies (name-<md5>.ext), each also compressed with gzip and brotli, once here rather
# than per request; pages link them through static/cache_manifest.json. Again after any change under
# static/ (make run does it).
STATIC_SOURCES := $(filter-out %.gz %.br,$(wildcard static/*.* static/css/*.css static/js/*.js))
static/.digested: $(VENV)/.installed static/vendor/.installed $(STATIC_SOURCES)
	$(BIN)/flask digest clean >/dev/null
	$(BIN)/flask digest compile >/dev/null
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations 2>&1 | grep -v "^compiling" || true

# Re-extract strings and merge them into both catalogues (then translate what is new).
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --omit-header --sort-output .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --omit-header

test: install lint
	$(BIN)/python -m playwright --version >/dev/null
	$(BIN)/pytest
	@if [ -n "$(PG_BIN)" ]; then \
	  PG_BIN=$(PG_BIN) bash tests/with_postgres.sh $(BIN)/pytest -m "not browser"; \
	else echo "PostgreSQL server binaries not found: PostgreSQL run skipped"; fi

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Everything but the browser and PostgreSQL: the quick loop while working.
test-fast: install
	$(BIN)/pytest -m "not browser"

bench: install
	$(BIN)/python -m bench

clean:
	-test -x $(BIN)/flask && $(BIN)/flask digest clean >/dev/null
	rm -rf $(VENV) node_modules static/vendor static/.digested instance
