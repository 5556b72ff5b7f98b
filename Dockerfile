# syntax=docker/dockerfile:1
# VIVID: one image for every instance. Stages: the browser app (Node), the server's
# dependencies (a cached layer: it only rebuilds when Cargo.toml or Cargo.lock change), the
# server, and a slim non-root runtime. Configure it with VIVID__SECTION__KEY variables
# (see README.md and docs/deploy-aws.md).
#
#   docker build -t vivid .                                  # MediaConvert transcodes
#   docker build --build-arg WITH_FFMPEG=true -t vivid .    # ffmpeg inside the image

FROM node:20-bookworm-slim AS client
WORKDIR /app/client
COPY client/package.json client/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY client/ ./
RUN npm run build

FROM rust:1.95-slim-bookworm AS dependencies
WORKDIR /app
COPY Cargo.toml Cargo.lock build.rs ./
# Build every dependency against empty sources, so this layer is reused until they change.
RUN mkdir src \
    && echo 'fn main() {}' > src/main.rs \
    && touch src/lib.rs \
    && cargo build --release --locked \
    && rm -rf src

FROM dependencies AS server
COPY config config
COPY migrations migrations
COPY src src
RUN touch src/main.rs src/lib.rs && cargo build --release --locked

FROM debian:bookworm-slim AS runtime
ARG WITH_FFMPEG=false
# curl: the health check. fonts-nanum: the font "Export notes" writes PDFs with (Hangul and
# Latin; without it a PDF export answers 503 font_unavailable). ffmpeg: only for images that
# transcode themselves.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl fonts-nanum \
    && if [ "$WITH_FFMPEG" = "true" ]; then apt-get install -y --no-install-recommends ffmpeg; fi \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/vivid --create-home vivid
COPY --from=server /app/target/release/vivid /usr/local/bin/vivid
COPY --from=client /app/client/dist /usr/share/vivid/client
# Listening on every interface: the embedded profile refuses that (its dev login would be
# open to the network) unless VIVID__HTTP__ALLOW_PUBLIC_EMBEDDED=true is passed for a demo
# (docker run -p 127.0.0.1:8080:8080 …); a real deployment sets VIVID__PROFILE=production.
# Metrics on a port of their own, for a scraper inside the VPC; the load balancer routes
# only 8080.
ENV VIVID__HTTP__ADDR=0.0.0.0:8080 \
    VIVID__HTTP__METRICS_ADDR=0.0.0.0:9464 \
    VIVID__HTTP__CLIENT_DIR=/usr/share/vivid/client \
    VIVID__DATA_DIR=/var/lib/vivid
USER 10001:10001
WORKDIR /var/lib/vivid
EXPOSE 8080 9464
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["curl", "-fsS", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["vivid"]
CMD ["serve"]
