# faqbot in a container: `docker build -t faqbot .`, then `docker compose --profile single up` (README, "Operating faqbot").
# The install steps live in docker/install.sh, which a test runs in a clean venv (tests/docker/test_install.py).

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY adapters ./adapters
COPY knowledge ./knowledge
COPY docker/install.sh /usr/local/bin/faqbot-install
RUN sh /usr/local/bin/faqbot-install /src /opt/faqbot

FROM python:3.11-slim
LABEL org.opencontainers.image.title="faqbot" org.opencontainers.image.licenses="MIT"
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/faqbot/bin:$PATH \
    FAQBOT_HOME=/var/lib/faqbot \
    FAQBOT_KB=/kb \
    FAQBOT_CACHE_DIR=/var/lib/faqbot/cache \
    FAQBOT_HTTP_LISTEN=0.0.0.0:9100 \
    FAQBOT_LOG_FORMAT=json
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/faqbot --no-create-home faqbot \
    && mkdir -p /kb /var/lib/faqbot/data /var/lib/faqbot/cache \
    && chown -R faqbot:faqbot /kb /var/lib/faqbot
COPY --from=build /opt/faqbot /opt/faqbot
# The shipped KB seeds the KB volume the first time it is mounted; edits there are reloaded live.
COPY --from=build --chown=faqbot:faqbot /src/knowledge/*.yaml /kb/
USER 10001:10001
WORKDIR /var/lib/faqbot
VOLUME ["/kb", "/var/lib/faqbot"]
# 8080: the Telegram webhook (TELEGRAM_WEBHOOK_LISTEN); 9100: /healthz, /readyz, /metrics (FAQBOT_HTTP_LISTEN).
EXPOSE 8080 9100
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9100/healthz', timeout=4)"]
ENTRYPOINT ["faqbot"]
# -v: one JSON log line per user action (INFO), which an operator wants from a container.
CMD ["-v", "run"]
