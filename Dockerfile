# One image for every component; docker-compose picks the component with `serve --component`.
# It also runs the control plane and the load test against a running stack:
#   docker-compose run --rm ctl faults status
#   docker-compose run --rm ctl loadtest --target http://lgsp:8300 --duration 2m
# (locust comes with the `loadtest` extra). It runs as an unprivileged user; /data is where
# the gateways keep their ledgers (a named volume takes this folder's owner when first made).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY gateway ./gateway
COPY connectors ./connectors
COPY mock_registries ./mock_registries
COPY loadtests ./loadtests
COPY simulator ./simulator
RUN pip install --no-cache-dir ".[loadtest]" \
    && useradd --system --uid 10001 --user-group --home-dir /app --no-create-home ndxp \
    && mkdir -p /data /app/var /app/out \
    && chown ndxp:ndxp /data /app/var /app/out
ENV NDXP_HOST=0.0.0.0 \
    NDXP_LEDGER_PATH=/data/ledger.sqlite \
    PYTHONDONTWRITEBYTECODE=1
USER ndxp:ndxp
# Health: each compose service asks its own /healthz with Python's urllib (no curl in a slim
# image); the port depends on the component, so the check lives in docker-compose.yml.
ENTRYPOINT ["ndxp-sim"]
