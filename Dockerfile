# One image for the HTTP host and the worker:
#   docker run IMAGE                              → node dist/host/http.mjs (port 5000)
#   docker run IMAGE node dist/host/worker.mjs    → the BullMQ worker (needs REDIS_URL)

# ---- build: every dependency, the sources, the esbuild bundles --------------------------------
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts stay off: the only ones are esbuild's binary check and msgpackr-extract's
# optional native build (package.json `allowScripts` says the same for npm versions that read it);
# `prepare` would build before the sources are here.
RUN npm ci --ignore-scripts --no-audit --no-fund --cache /tmp/npm-cache && rm -rf /tmp/npm-cache
COPY . .
# dist/lambda is the AWS Lambda package (docs/deploy.md), not part of this image.
RUN npm run build && rm -rf dist/lambda

# ---- runtime: production dependencies, the bundles and the prompts, nothing else ---------------
FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=5000 \
    HOST=0.0.0.0 \
    OUTPUT_DIR=/app/output \
    DATA_DIR=/app/data
WORKDIR /app
# A fixed uid/gid, so volumes and Kubernetes' runAsUser/fsGroup agree with the image.
RUN groupadd --gid 10001 app && useradd --uid 10001 --gid app --no-create-home --home-dir /app app
COPY package.json package-lock.json ./
# Optional packages left out too: TypeScript (an optional peer of valibot, types only, 23 MB) and
# msgpackr's native add-on (msgpackr falls back to plain JavaScript).
# Then what never runs here: type declarations, source maps, TypeScript sources, and the
# tokenizer's CommonJS copy and other encodings (the bundles import o200k_base as ESM only).
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund --cache /tmp/npm-cache \
    && rm -rf /tmp/npm-cache \
    && find node_modules -type f \( -name "*.d.ts" -o -name "*.d.mts" -o -name "*.d.cts" -o -name "*.map" \) -delete \
    && rm -rf node_modules/openai/src node_modules/gpt-tokenizer/src node_modules/gpt-tokenizer/data \
       node_modules/gpt-tokenizer/cjs \
       node_modules/gpt-tokenizer/esm/bpeRanks/cl100k_base.js node_modules/gpt-tokenizer/esm/bpeRanks/p50k_base.js \
       node_modules/gpt-tokenizer/esm/bpeRanks/r50k_base.js
COPY --from=build /app/dist ./dist
COPY prompts ./prompts
# The only folders the process writes; named volumes mounted here take this ownership.
RUN mkdir -p output data && chown app:app output data
USER app
EXPOSE 5000
# No curl in the slim image: Node's fetch asks the host's own health route.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||5000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/host/http.mjs"]
