# Multi-stage image: build a virtualenv with the runtime only (no scikit-learn), copy it into a slim base,
# bake in the model bundle, run as a non-root user. Build: docker build -t hscc . ; run: see README.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY pyproject.toml README.md constraints.txt ./
COPY service ./service
COPY training/__init__.py ./training/__init__.py
RUN pip install --no-cache-dir -c constraints.txt .

FROM python:3.11-slim-bookworm
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin app
COPY --from=build /opt/venv /opt/venv
COPY models /app/models
WORKDIR /app
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HSCC_MODEL_DIR=/app/models \
    HOST=0.0.0.0 \
    PORT=8000 \
    WORKERS=1
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/healthz', timeout=2)"]
CMD ["sh", "-c", "exec hscc serve --host \"$HOST\" --port \"$PORT\" --workers \"$WORKERS\""]
