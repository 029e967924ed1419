/**
 * The Git host of the sync suite: `git http-backend` (Git's own smart-HTTP server, a CGI program) behind a
 * node:http server on 127.0.0.1, serving the bare repositories under one folder read-only. Flux's
 * source-controller clones from it as it would from GitHub.
 */
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";

export interface GitServer {
  /** http://127.0.0.1:PORT: a repository at ROOT/NAME.git is URL/NAME.git. */
  url: string;
  stop(): Promise<void>;
}

export async function startGitServer(root: string): Promise<GitServer> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const cgi = spawn("git", ["http-backend"], {
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: "1",
        REQUEST_METHOD: req.method ?? "GET",
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers["content-type"] ?? "",
        ...(req.headers["content-length"] ? { CONTENT_LENGTH: req.headers["content-length"] } : {}),
        ...(req.headers["git-protocol"] ? { GIT_PROTOCOL: String(req.headers["git-protocol"]) } : {}),
        HTTP_CONTENT_ENCODING: req.headers["content-encoding"] ?? "",
        REMOTE_ADDR: "127.0.0.1",
      },
      stdio: ["pipe", "pipe", "ignore"],
    });
    req.pipe(cgi.stdin);
    // CGI output: header lines, a blank line, then the body.
    let head = Buffer.alloc(0);
    let headersDone = false;
    cgi.stdout.on("data", (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      const endLf = head.indexOf("\n\n");
      const [at, sepLen] = end !== -1 && (endLf === -1 || end < endLf) ? [end, 4] : [endLf, 2];
      if (at === -1) return;
      headersDone = true;
      let status = 200;
      for (const line of head.subarray(0, at).toString("latin1").split(/\r?\n/)) {
        const i = line.indexOf(":");
        if (i === -1) continue;
        const name = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (name.toLowerCase() === "status") status = Number(value.split(" ")[0]);
        else res.setHeader(name, value);
      }
      res.writeHead(status);
      res.write(head.subarray(at + sepLen));
    });
    cgi.on("close", () => res.end());
    cgi.on("error", () => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
