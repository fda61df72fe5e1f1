#!/usr/bin/env python3
"""Writes a synthetic national menukaart project, deterministic from a seed.

The project has the shape of a national roll-out: many interventions with
realistic Markdown bodies (200-600 words of Dutch text with diacritics) and
about 110 zorggroepen that each choose 20 of them, with gemeenten,
buurtsportcoaches, aanbieders and regional overrides.

With --hugo DIR it also writes the same pages as a Hugo site (one Markdown
page per national and per regional intervention page, plus one list page per
region), with a minimal layout of comparable size, so that both generators
can be timed on the same work.

Usage: tools/gen_national.py --out DIR [--hugo DIR] [--seed 42]
                             [--interventions 500] [--regions 110] [--per-region 20]
"""

import argparse
import os
import random
import shutil

THEMAS = ["bewegen", "voeding", "roken", "alcohol", "slaap", "ontspanning", "zingeving", "sociaal"]
VORMEN = ["groep", "individueel", "online", "thuis"]
SOORTEN = ["basisverzekering", "aanvullende-verzekering", "gemeente", "gratis", "eigen-kosten", "wisselend"]
VERWIJZINGEN = ["geen", "huisarts", "huisarts-of-specialist", "buurtsportcoach", "poh"]
NIVEAUS = ["goed-beschreven", "goed-onderbouwd", "effectief-eerste-aanwijzingen",
           "effectief-goede-aanwijzingen", "effectief-sterke-aanwijzingen"]
AANDOENINGEN = ["overgewicht", "diabetes-type-2", "hart-en-vaatziekten", "copd", "astma", "hypertensie",
                "artrose", "depressie-somber", "eenzaamheid", "kwetsbare-ouderen", "roken", "claudicatio",
                "slaapproblemen", "stress", "chronische-pijn"]
SOORT_NAMEN = ["Beweegprogramma", "Leefstijlcursus", "Coachingstraject", "Wandelgroep", "Kookcursus",
               "Stoptraining", "Slaapcursus", "Ontspanningstraining", "Welzijnstraject", "Valtraining"]
PLAATSEN = ["Noord", "Zuid", "Oost", "West", "Centrum", "Dorp", "Stad", "Rivierenland", "Heuvelland", "Kust"]
GEMEENTE_DELEN = ["Maas", "Berg", "Veld", "Hoven", "Brug", "Dijk", "Wijk", "Haven", "Heide", "Beek", "Meer", "Bosch"]
WOORDEN = ("de het een en van in op met voor dat zijn patiënt coach groep week weken samen gezond "
           "bewegen eten slapen rust energie doel plan gesprek praktijk huisarts diëtist beweging "
           "gewoonte stap stappen resultaat begeleiding ondersteuning ervaring thuis buurt wijk "
           "vertrouwen conditie gewicht bloeddruk suiker longen hart adem spieren fietsen wandelen "
           "zwemmen koken groente fruit water koffie alcohol roken stoppen volhouden terugval "
           "motivatie doelen afspraak contact telefoon vragen antwoorden café reünie coördinatie "
           "geïnteresseerd financiële ideeën cliënt naïef elke vaak soms altijd nooit goed beter").split()


def words(rng, n):
    out = [rng.choice(WOORDEN) for _ in range(n)]
    out[0] = out[0].capitalize()
    return " ".join(out)


def sentence(rng, lo=6, hi=14):
    return words(rng, rng.randint(lo, hi)) + "."


def summary(rng):
    """One or two sentences of ordinary length (about 80 to 200 characters),
    kept within the 200 characters the file format allows by dropping whole
    words, never cut mid-word: the placemat must cope with real lengths."""
    text = sentence(rng, 12, 28)
    while len(text) > 200:
        text = text[:-1].rsplit(" ", 1)[0] + "."
    return text


def body(rng, target):
    """Markdown of about `target` words: headings, paragraphs and a list."""
    parts, count = [], 0
    headings = ["Wat houdt het in?", "Voor wie is het?", "Hoe gaat het?", "Wat levert het op?", "Goed om te weten"]
    h = 0
    while count < target:
        if h < len(headings) and (count == 0 or rng.random() < 0.3):
            parts.append("## " + headings[h])
            h += 1
        if rng.random() < 0.25:
            items = [sentence(rng, 4, 9) for _ in range(rng.randint(3, 5))]
            parts.append("\n".join("- " + i for i in items))
            count += sum(len(i.split()) for i in items)
        else:
            para = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
            parts.append(para)
            count += len(para.split())
    return "\n\n".join(parts) + "\n"


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_list(items):
    return "[" + ", ".join(toml_str(i) for i in items) + "]"


