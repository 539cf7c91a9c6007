# Kazi's production image: pinned, hash-checked dependencies, a non-root user.
# Build: docker build -t kazi .      Run: see deploy/compose.yaml and the README.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH

# DejaVu Sans: PDF exports need a Unicode font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
# Dependencies first, in their own layer: it is rebuilt only when the pins change.
COPY requirements/build.txt requirements/runtime.txt requirements/
RUN python -m venv /opt/venv \
    && pip install --require-hashes -r requirements/build.txt -r requirements/runtime.txt

COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-deps --no-build-isolation . && cd / && rm -rf /src

RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/kazi --create-home kazi \
    && install -d -o kazi -g kazi -m 0700 /run/kazi-metrics
USER kazi
WORKDIR /var/lib/kazi

ENV KAZI_ENV=production \
    KAZI_HOST=0.0.0.0 \
    KAZI_PORT=8000 \
    KAZI_DATA_DIR=/var/lib/kazi
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('KAZI_PORT', '8000'), timeout=4)"]

ENTRYPOINT ["kazi"]
CMD ["serve"]
