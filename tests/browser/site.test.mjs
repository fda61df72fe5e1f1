// The generated site in a real browser: accessibility (axe-core, WCAG 2.1
// A/AA), valid HTML (Nu Html Checker), the regional page's overview near the
// top, filters and search (synonyms, several aandoeningen, counts), no
// JavaScript, no requests to other hosts, screenshots at phone and desktop
// width.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { buildExample, serve, launch, filesIn, readExample, vergoedingen, repo } from "./support.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

let out, server, base, browser;
const data = readExample();
const regionSlugs = Object.keys(data.regions).sort();

before(async () => {
  out = buildExample();
  ({ server, base } = await serve(out));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (out) rmSync(dirname(out), { recursive: true, force: true });
});

/** A page that records every request; fails the test if one leaves 127.0.0.1. */
async function openPage(path, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const foreign = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol !== "data:" && url.hostname !== "127.0.0.1") foreign.push(request.url());
  });
  const response = await page.goto(base + path, { waitUntil: "load" });
  assert.equal(response.status(), 200, `${path} loads`);
  return { page, context, foreign };
}

const pageTypes = () => {
  const region = regionSlugs[0];
  const firstId = data.regions[region].interventie[0].id;
  return {
    home: "index.html",
    catalogus: "interventies/index.html",
    "landelijke interventie": `interventies/${firstId}/index.html`,
    "regionale menukaart": `${region}/index.html`,
    "regionale interventie": `${region}/${firstId}/index.html`,
  };
};

test("axe-core finds no WCAG 2.1 A/AA violation on any page type", async () => {
  for (const [kind, path] of Object.entries(pageTypes())) {
    // CSP forbids injected scripts; axe is evaluated through DevTools instead.
    const { page, context } = await openPage(path, { bypassCSP: true });
    await page.evaluate(axeSource);
    const result = await page.evaluate(() =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
    );
    const problems = result.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
    );
    assert.deepEqual(problems, [], `${kind} (${path})`);
    await context.close();
  }
});

test("the Nu Html Checker reports no errors on any generated page", () => {
  const pages = filesIn(out, ".html").map((p) => join(out, p));
  assert.ok(pages.length > 20);
  const jar = require.resolve("vnu-jar/build/dist/vnu.jar");
  let report;
  try {
    execFileSync("java", ["-jar", jar, "--errors-only", "--format", "json", ...pages], { stdio: "pipe" });
    report = { messages: [] };
  } catch (err) {
    report = JSON.parse(err.stderr.toString() || err.stdout.toString());
  }
  const errors = report.messages.map((m) => `${m.url.replace("file:" + out, "")}:${m.lastLine}: ${m.message}`);
  assert.deepEqual(errors, []);
});

