import type { AppModel } from "../../model/types.js";
import type { ClaimTemplateModel } from "../../model/workload-kind.js";
import type { WorkloadParts } from "./index.js";

/**
 * A StatefulSet: its governing headless Service's name, ordered pods and a claim per pod from each
 * template. The claims are created by the StatefulSet controller, never synced by Argo CD or Flux (so
 * neither prunes them: the retention policy decides).
 */
export function statefulSetObject(app: AppModel, parts: WorkloadParts): Record<string, unknown> {
  if (app.workload.kind !== "StatefulSet") throw new Error(`internal: ${app.name} is not a StatefulSet`);
  const s = app.workload.statefulSet;
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: parts.metadata,
    spec: {
      serviceName: s.serviceName,
      replicas: app.replicas,
      podManagementPolicy: s.podManagementPolicy,
      updateStrategy: { type: s.updateStrategy.type, ...(s.updateStrategy.partition !== undefined ? { rollingUpdate: { partition: s.updateStrategy.partition } } : {}) },
      ...(s.persistentVolumeClaimRetentionPolicy ? { persistentVolumeClaimRetentionPolicy: s.persistentVolumeClaimRetentionPolicy } : {}),
      revisionHistoryLimit: 5,
      selector: { matchLabels: app.selectorLabels },
      template: { metadata: parts.podMetadata, spec: parts.podSpec },
      ...(s.volumeClaimTemplates.length > 0 ? { volumeClaimTemplates: s.volumeClaimTemplates.map(claimTemplate) } : {}),
    },
  };
}

/**
 * A claim template written as the API server returns it (apiVersion, kind and volumeMode filled in), so
 * Argo CD's diff does not show a StatefulSet out of sync forever. No labels: the templates cannot change
 * after creation, and the app's labels carry its version.
 */
function claimTemplate(c: ClaimTemplateModel): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: c.name },
    spec: {
      accessModes: c.accessModes,
      ...(c.storageClassName !== undefined ? { storageClassName: c.storageClassName } : {}),
      volumeMode: "Filesystem",
      resources: { requests: { storage: c.size } },
    },
  };
}

/** The governing Service: headless (clusterIP None), so each pod gets a DNS name <pod>.<service>. */
export function headlessServiceObject(app: AppModel, metadata: Record<string, unknown>): Record<string, unknown> {
  if (app.workload.kind !== "StatefulSet") throw new Error(`internal: ${app.name} is not a StatefulSet`);
  const main = app.containers.find((c) => c.role === "main");
  const ports = [
    ...(main?.port !== undefined ? [{ name: "http", port: main.port, targetPort: "http", protocol: "TCP" }] : []),
    ...(app.service?.extraPorts ?? []).map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: "TCP" })),
  ];
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata,
    spec: {
      clusterIP: "None",
      selector: app.selectorLabels,
      ...(ports.length > 0 ? { ports } : {}),
    },
  };
}
