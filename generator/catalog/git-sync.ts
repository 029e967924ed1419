import { catalogContainer, expansion, httpProbe, privateVolume } from "./common.js";
import { CATALOG_IMAGES } from "./images.js";
import type { CatalogEntry } from "./types.js";

/** git-sync v4 keeping a shared volume in step with a Git repository. */
export const gitSync: CatalogEntry<"git-sync"> = (s, ctx) => {
  const name = s.name ?? "git-sync";
  const httpPort = s.httpPort ?? 2021;
  const root = s.mountPath ?? "/git";
  const tmpVolume = privateVolume(name, "tmp");
  const x = expansion(
    catalogContainer(s, {
      name: "git-sync",
      image: CATALOG_IMAGES.gitSync,
      resources: { requests: { cpu: "20m", memory: "32Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
      args: [
        `--repo=${s.repo}`,
        `--ref=${s.ref ?? "HEAD"}`,
        `--root=${root}`,
        `--link=${s.link ?? "current"}`,
        `--period=${s.period ?? "60s"}`,
        `--depth=${s.depth ?? 1}`,
        `--http-bind=:${httpPort}`,
      ],
      // git writes ~/.gitconfig: HOME is /tmp in the image, an emptyDir here (the root filesystem is read-only).
      env: { HOME: "/tmp" },
      mounts: [
        { volume: s.volume, mountPath: root, pointer: [...ctx.at, "volume"] },
        { volume: tmpVolume, mountPath: "/tmp", pointer: ctx.at },
      ],
      ports: [{ name: "git-sync", containerPort: httpPort }],
      probes: {
        // git-sync answers 200 on / once the first sync is done: in native mode the main container starts
        // with the content in place.
        startup: httpProbe("/", "git-sync", { periodSeconds: 2, failureThreshold: 150 }),
        liveness: httpProbe("/", "git-sync", { periodSeconds: 30, timeoutSeconds: 5 }),
      },
    }),
    ctx,
  );
  x.ports = [{ port: httpPort, pointer: [...ctx.at, "httpPort"] }];
  x.volumes = [{ name: tmpVolume, emptyDir: { medium: "", sizeLimit: "64Mi" } }];
  x.writes = [{ volume: s.volume, pointer: [...ctx.at, "volume"] }];
  x.sharedWithMain = [{ volume: s.volume, pointer: [...ctx.at, "volume"] }];
  return x;
};