test("thema + geen kosten shows exactly the matching interventions, and the address restores the view", async () => {
  for (const slug of regionSlugs) {
    const region = data.regions[slug];
    // Pick the thema with the most interventions in this region.
    const counts = {};
    for (const entry of region.interventie) {
      for (const t of data.interventions[entry.id].themas) counts[t] = (counts[t] || 0) + 1;
    }
    const thema = Object.keys(counts).sort((a, b) => counts[b] - counts[a])[0];
    const expected = region.interventie
      .filter((entry) => {
        const i = data.interventions[entry.id];
        // "Geen kosten voor de patiënt", by the rule in src/cost.rs:
        // nothing to pay under every arrangement that applies.
        const free = vergoedingen(entry, i).every(
          (v) =>
            !v.eigen_bijdrage &&
            ((v.soort === "basisverzekering" && v.eigen_risico === false) ||
              v.soort === "gemeente" ||
              v.soort === "gratis"),
        );
        return i.themas.includes(thema) && free;
      })
      .map((entry) => data.interventions[entry.id].naam)
      .sort();

    const { page, context, foreign } = await openPage(`${slug}/index.html`);
    await page.selectOption("#f-thema", thema);
    await page.check("#f-geen-kosten");
    const visible = () => visibleNames(page);
    assert.deepEqual(await visible(), expected, `${slug}: ${thema} zonder kosten`);
    // The full cards below the overview follow the same filter.
    const cards = (await page.locator("article.card:visible h3 a").allInnerTexts()).map((s) => s.trim()).sort();
    assert.deepEqual(cards, expected, `${slug}: cards follow the filter`);
    const status = await page.locator("#filter-uitslag").innerText();
    assert.match(status, expected.length ? new RegExp(`^${expected.length} van de ${region.interventie.length}`) : /Geen interventies/);
    assert.match(page.url(), new RegExp(`thema=${thema}`));
    assert.match(page.url(), /geen_kosten=ja/);

    await page.reload({ waitUntil: "load" });
    assert.deepEqual(await visible(), expected, `${slug}: same view after reload`);
    assert.equal(await page.inputValue("#f-thema"), thema);
    assert.ok(await page.isChecked("#f-geen-kosten"));

    // Search covers aanbieders too, and ignores accents.
    await page.click("button[type=reset]");
    const entry = region.interventie.find((e) => e.aanbieder && e.aanbieder.length);
    await page.fill("#f-zoek", entry.aanbieder[0].naam);
    const found = await visible();
    assert.ok(found.includes(data.interventions[entry.id].naam), `${slug}: search finds ${entry.aanbieder[0].naam}`);
    assert.deepEqual(foreign, []);
    await context.close();
  }
});

test("without JavaScript every intervention is reachable and the filters stay out of the way", async () => {
  for (const slug of regionSlugs) {
    const { page, context } = await openPage(`${slug}/index.html`, { javaScriptEnabled: false });
    assert.equal(await page.locator("#filters").isVisible(), false);
    // The overview is the fallback: every intervention of the region in it, visible.
    const expected = data.regions[slug].interventie.map((e) => data.interventions[e.id].naam).sort();
    assert.deepEqual(await visibleNames(page), expected, `${slug}: overview without JavaScript`);
    for (const entry of data.regions[slug].interventie) {
      const link = page.locator(`a[href="../${slug}/${entry.id}/index.html"]`).first();
      assert.ok(await link.isVisible(), `${slug}/${entry.id} link visible`);
      await link.click();
      assert.match(page.url(), new RegExp(`/${slug}/${entry.id}/index.html$`));
      assert.ok((await page.locator("h1").innerText()).includes(data.interventions[entry.id].naam));
      await page.goBack();
    }
    await context.close();
  }
});

/** Names in the overview rows that are shown, sorted. */
async function visibleNames(page) {
  return (await page.locator(".overzicht-tabel tbody tr:visible th a").allInnerTexts()).map((s) => s.trim()).sort();
}

/** Opens "Filter op aandoening, …" when it is closed (it is on a phone). */
async function openMoreFilters(page) {
  if (!(await page.locator("#meer-filters").evaluate((d) => d.open))) await page.click("#meer-filters summary");
}

/** Names of a region's interventions that pass `keep(intervention)`, sorted. */
function namesWhere(slug, keep) {
  return data.regions[slug].interventie
    .map((e) => data.interventions[e.id])
    .filter(keep)
    .map((i) => i.naam)
    .sort();
}

const hasAandoening = (id) => (i) => (i.doelgroep.aandoeningen || []).includes(id);

/**
 * Two aandoeningen of a region for which "either" and "both" differ: each
 * has an intervention the other lacks. Diabetes type 2 and roken, the
 * patient of issue 14, when the region's data allows it.
 */
function twoAandoeningen(slug) {
  const ids = [...new Set(data.regions[slug].interventie.flatMap((e) => data.interventions[e.id].doelgroep.aandoeningen || []))];
  const only = (a, b) => namesWhere(slug, (i) => hasAandoening(a)(i) && !hasAandoening(b)(i)).length > 0;
  const pairs = [["diabetes-type-2", "roken"], ...ids.flatMap((a, n) => ids.slice(n + 1).map((b) => [a, b]))];
  const pair = pairs.find(([a, b]) => ids.includes(a) && ids.includes(b) && only(a, b) && only(b, a));
  assert.ok(pair, `${slug}: two aandoeningen that differ`);
  return pair;
}

