//! Writes the machine-readable exports for chain information systems and
//! spreadsheets (documented in `docs/export.md`):
//!
//! - `schema/menukaart.schema.json`: the JSON Schema of the regional JSON;
//! - `interventies.json`: the national catalogue;
//! - `<slug>/menukaart.json`: the region's resolved selection (overrides
//!   applied);
//! - `<slug>/menukaart.csv`: one row per intervention, for Excel.
//!
//! What these files contain is defined in [`crate::export`]; this module
//! only turns it into files of the site, like every other renderer.

use serde::Serialize;

use super::{write, Counts};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::export::{self, SCHEMA_PATH};
use crate::render::{Job, Sink};

/// Writes the schema, the national catalogue and every region's JSON and CSV.
pub(crate) struct Exports;

impl super::Renderer for Exports {
    fn render(&self, job: &mut Job) {
        render(job);
    }
}

fn render(job: &mut Job) {
    let (site, _, out, counts, diags) = job.parts();
    write_json(out, SCHEMA_PATH, &export::schema(), counts, diags);
    let gemaakt = timestamp(site.created);
    let catalogue = export::interventies_json(site, &gemaakt);
    write_json(out, "interventies.json", &catalogue, counts, diags);
    for menu in &site.menus {
        let json = export::menukaart_json(menu, site.base_url, &gemaakt);
        write_json(
            out,
            &format!("{}/menukaart.json", menu.regio.slug),
            &json,
            counts,
            diags,
        );
        match export::csv_bytes(&json.interventie) {
            Ok(bytes) => write(
                out,
                &format!("{}/menukaart.csv", menu.regio.slug),
                &bytes,
                counts,
                diags,
            ),
            Err(err) => diags.push(
                Diagnostic::error(
                    None,
                    format!("kan {}/menukaart.csv niet maken: {err}", menu.regio.slug),
                )
                .with_hint("meld dit als fout in menukaart; de andere bestanden zijn wel gemaakt"),
            ),
        }
    }
}

fn write_json<T: Serialize>(
    out: &dyn Sink,
    path: &str,
    value: &T,
    counts: &mut Counts,
    diags: &mut Diagnostics,
) {
    match serde_json::to_string_pretty(value) {
        Ok(mut text) => {
            text.push('\n');
            write(out, path, text.as_bytes(), counts, diags);
        }
        Err(err) => diags.push(
            Diagnostic::error(None, format!("kan {path} niet maken: {err}"))
                .with_hint("meld dit als fout in menukaart"),
        ),
    }
}

/// UTC as `jjjj-mm-ddTuu:mm:ssZ`, without the `time` crate's formatting feature.
pub(crate) fn timestamp(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        t.date(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_iso() {
        let t = time::OffsetDateTime::from_unix_timestamp(1_790_000_000).unwrap();
        assert_eq!(timestamp(t), "2026-09-21T14:13:20Z");
    }
}
