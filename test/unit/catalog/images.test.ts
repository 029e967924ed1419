import { describe, expect, it } from "vitest";
import { CATALOG_IMAGES } from "../../../generator/catalog/images.js";
import { configSchema } from "../../../generator/config/validate.js";
import { appOf, withAppUser, withMainMounts } from "./helpers.js";

interface Definitions {
  imageName: { pattern: string };
  imageTag: { pattern: string; not: { pattern: string } };
}
const defs = (configSchema() as { definitions: Definitions }).definitions;
const entries = Object.entries(CATALOG_IMAGES);

describe("CATALOG_IMAGES", () => {
  it("reads the patterns from the schema", () => {
    expect(defs.imageName.pattern).toMatch(/^\^.*\$$/);
    expect(defs.imageTag.pattern).toMatch(/^\^.*\$$/);
    for (const t of ["latest", "LATEST", "Latest"]) expect(t).toMatch(new RegExp(defs.imageTag.not.pattern));
  });

  it.each(entries)("%s: image and tag are valid in the config, so an override can name them", (_key, img) => {
    expect(img.image).toMatch(new RegExp(defs.imageName.pattern));
    expect(img.tag).toMatch(new RegExp(defs.imageTag.pattern));
    expect(img.tag).not.toMatch(new RegExp(defs.imageTag.not.pattern));
  });

  it.each(entries)("%s: pinned (no latest, no floating major-only tag) and from a named upstream", (_key, img) => {
    expect(img.tag.toLowerCase()).not.toContain("latest");
    expect(img.tag).toMatch(/\d+\.\d+/);
    expect(img.image).not.toMatch(/[:@]/);
    expect(img.upstream).toMatch(/^https:\/\/\S+$/);
  });

  it.each(entries)("%s: runs as a non-root user and group", (_key, img) => {
    expect(Number.isInteger(img.runAsUser)).toBe(true);
    expect(img.runAsUser).toBeGreaterThan(0);
    expect(Number.isInteger(img.runAsGroup)).toBe(true);
    expect(img.runAsGroup).toBeGreaterThan(0);
  });

  it("every image is used by a catalog entry, with its user, and nothing outside the table is", () => {
    const text =
      withAppUser(withMainMounts("{ volume: logs, mountPath: /var/log/nginx }", "{ volume: html, mountPath: /usr/share/nginx/html }")) +
      `    sidecars:
      - type: log-shipper
        volume: logs
      - type: git-sync
        volume: html
        repo: https://example.com/site.git
      - type: config-reloader
        name: signal-reloader
        mountPath: /etc/nginx/conf.d
        files: { a.conf: x }
      - type: config-reloader
        name: hook-reloader
        mountPath: /etc/prometheus
        files: { b.yml: y }
        reload: { webhook: { url: http://127.0.0.1:9090/-/reload } }
      - type: nginx-exporter
        confDir: /etc/nginx/stub-status
      - type: ambassador
        listenPort: 6379
        upstream: { host: redis.internal, port: 6379 }
      - type: date-logger
        volume: logs
        mountPath: /logs
        file: date.txt
    volumes:
      - name: logs
      - name: html
`;
    const app = appOf(text);
    const sidecars = app.containers.filter((c) => c.role === "sidecar");
    const used = new Set(sidecars.map((c) => `${c.image}:${c.tag}`));
    expect([...used].sort()).toEqual(entries.map(([, i]) => `${i.image}:${i.tag}`).sort());
    for (const c of sidecars) {
      const img = entries.find(([, i]) => i.image === c.image)![1];
      // The signal reloader runs as the main container's user (101) instead.
      expect(c.security.runAsUser).toBe(c.name === "signal-reloader" ? 101 : img.runAsUser);
    }
  });
});