test("the first intervention of the overview is in the first screen at 1280×900 and within 1.5 screens at 390×844", async () => {
  for (const slug of regionSlugs) {
    for (const [width, height, limit] of [[1280, 900, 900], [390, 844, 1.5 * 844]]) {
      const { page, context } = await openPage(`${slug}/index.html`, { viewport: { width, height } });
      // The filters are shown (JavaScript runs): the worst case for the position.
      assert.ok(await page.locator("#filters").isVisible(), `${slug} at ${width}px: filters shown`);
      const top = await page.locator(".overzicht-tabel tbody tr").first().evaluate((row) => row.getBoundingClientRect().top + window.scrollY);
      assert.ok(top < limit, `${slug} at ${width}px: first row at ${top}px, limit ${limit}px`);
      // Intro, placemat and downloads come after the overview.
      const after = await page.evaluate(() => {
        const table = document.querySelector(".overzicht-tabel").getBoundingClientRect().top;
        return [".placemat", ".downloads", ".toc", ".cards"].every((sel) => document.querySelector(sel).getBoundingClientRect().top > table);
      });
      assert.ok(after, `${slug} at ${width}px: placemat, downloads and cards after the overview`);
      await context.close();
    }
  }
});

test("search in the huisarts's words: dm2, suikerziekte and roker find what the data calls diabetes type 2 and roken", async () => {
  for (const slug of regionSlugs) {
    const { page, context } = await openPage(`${slug}/index.html`);
    const diabetes = namesWhere(slug, hasAandoening("diabetes-type-2"));
    const roken = namesWhere(slug, (i) => hasAandoening("roken")(i) || i.themas.includes("roken"));
    assert.ok(diabetes.length > 0 && diabetes.length < data.regions[slug].interventie.length, `${slug}: diabetes is a real choice`);
    for (const [words, expected] of [["dm2", diabetes], ["suikerziekte", diabetes], ["DM2", diabetes], ["roker", roken]]) {
      await page.fill("#f-zoek", words);
      assert.deepEqual(await visibleNames(page), expected, `${slug}: "${words}"`);
      const status = await page.locator("#filter-uitslag").innerText();
      if (expected.length) assert.match(status, new RegExp(`^${expected.length} van de ${data.regions[slug].interventie.length}`));
      else assert.match(status, /Geen interventies/);
    }
    await context.close();
  }
});

