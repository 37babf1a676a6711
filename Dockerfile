# pinterest-mcp in a container: Streamable HTTP at :8000/mcp by default, or stdio with `docker run -i ... serve`.
#
#   docker build -t pinterest-mcp .
#   docker run -d --name pinterest-mcp -p 127.0.0.1:8000:8000 \
#     -e PINTEREST_MCP_HTTP_TOKEN="$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')" \
#     -e PINTEREST_ACCESS_TOKEN -e PINTEREST_REFRESH_TOKEN -e PINTEREST_APP_ID -e PINTEREST_APP_SECRET \
#     -v pinterest-mcp-config:/config -v pinterest-mcp-data:/data pinterest-mcp
#
# Credentials come from the environment, never from the image. Pinterest rotates the refresh token on
# every refresh: the server saves the new one in the config volume (/config; a 0600 file, as there is no
# OS keyring here), so keep that volume, or the next start has only the original, now spent, refresh
# token. The write journal (undo) and downloaded reports live in the data volume (/data).
# A container must bind 0.0.0.0, where the SDK's loopback Host/Origin checks are off: the server then
# refuses to start without PINTEREST_MCP_HTTP_TOKEN, and clients send `Authorization: Bearer <token>`.

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    XDG_CONFIG_HOME=/config \
    XDG_DATA_HOME=/data \
    PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring \
    PINTEREST_MCP_HEALTH_URL=http://127.0.0.1:8000/healthz
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl \
    && rm -rf /wheels \
    && useradd --system --uid 10001 --user-group --no-create-home --home-dir /data pinterest \
    && mkdir -p /config /data \
    && chown pinterest:pinterest /config /data \
    && chmod 0700 /config /data
USER pinterest
WORKDIR /data
VOLUME ["/config", "/data"]
EXPOSE 8000
# Unauthenticated by design: /healthz says "ok" and the version, nothing else. Not for stdio containers.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(os.environ['PINTEREST_MCP_HEALTH_URL'], timeout=4)"]
ENTRYPOINT ["pinterest-mcp"]
CMD ["serve", "--transport", "http", "--host", "0.0.0.0", "--port", "8000"]
