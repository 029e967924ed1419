/**
 * A config as a new user writes one (issue 23): four apps over three environments, flow sequences and maps
 * (padded and not), blank lines, aligned trailing comments, every quoting style, an app-level policy exception.
 */
export const NEW_USER_CONFIG = `# Shop: four apps over three environments.
project:
  name: shop

apps:
  - name: web
    main:
      name: nginx
      image: nginxinc/nginx-unprivileged
      tag: "1.27.4-alpine"                 # bumped by Renovate
      port: 8080
      resources:
        requests: { cpu: 50m, memory: 64Mi }
        limits: { cpu: 250m, memory: 128Mi }
      mounts: [{ volume: tmp, mountPath: /tmp }]
    volumes: [{ name: tmp, emptyDir: { sizeLimit: 16Mi } }]

  - name: checkout
    main:
      name: api
      image: ghcr.io/example/checkout
      tag: 1.14.0                          # the release CI built
      port: 8080
      args: [--port=8080, --log-format=json]
      resources:
        requests: { cpu: 100m, memory: 128Mi }
        limits: { cpu: 500m, memory: 256Mi }
    sidecars:
      - type: custom
        name: proxy
        image: ghcr.io/example/proxy
        tag: '2.3.1'
        args: [ --listen=:9000, --upstream=127.0.0.1:8080 ]
        resources:
          requests: {cpu: 10m, memory: 16Mi}
          limits: {cpu: 100m, memory: 64Mi}

  - name: catalog
    main:
      name: catalog
      image: ghcr.io/example/catalog
      tag: "3.2.0"
      port: 8080
      resources: { requests: { cpu: 50m, memory: 64Mi }, limits: { cpu: 200m, memory: 128Mi } }

  - name: worker
    main:
      name: worker
      image: ghcr.io/example/worker
      tag: 0.9.2
      command: [/worker]
      args: [ --queue=orders ]
      resources: { requests: { cpu: 50m, memory: 64Mi }, limits: { cpu: 200m, memory: 128Mi } }
    policy:
      ignore:
        - rule: probes
          reason: a queue consumer without a port; Kubernetes restarts it when it exits

environments:
  dev:
    apps:
      checkout:
        containers:
          api: { tag: 1.15.0 }             # CI's latest build
          proxy:
            tag: '2.4.0'
      web:
        containers:
          nginx:
            tag: "1.27.5-alpine"

  staging:
    replicas: 2
    apps:
      checkout:
        containers:
          api: { tag: 1.14.0 }             # last promoted
          proxy:
            tag: '2.3.1'                   # last promoted
      web:
        containers:
          nginx:
            tag: "1.27.4-alpine"

  prod:
    replicas: 3                            # three zones
    sync: { selfHeal: false }

delivery:
  repoURL: https://github.com/example/shop.git
  revision: main
  engines: [flux]          # Flux only, for now
  clusters:
    main: { server: https://kubernetes.default.svc }
`;
