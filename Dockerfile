# reportbot container: a static binary on a distroless base, run as a
# non-root user. The bundled report is embedded in the binary, so the image
# needs no files; mount reports and a config file to use your own.
#
#   docker build -t reportbot .
#   docker run --rm -e TELEGRAM_BOT_TOKEN=… -e REPORTBOT_TELEGRAM_ENABLED=true \
#     -p 127.0.0.1:9090:9090 reportbot
#
# Build stage. The .git folder is copied on purpose: the go command stamps
# the version and commit from it, which `reportbot version` prints.
# -buildvcs=true (not auto) so that a GOFLAGS=-buildvcs=false in the
# build environment cannot silently drop the commit.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=true -ldflags="-s -w" -o /out/reportbot ./cmd/reportbot \
 && /out/reportbot version \
 && mkdir -p /out/data

# Run stage: no shell, no package manager; uid/gid 65532 ("nonroot").
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/reportbot /usr/local/bin/reportbot
# The SQLite store (store.path, default reportbot.db) lives in /data.
COPY --from=build --chown=65532:65532 /out/data /data
WORKDIR /data
VOLUME ["/data"]
USER 65532:65532
# Health, readiness and metrics; listening on all interfaces inside the
# container so a published port reaches them.
ENV REPORTBOT_ADMIN_LISTEN=:9090
EXPOSE 9090
ENTRYPOINT ["/usr/local/bin/reportbot"]
CMD ["serve"]