def phone(rng):
    return "0000-000000" if rng.random() < 0.5 else "000-0000000"


def make_interventions(rng, n):
    out = []
    for k in range(1, n + 1):
        iid = f"interventie-{k:03d}"
        naam = f"{rng.choice(SOORT_NAMEN)} {rng.choice(PLAATSEN)} {k}"
        themas = rng.sample(THEMAS, rng.randint(1, 3))
        soort = rng.choice(SOORTEN)
        verwijzing = rng.choice(VERWIJZINGEN)
        samenvatting = summary(rng)
        out.append({
            "id": iid,
            "naam": naam,
            "samenvatting": samenvatting,
            "themas": themas,
            "vorm": rng.sample(VORMEN, rng.randint(1, 2)),
            "duur": f"{rng.randint(4, 52)} weken",
            "website": f"https://www.{iid}.example.nl/",
            "laatst_gecontroleerd": f"2026-{rng.randint(3, 10):02d}-{rng.randint(1, 28):02d}",
            "omschrijving": sentence(rng, 5, 10),
            "leeftijd_min": rng.choice([None, 16, 18, 55, 65]),
            "aandoeningen": rng.sample(AANDOENINGEN, rng.randint(0, 3)),
            "soort": soort,
            "eigen_risico": rng.choice([True, False]) if soort == "basisverzekering" else None,
            "prijs": f"€ {rng.randint(2, 60) * 5} per deelnemer" if soort in ("eigen-kosten", "aanvullende-verzekering") else None,
            "toelichting": sentence(rng, 8, 16),
            "verwijzing": verwijzing,
            "stappen": [sentence(rng, 4, 8) for _ in range(rng.randint(2, 3))],
            "telefoon": phone(rng),
            "email": f"aanmelden@{iid}.example.nl",
            "niveau": rng.choice(NIVEAUS + [None]),
            "body": body(rng, rng.randint(200, 600)),
        })
    return out


def intervention_md(i):
    lines = ["+++",
             f"naam = {toml_str(i['naam'])}",
             f"samenvatting = {toml_str(i['samenvatting'])}",
             f"themas = {toml_list(i['themas'])}",
             f"vorm = {toml_list(i['vorm'])}",
             f"duur = {toml_str(i['duur'])}",
             f"website = {toml_str(i['website'])}",
             f"laatst_gecontroleerd = {i['laatst_gecontroleerd']}",
             f"bronnen = {toml_list([i['website']])}",
             "",
             "[doelgroep]",
             f"omschrijving = {toml_str(i['omschrijving'])}"]
    if i["leeftijd_min"] is not None:
        lines.append(f"leeftijd_min = {i['leeftijd_min']}")
    lines.append(f"aandoeningen = {toml_list(i['aandoeningen'])}")
    lines += ["", "[vergoeding]", f"soort = {toml_str(i['soort'])}"]
    if i["eigen_risico"] is not None:
        lines.append(f"eigen_risico = {str(i['eigen_risico']).lower()}")
    if i["prijs"] is not None:
        lines.append(f"prijs = {toml_str(i['prijs'])}")
    lines.append(f"toelichting = {toml_str(i['toelichting'])}")
    lines += ["", "[aanmelding]",
              f"verwijzing = {toml_str(i['verwijzing'])}",
              f"stappen = {toml_list(i['stappen'])}",
              f"telefoon = {toml_str(i['telefoon'])}",
              f"email = {toml_str(i['email'])}"]
    if i["niveau"]:
        lines += ["", "[erkenning]", f"niveau = {toml_str(i['niveau'])}"]
    lines += ["+++", "", i["body"]]
    return "\n".join(lines)


