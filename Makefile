# The two commands of the README: `make run` (portal with demo data) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# settings.py reads it too: SITE_URL, the address in e-mail links, follows the port.
export PORT

.PHONY: run test deploy-test lint format migrations-check venv browser messages

$(PY): requirements.txt requirements-dev.txt
	@python=$$(bin/find-python) || exit 1; \
	  [ -x $(PY) ] || $$python -m venv $(VENV); \
	  $(PY) -m pip install --quiet --upgrade pip && $(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(PY)

venv: $(PY)

run: $(PY)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# axe-core for the accessibility gate in tests/e2e, at the version package-lock.json pins.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

test: $(PY) node_modules/axe-core/axe.min.js
	$(PY) -m pytest $(PYTEST_ARGS)

# The real deployment on loopback: nginx (deploy/nginx-kim.conf) with a self-signed certificate,
# two gunicorn nodes, PostgreSQL (DATABASE_URL's server, or 127.0.0.1:5432), a redis-server.
deploy-test: $(PY)
	KIM_DEPLOY_TEST=1 $(PY) -m pytest tests/deploy/test_nginx_deployment.py -v -s $(PYTEST_ARGS)

lint: $(PY)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(PY)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(PY)
	$(PY) manage.py makemigrations --check --dry-run

# Writes locale/ only; locale_packages/ (better Indonesian for Django's and allauth's own strings)
# is kept by hand, so --no-obsolete never drops it.
messages: $(PY)
	$(PY) manage.py makemessages -l id --ignore '$(VENV)' --ignore 'node_modules' --ignore 'var' --no-obsolete
	$(PY) manage.py makemessages -d djangojs -l id --ignore '$(VENV)' --ignore 'node_modules' --ignore 'var' --ignore 'static/vendor' --no-obsolete
	$(PY) manage.py compilemessages --ignore '$(VENV)' --ignore 'node_modules'