test("several aandoeningen show what fits at least one of them, the counts follow, and the address restores the choice", async () => {
  for (const slug of regionSlugs) {
    const region = data.regions[slug];
    const { page, context } = await openPage(`${slug}/index.html`, { viewport: { width: 390, height: 844 } });
    await openMoreFilters(page);
    assert.match(await page.locator(".veld-aandoeningen legend").innerText(), /minstens één/);
    const chosen = twoAandoeningen(slug);
    for (const a of chosen) await page.check(`#f-aandoening-${a}`);
    const expected = namesWhere(slug, (i) => chosen.some((a) => hasAandoening(a)(i)));
    assert.deepEqual(await visibleNames(page), expected, `${slug}: ${chosen.join(" or ")}`);
    assert.match(await page.locator("#filter-uitslag").innerText(), new RegExp(`^${expected.length} van de ${region.interventie.length} `));

    // Table of contents: per thema (an intervention's first thema) the number shown.
    const counts = {};
    for (const entry of region.interventie) {
      const i = data.interventions[entry.id];
      if (chosen.some((a) => hasAandoening(a)(i))) counts[i.themas[0]] = (counts[i.themas[0]] || 0) + 1;
    }
    const toc = async () =>
      Object.fromEntries(
        await page.locator(".toc li[data-thema]:visible").evaluateAll((lis) =>
          lis.map((li) => [li.getAttribute("data-thema"), Number(li.querySelector(".toc-aantal").textContent)]),
        ),
      );
    assert.deepEqual(await toc(), counts, `${slug}: table of contents counts`);

    assert.match(page.url(), new RegExp(`aandoening=${chosen[0]}&aandoening=${chosen[1]}`));
    await page.reload({ waitUntil: "load" });
    assert.deepEqual(await visibleNames(page), expected, `${slug}: same view after reload`);
    assert.ok(await page.locator("#meer-filters").evaluate((d) => d.open), `${slug}: chosen filters are not hidden after reload`);
    for (const a of chosen) assert.ok(await page.isChecked(`#f-aandoening-${a}`));
    assert.deepEqual(await toc(), counts, `${slug}: counts after reload`);

    // Wiping the filters brings every count back.
    await page.click("button[type=reset]");
    // The form resets its fields first; the script applies right after.
    await page.waitForFunction(() => document.getElementById("filter-uitslag").textContent.startsWith("Alle"));
    const all = {};
    for (const entry of region.interventie) {
      const t = data.interventions[entry.id].themas[0];
      all[t] = (all[t] || 0) + 1;
    }
    assert.deepEqual(await toc(), all, `${slug}: counts without a filter`);
    assert.match(await page.locator("#filter-uitslag").innerText(), new RegExp(`^Alle ${region.interventie.length} `));
    await context.close();
  }
});

test("the regional page at 390 px with the filters open: axe clean and no sideways scrolling", async () => {
  for (const slug of regionSlugs) {
    const { page, context } = await openPage(`${slug}/index.html?aandoening=roken`, { viewport: { width: 390, height: 844 }, bypassCSP: true });
    assert.ok(await page.locator("#meer-filters").evaluate((d) => d.open));
    await page.locator("details.wijzigingen").evaluateAll((ds) => ds.forEach((d) => (d.open = true)));
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= 390, `${slug}: page is ${scrollWidth}px wide`);
    // Stacked rows: every cell of the overview says which column it belongs to.
    const labels = await page.locator(".overzicht-tabel td").evaluateAll((tds) => tds.map((td) => getComputedStyle(td, "::before").content));
    assert.ok(labels.length > 0 && labels.every((c) => c !== "none" && c !== ""), `${slug}: cells labelled`);
    assert.deepEqual(await axeProblems(page), [], `${slug} at 390px`);
    await context.close();
  }
});

test("no page load sends a request to another host", async () => {
  const { page, context, foreign } = await openPage("index.html");
  for (const path of filesIn(out, ".html")) {
    await page.goto(base + path, { waitUntil: "load" });
    assert.deepEqual(foreign, [], path);
  }
  await context.close();
});

test("screenshots of the regional page at phone and desktop width", async () => {
  const dir = join(repo, "target", "screenshots");
  mkdirSync(dir, { recursive: true });
  for (const [name, width, height] of [["telefoon", 390, 844], ["desktop", 1280, 900]]) {
    const { page, context } = await openPage(`${regionSlugs[0]}/index.html`, { viewport: { width, height } });
    await page.screenshot({ path: join(dir, `${regionSlugs[0]}-${name}.png`), fullPage: true });
    // The first screen as the huisarts sees it.
    await page.screenshot({ path: join(dir, `${regionSlugs[0]}-${name}-eerste-scherm.png`) });
    // Nothing wider than the viewport: no sideways scrolling on a phone.
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= width, `${name}: page is ${scrollWidth}px wide`);
    await context.close();
  }
});

