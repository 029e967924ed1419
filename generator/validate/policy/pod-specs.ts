/** Where a workload keeps its pod spec, as a JSON pointer, by kind. */
const POD_SPEC_POINTERS: Record<string, string> = {
  Pod: "/spec",
  Deployment: "/spec/template/spec",
  ReplicaSet: "/spec/template/spec",
  StatefulSet: "/spec/template/spec",
  DaemonSet: "/spec/template/spec",
  Job: "/spec/template/spec",
  ReplicationController: "/spec/template/spec",
  CronJob: "/spec/jobTemplate/spec/template/spec",
};

/** Kinds whose pods are long-running services, where probes on the main container make sense. */
export const SERVING_KINDS = new Set(["Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController"]);

export type Json = Record<string, unknown>;

export interface PodSpecRef {
  pointer: string;
  spec: Json;
  /** Pod-template metadata (for AppArmor annotations). */
  metadata: Json;
}

/** The pod spec of a workload object, or undefined for kinds that have none. */
export function findPodSpec(obj: Json): PodSpecRef | undefined {
  const pointer = POD_SPEC_POINTERS[String(obj.kind)];
  if (!pointer) return undefined;
  const spec = at(obj, pointer);
  if (!isObject(spec)) return undefined;
  const metaPointer = pointer === "/spec" ? "/metadata" : pointer.replace(/\/spec$/, "/metadata");
  const metadata = at(obj, metaPointer);
  return { pointer, spec, metadata: isObject(metadata) ? metadata : {} };
}

export interface ContainerRef {
  pointer: string;
  container: Json;
  list: "containers" | "initContainers" | "ephemeralContainers";
}

/** Every container of a pod spec: regular, init (incl. native sidecars) and ephemeral. */
export function allContainers(pod: PodSpecRef): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const list of ["containers", "initContainers", "ephemeralContainers"] as const) {
    const items = pod.spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((c, i) => {
      if (isObject(c)) out.push({ pointer: `${pod.pointer}/${list}/${i}`, container: c, list });
    });
  }
  return out;
}

export function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads an RFC 6901 pointer. */
export function at(obj: unknown, pointer: string): unknown {
  if (pointer === "") return obj;
  let cur: unknown = obj;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(cur)) cur = cur[Number(key)];
    else if (isObject(cur)) cur = cur[key];
    else return undefined;
  }
  return cur;
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}