def make_regions(rng, n, per_region, interventions):
    out = []
    for k in range(1, n + 1):
        slug = f"zorggroep-{k:03d}"
        gemeenten = []
        for g in range(rng.randint(3, 5)):
            naam = f"{rng.choice(GEMEENTE_DELEN)}{rng.choice(GEMEENTE_DELEN).lower()} {k}-{g}"
            gemeenten.append(naam)
        chosen = rng.sample(interventions, per_region)
        entries = []
        for pos, i in enumerate(chosen, 1):
            e = {"id": i["id"], "volgorde": pos, "notitie": sentence(rng, 6, 14) if rng.random() < 0.4 else None,
                 "aanbieders": [{"naam": f"Praktijk {rng.choice(GEMEENTE_DELEN)} {pos}", "plaats": rng.choice(gemeenten),
                                 "telefoon": phone(rng)} for _ in range(rng.randint(1, 2))],
                 "aanmelding": None, "vergoeding": None}
            if rng.random() < 0.2:
                e["aanmelding"] = {"verwijzing": "buurtsportcoach",
                                   "stappen": ["Huisarts of POH bespreekt het aanbod met de patiënt.",
                                               "POH mailt de buurtsportcoach van de gemeente.",
                                               "Buurtsportcoach belt de patiënt binnen een week."]}
            if rng.random() < 0.15:
                e["vergoeding"] = {"soort": "gemeente",
                                   "toelichting": "De gemeente betaalt de eerste tien weken.",
                                   "gemeenten": rng.sample(gemeenten, rng.randint(1, 2))}
            entries.append(e)
        out.append({"slug": slug, "naam": f"Zorggroep {k:03d}", "gemeenten": gemeenten, "entries": entries,
                    "intro": " ".join(sentence(rng) for _ in range(3))})
    return out


def region_toml(r):
    lines = [f"naam = {toml_str(r['naam'])}",
             f"intro = {toml_str(r['intro'])}",
             f"website = \"https://www.{r['slug']}.example.nl/\"",
             "peildatum = 2026-10-01",
             "geldig_tot = 2027-12-31",
             'verzekeraars = ["CZ", "VGZ"]',
             "",
             "[contact]",
             'naam = "Team ketenzorg"',
             f"email = \"ketenzorg@{r['slug']}.example.nl\"",
             'telefoon = "0000-000000"']
    for g in r["gemeenten"]:
        lines += ["", "[[gemeente]]", f"naam = {toml_str(g)}", "[gemeente.buurtsportcoach]",
                  'naam = "Buurtsportcoach"', 'email = "coach@gemeente.example.nl"', 'telefoon = "0000-000000"']
    for e in r["entries"]:
        lines += ["", "[[interventie]]", f"id = {toml_str(e['id'])}", f"volgorde = {e['volgorde']}"]
        if e["notitie"]:
            lines.append(f"notitie = {toml_str(e['notitie'])}")
        for a in e["aanbieders"]:
            lines += ["[[interventie.aanbieder]]", f"naam = {toml_str(a['naam'])}", f"plaats = {toml_str(a['plaats'])}",
                      f"telefoon = {toml_str(a['telefoon'])}"]
        if e["aanmelding"]:
            a = e["aanmelding"]
            lines += ["[interventie.aanmelding]", f"verwijzing = {toml_str(a['verwijzing'])}",
                      f"stappen = {toml_list(a['stappen'])}"]
        if e["vergoeding"]:
            v = e["vergoeding"]
            lines += ["[interventie.vergoeding]", f"soort = {toml_str(v['soort'])}",
                      f"toelichting = {toml_str(v['toelichting'])}", f"gemeenten = {toml_list(v['gemeenten'])}"]
    return "\n".join(lines) + "\n"


HUGO_CONFIG = """baseURL = "https://menukaart.example.nl/"
languageCode = "nl"
title = "Menukaart leefstijl"
disableKinds = ["taxonomy", "term", "RSS"]
[markup.goldmark.renderer]
unsafe = false
"""

HUGO_BASEOF = """<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ .Site.Title }}</title><link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body><a class="skip-link" href="#inhoud">Ga direct naar de inhoud</a>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main id="inhoud">{{ block "main" . }}{{ end }}</main>
<footer><p>{{ .Site.Title }}</p></footer></body></html>
"""

HUGO_SINGLE = """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<ul class="tags">{{ range .Params.themas }}<li>{{ . }}</li>{{ end }}</ul>
<p class="lead">{{ .Params.samenvatting }}</p>
<section><h2>Voor wie</h2><p>{{ .Params.doelgroep.omschrijving }}</p></section>
<section><h2>Vergoeding</h2><p><strong>{{ .Params.vergoeding.soort }}</strong></p><p>{{ .Params.vergoeding.toelichting }}</p></section>
<section><h2>Aanmelden</h2><p>{{ .Params.aanmelding.verwijzing }}</p>
<ol>{{ range .Params.aanmelding.stappen }}<li>{{ . }}</li>{{ end }}</ol>
<ul><li>Telefoon: {{ .Params.aanmelding.telefoon }}</li><li>E-mail: {{ .Params.aanmelding.email }}</li></ul></section>
{{ with .Params.aanbieders }}<section><h2>Aanbieders</h2><ul>{{ range . }}<li>{{ .naam }}, {{ .plaats }}: {{ .telefoon }}</li>{{ end }}</ul></section>{{ end }}
<section><h2>Over deze interventie</h2>{{ .Content }}</section>
</article>{{ end }}
"""

HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul class="cards">{{ range .Pages }}<li><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Params.samenvatting }}</p><p>{{ .Params.doelgroep.omschrijving }}</p><p>{{ .Params.vergoeding.soort }}</p></li>{{ end }}</ul>
{{ end }}
"""


def hugo_page(i, region_entry=None):
    """A Hugo page with the same fields and body as a menukaart page."""
    aanmelding = (region_entry or {}).get("aanmelding") or {"verwijzing": i["verwijzing"], "stappen": i["stappen"]}
    vergoeding = (region_entry or {}).get("vergoeding") or {"soort": i["soort"], "toelichting": i["toelichting"]}
    lines = ["+++", f"title = {toml_str(i['naam'])}", f"samenvatting = {toml_str(i['samenvatting'])}",
             f"themas = {toml_list(i['themas'])}",
             "[doelgroep]", f"omschrijving = {toml_str(i['omschrijving'])}",
             "[vergoeding]", f"soort = {toml_str(vergoeding['soort'])}",
             f"toelichting = {toml_str(vergoeding['toelichting'])}",
             "[aanmelding]", f"verwijzing = {toml_str(aanmelding['verwijzing'])}",
             f"stappen = {toml_list(aanmelding['stappen'])}",
             f"telefoon = {toml_str(i['telefoon'])}", f"email = {toml_str(i['email'])}"]
    for a in (region_entry or {}).get("aanbieders", []):
        lines += ["[[aanbieders]]", f"naam = {toml_str(a['naam'])}", f"plaats = {toml_str(a['plaats'])}",
                  f"telefoon = {toml_str(a['telefoon'])}"]
    lines += ["+++", "", i["body"]]
    return "\n".join(lines)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--hugo")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--interventions", type=int, default=500)
    p.add_argument("--regions", type=int, default=110)
    p.add_argument("--per-region", type=int, default=20)
    args = p.parse_args()
    rng = random.Random(args.seed)
    interventions = make_interventions(rng, args.interventions)
    regions = make_regions(rng, args.regions, min(args.per_region, args.interventions), interventions)

    for d in ("interventions", "regions"):
        shutil.rmtree(os.path.join(args.out, d), ignore_errors=True)
    write(os.path.join(args.out, "menukaart.toml"),
          'titel = "Menukaart leefstijl"\nbase_url = "https://menukaart.example.nl/"\n'
          '\n[eigen_risico]\n2026 = 385\n')
    for i in interventions:
        write(os.path.join(args.out, "interventions", i["id"] + ".md"), intervention_md(i))
    for r in regions:
        write(os.path.join(args.out, "regions", r["slug"] + ".toml"), region_toml(r))

    if args.hugo:
        shutil.rmtree(args.hugo, ignore_errors=True)
        write(os.path.join(args.hugo, "hugo.toml"), HUGO_CONFIG)
        write(os.path.join(args.hugo, "layouts", "_default", "baseof.html"), HUGO_BASEOF)
        write(os.path.join(args.hugo, "layouts", "_default", "single.html"), HUGO_SINGLE)
        write(os.path.join(args.hugo, "layouts", "_default", "list.html"), HUGO_LIST)
        write(os.path.join(args.hugo, "layouts", "index.html"), HUGO_LIST)
        write(os.path.join(args.hugo, "static", "style.css"), "body { font-family: sans-serif; }\n")
        write(os.path.join(args.hugo, "content", "_index.md"), "+++\ntitle = \"Menukaart leefstijl\"\n+++\n")
        write(os.path.join(args.hugo, "content", "interventies", "_index.md"), "+++\ntitle = \"Alle interventies\"\n+++\n")
        for i in interventions:
            write(os.path.join(args.hugo, "content", "interventies", i["id"] + ".md"), hugo_page(i))
        by_id = {i["id"]: i for i in interventions}
        for r in regions:
            write(os.path.join(args.hugo, "content", r["slug"], "_index.md"),
                  f"+++\ntitle = {toml_str(r['naam'])}\n+++\n\n{r['intro']}\n")
            for e in r["entries"]:
                write(os.path.join(args.hugo, "content", r["slug"], e["id"] + ".md"), hugo_page(by_id[e["id"]], e))


if __name__ == "__main__":
    main()
