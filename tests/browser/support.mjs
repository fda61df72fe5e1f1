// Shared set-up for the browser tests: build the example site into a
// temporary folder, serve it on 127.0.0.1, start Debian's Chromium, and read
// the example data independently of the Rust code (to compute expectations).

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, extname, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";
import { chromium } from "playwright-core";

export const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Builds the repository's example project; returns the output folder. */
export function buildExample() {
  const out = join(mkdtempSync(join(tmpdir(), "menukaart-browser-")), "output");
  execFileSync("cargo", ["run", "--quiet", "--", "build", "--root", repo, "--output", out], {
    cwd: repo,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, SOURCE_DATE_EPOCH: "1790000000" },
  });
  return out;
}

const types = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".xml": "application/xml",
  ".json": "application/json",
  ".csv": "text/csv; charset=utf-8",
  ".pdf": "application/pdf",
};

/** A static file server for `root` on 127.0.0.1 and a free port. */
export async function serve(root) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404).end("niet gevonden");
      return;
    }
    res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}

/** Debian's Chromium, with the flags this machine needs. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      "--disable-quic",
    ],
  });
}

/** Every file below `dir` with the given extension, as relative paths. */
export function filesIn(dir, ext, prefix = "") {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...filesIn(full, ext, prefix + name + "/"));
    else if (name.endsWith(ext)) found.push(prefix + name);
  }
  return found.sort();
}

/** The example data, read straight from the TOML and front matter. */
export function readExample() {
  const interventions = {};
  for (const name of readdirSync(join(repo, "interventions"))) {
    if (!name.endsWith(".md")) continue;
    const text = readFileSync(join(repo, "interventions", name), "utf8");
    const front = text.split(/^\+\+\+\s*$/m)[1];
    interventions[name.slice(0, -3)] = parseToml(front);
  }
  const regions = {};
  for (const name of readdirSync(join(repo, "regions"))) {
    if (!name.endsWith(".toml")) continue;
    regions[name.slice(0, -5)] = parseToml(readFileSync(join(repo, "regions", name), "utf8"));
  }
  return { interventions, regions };
}

/**
 * The arrangements that apply to a region's entry, as the spec defines
 * them: a regional vergoeding replaces the national one; when it is limited
 * to some gemeenten, the national one still holds in the others.
 */
export function vergoedingen(entry, intervention) {
  const regional = entry.vergoeding;
  if (!regional) return [intervention.vergoeding];
  if (regional.gemeenten && regional.gemeenten.length) return [regional, intervention.vergoeding];
  return [regional];
}
