# pinterest-mcp over Streamable HTTP. Inside a container the server must bind 0.0.0.0, which turns off
# the SDK's loopback Host/Origin checks: publish the port on 127.0.0.1 or behind an authenticating proxy.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir . && useradd --create-home pinterest
USER pinterest
EXPOSE 8000
ENTRYPOINT ["pinterest-mcp", "serve"]
CMD ["--transport", "http", "--host", "0.0.0.0", "--port", "8000"]
