# One image for every component; docker-compose picks the component with `serve --component`.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY gateway ./gateway
COPY connectors ./connectors
COPY mock_registries ./mock_registries
COPY loadtests ./loadtests
COPY simulator ./simulator
RUN pip install --no-cache-dir .
ENV NDXP_HOST=0.0.0.0
ENTRYPOINT ["ndxp-sim"]
