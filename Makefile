# dossier — two commands on a fresh machine:
#   make dossier   builds every dossier in inputs/ (or: make dossier DOSSIER=naam)
#   make test      runs the test suite
# Both set up what they need first: system libraries, the virtualenv, pinned packages.

# The virtualenv's interpreter: the system's python3 when it is 3.11 or newer (with venv), because
# distributions build it with PGO and LTO; pyenv and plain source builds are neither. Measured
# here: 16 dossiers ≈8 % faster (farm-bench, README). Otherwise the python3 on PATH. Expanded
# only when the virtualenv is made, not on every make.
SYSTEM_PYTHON = $(shell /usr/bin/python3 -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' \
                   >/dev/null 2>&1 && echo /usr/bin/python3)
PYTHON ?= $(or $(SYSTEM_PYTHON),python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DOSSIER ?=
PORT ?= 8000
BENCH ?=
TEST_WORKERS ?= 2
VERBOSE ?=
PIP_INSTALL = $(BIN)/python -m pip install --disable-pip-version-check $(if $(VERBOSE),,-q) --upgrade pip && \
  $(BIN)/python -m pip install --disable-pip-version-check $(if $(VERBOSE),,-q) -c requirements.lock -e '.[dev]'
TARGETS := $(if $(DOSSIER),'inputs/$(subst ','\'',$(DOSSIER))',)

.PHONY: dossier test validate check templates watch bench lint docs clean help mutate

help:
	@echo "make dossier [DOSSIER=naam]  bouw de dossiers in inputs/ naar build/"
	@echo "make test                    draai alle tests"
	@echo "make validate / check        controleer dossier.yaml / of het dossier klaar is"
	@echo "make templates               controleer de sjablonen (voor consultants)"
	@echo "make watch [PORT=8000]       bouw opnieuw bij elke wijziging, met voorbeeld op http://127.0.0.1:8000/"
	@echo "make bench [BENCH=\"--delen batch\"]  meet de snelheid (tegen LibreOffice, per fase, voor en na)"
	@echo "make lint                    ruff"
	@echo "make mutate [MUTATE=\"duo privacy\"] mutatietests: score per module, overlevende mutanten (≤ 20 min)"

# The first make says what it sets up; pip's own output (and setuptools' banner about the editable
# install) goes to $(VENV)/install.log, shown when the install fails or with `make … VERBOSE=1`.
$(STAMP): pyproject.toml requirements.lock scripts/system-deps.sh
	@bash scripts/system-deps.sh
	@echo "dossier: Python-omgeving inrichten in $(VENV): vastgezette pakketten installeren (eenmalig, ± 1 minuut; VERBOSE=1 toont pip)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@if [ -n "$(VERBOSE)" ]; then $(PIP_INSTALL); else ($(PIP_INSTALL)) >$(VENV)/install.log 2>&1 || { \
	  tail -n 30 $(VENV)/install.log >&2; \
	  echo "dossier: installeren is mislukt; het hele verslag staat in $(VENV)/install.log" >&2; exit 1; }; fi
	@touch $(STAMP)
	@echo "dossier: Python-omgeving klaar"

dossier: $(STAMP)
	@$(BIN)/dossier build $(TARGETS)

validate: $(STAMP)
	@$(BIN)/dossier validate $(TARGETS)

check: $(STAMP)
	@$(BIN)/dossier check $(TARGETS)

templates: $(STAMP)
	@$(BIN)/dossier templates check

docs: $(STAMP)
	@$(BIN)/dossier docs

watch: $(STAMP)
	@$(BIN)/dossier watch --serve --port $(PORT) $(TARGETS)

# The suite in TEST_WORKERS processes (pytest-xdist; CI has 2 cores). --dist loadfile keeps each
# test file in one process, so its module fixtures (built example dossiers, a warm PDF pool) are
# made once. `make test TEST_WORKERS=0` runs it in this process. pytest's exit code 5 (no test
# was collected) is a failure too, said in words.
test: $(STAMP)
	@bash scripts/system-deps.sh chromium || echo "dossier: chromium niet geïnstalleerd; de browsertest wordt overgeslagen"
	@$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile; code=$$?; \
	  if [ $$code -eq 5 ]; then echo "dossier: er is geen enkele test uitgevoerd (pytest exit 5)" >&2; fi; \
	  exit $$code

lint: $(STAMP)
	@$(BIN)/ruff check pipeline tests scripts

# Mutation testing (mutmut, scripts/mutate.py says how): the check rules, privacy, the route, what was
# sent, the bundle, the cache keys and the preview's fences, each group with its fast tests, two groups
# at a time. What it found is kept in build/mutate/ (a next run tests only what changed; make clean
# forgets it). MUTATE="duo privacy" runs only those groups; MUTATE="--rapport" reprints the report.
mutate: $(STAMP)
	@$(BIN)/python scripts/mutate.py $(MUTATE)

clean:
	rm -rf build

bench: $(STAMP)
	@bash scripts/system-deps.sh libreoffice-writer-nogui || echo "dossier: LibreOffice niet geïnstalleerd; geen vergelijking"
	@$(BIN)/python scripts/bench.py $(BENCH)
