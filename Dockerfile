# crmload as a container image, for `crmload k8s` (docs/distributed.md) and CI runners.
#   docker build -t crmload:local .
#   docker run --rm crmload:local run --url http://host.docker.internal:8080/health --rate 10 --duration 5s
# The CLI runs as the unprivileged `node` user (uid 1000), which the Job's securityContext requires.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No dependency needs an install script; the package's own `prepare` (tsc) runs below, explicitly.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY src ./src
RUN npx tsc -p tsconfig.json

FROM node:20-bookworm-slim
ENV NODE_ENV=production NO_COLOR=1
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY schema ./schema
COPY scenarios ./scenarios
# Scenarios mounted under /app (the Job mounts its ConfigMap at /app/k8s-scenario) resolve
# `import … from 'crmload'` to this package by its own name.
RUN mkdir -p /app/k8s-scenario && chown -R node:node /app/k8s-scenario
USER node
ENTRYPOINT ["node", "/app/bin/crmload.js"]
CMD ["--help"]
