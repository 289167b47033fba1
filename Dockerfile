# A minimal kohub-cli image: the single-file binary and nothing else that it does not need (no Node, no Bun,
# no shell, no package manager), run as a non-root user.
#
#   docker build -t kohub-cli --build-arg KOHUB_COMMIT=$(git rev-parse --short=12 HEAD) .
#   docker run --rm -e HF_ENDPOINT=https://hub.example.com -e HF_TOKEN kohub-cli repo list
#
# Base image: gcr.io/distroless/cc, with the glibc binary. `bun build --compile` binaries are dynamically
# linked, so scratch and distroless/static cannot run them. The glibc build needs only glibc (libc, libm,
# libpthread, libdl) and a /proc; distroless/cc has glibc, libgcc, libstdc++ (and libssl, libgomp), a
# `nonroot` user (65532) and no shell (tests/dist/distroless.test.ts runs the binary in such a root). The musl build would need alpine plus `apk add libstdc++ libgcc` (it links libstdc++.so.6),
# which brings a shell and apk along. tests/dist/docker.test.ts checks the properties of this file.

# 1. Build the binary for the image's architecture (docker buildx sets TARGETARCH: amd64 or arm64).
FROM node:22-bookworm-slim AS build
ARG TARGETARCH=amd64
ARG KOHUB_COMMIT=unknown
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN arch="$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64)" \
  && KOHUB_COMMIT="$KOHUB_COMMIT" npx bun build.ts --target "linux-$arch" \
  && cp "dist/kohub-cli-linux-$arch" /kohub-cli \
  && /kohub-cli --version \
  && mkdir -m 700 /kohub-home

# 2. The image: the binary alone on distroless/cc, as the non-root user.
FROM gcr.io/distroless/cc-debian12:nonroot
LABEL org.opencontainers.image.title="kohub-cli" \
  org.opencontainers.image.description="Command-line client for KohakuHub, the self-hosted Hugging Face Hub" \
  org.opencontainers.image.licenses="MIT"
COPY --from=build --chmod=755 /kohub-cli /usr/local/bin/kohub-cli
# The config folder exists and is the user's: a named volume mounted on it takes its owner from it.
COPY --from=build --chown=65532:65532 /kohub-home /home/nonroot/.kohub
USER 65532:65532
ENV HOME=/home/nonroot
WORKDIR /home/nonroot
ENTRYPOINT ["kohub-cli"]
CMD ["--help"]
