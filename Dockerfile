# syntax=docker/dockerfile:1
# quorumpoint's container image: docs/deploy.md. Two stages: the build (TypeScript, dev
# dependencies) and the runtime (production dependencies, the compiled files, no compiler).

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
COPY workers ./workers
RUN npm run build

FROM node:20.20.2-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/workers ./dist/workers
# The dashboard's files are read from the source tree's place (src/server/static-files.ts).
COPY src/server/static ./src/server/static
# glibc reads this when the process starts (src/memory/policy.ts says why): as the bin's shebang sets it.
ENV MALLOC_MMAP_THRESHOLD_=65536
# In a container the API listens on every interface; the port is the image's contract.
ENV QUORUMPOINT_BIND=0.0.0.0 \
    QUORUMPOINT_PORT=5555
# node's own unprivileged user of the official image.
USER node
EXPOSE 5555
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.QUORUMPOINT_PORT+'/readyz').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The bin's shebang, spelled out: V8 reads these flags when each isolate starts.
ENTRYPOINT ["node", "--single-threaded-gc", "--max-semi-space-size=1", "--expose-gc", "dist/src/cli/main.js"]
CMD ["serve", "--upstreams-config", "/etc/quorumpoint/upstreams.json"]