/** axe-core's WCAG 2.1 A/AA violations on the open page. */
async function axeProblems(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

test("the 404 page is served for a missing address at any depth, passes axe and its links work", async () => {
  // A static host answers every missing address with 404.html, as this one does.
  const { server: host, base: hostBase } = await serveWith404(out);
  try {
    for (const missing of ["bestaat-niet.html", `${regionSlugs[0]}/oud-id/`, `${regionSlugs[0]}/verwijsroutes/weg/oud/`]) {
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      const response = await page.goto(hostBase + missing, { waitUntil: "load" });
      assert.equal(response.status(), 404, missing);
      assert.equal(await page.getAttribute("html", "lang"), "nl");
      assert.equal((await page.locator("h1").innerText()).trim(), "Deze pagina bestaat niet");
      // The stylesheet loaded from the root, not from a folder that does not exist.
      const styled = await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).backgroundColor);
      assert.notEqual(styled, "rgba(0, 0, 0, 0)", `${missing}: stylesheet loaded`);
      assert.deepEqual(await axeProblems(page), [], missing);
      // Every zorggroep's menukaart, the home page and the catalogue, and each link leads somewhere real.
      const links = await page.locator("main a").evaluateAll((as) => as.map((a) => a.href));
      for (const slug of regionSlugs) assert.ok(links.includes(`${hostBase}${slug}/index.html`), `${missing}: link to ${slug}`);
      assert.ok(links.includes(`${hostBase}index.html`), `${missing}: link to home`);
      for (const href of links) {
        const check = await context.newPage();
        const r = await check.goto(href, { waitUntil: "load" });
        assert.equal(r.status(), 200, `${missing}: ${href}`);
        await check.close();
      }
      await context.close();
    }
  } finally {
    host.close();
  }
});

/** Like `serve`, but missing files get 404.html with status 404, as on a static host. */
async function serveWith404(root) {
  const { createServer } = await import("node:http");
  const { readFileSync, existsSync, statSync } = await import("node:fs");
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
    let file = join(root, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404, { "content-type": "text/html; charset=utf-8" }).end(readFileSync(join(root, "404.html")));
      return;
    }
    const type = file.endsWith(".css") ? "text/css" : file.endsWith(".html") ? "text/html; charset=utf-8" : "application/octet-stream";
    res.writeHead(200, { "content-type": type }).end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}

test("a gemeente's routes page at 390 px: buurtsportcoach routes first, no sideways scrolling, axe clean", async () => {
  const slug = regionSlugs.find((s) => (data.regions[s].gemeente || []).length) ?? regionSlugs[0];
  const gemeenten = filesIn(join(out, slug, "verwijsroutes"), ".html").filter((p) => p !== "index.html");
  assert.ok(gemeenten.length > 0, "gemeente pages exist");
  const dir = join(repo, "target", "screenshots");
  mkdirSync(dir, { recursive: true });
  for (const file of gemeenten) {
    for (const width of [390, 1280]) {
      const { page, context } = await openPage(`${slug}/verwijsroutes/${file}`, { viewport: { width, height: 900 }, bypassCSP: true });
      const headings = await page.locator("main h2").allInnerTexts();
      assert.equal(headings[0].trim(), "Routes via de buurtsportcoach", `${file}: first section`);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= width, `${file} at ${width}px: page is ${scrollWidth}px wide`);
      // Nothing in the routes table is cut off: no cell wider than its table's box.
      const cut = await page.evaluate(() =>
        [...document.querySelectorAll(".tabel-scroll")].filter((box) => box.scrollWidth > box.clientWidth + 1).length,
      );
      assert.equal(cut, 0, `${file} at ${width}px: routes table needs sideways scrolling`);
      if (width === 390) {
        // Stacked rows: every data cell says which column it belongs to.
        const labels = await page.locator(".route-tabel td").evaluateAll((tds) =>
          tds.map((td) => getComputedStyle(td, "::before").content),
        );
        assert.ok(labels.length > 0 && labels.every((c) => c.includes("Wie doet wat") || c.includes("Kosten voor de patiënt")), `${file}: cells labelled (${labels[0]})`);
        assert.deepEqual(await axeProblems(page), [], `${file} at 390px`);
      }
      if (file === gemeenten[0]) {
        await page.screenshot({ path: join(dir, `${slug}-routes-${file.split("/")[0]}-${width}.png`), fullPage: true });
      }
      await context.close();
    }
  }
});
