//! Validation results of single files, reused while a file is unchanged.
//!
//! `menukaart serve` validates the whole project after every save, and on a
//! national project (hundreds of files) parsing every file again would eat
//! most of the time a live preview may take. A file's result depends only
//! on its own text (and, for a region, on the list of intervention ids), so
//! the cache keeps each result with that text and reuses it when nothing
//! changed. `check` and `build` use an empty cache: one code path for all.

use std::collections::HashMap;
use std::path::PathBuf;

use super::links::{self, Link};
use super::{intervention, region};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceText};
use crate::load::InterventionFile;
use crate::model::{Intervention, Region};

/// Per-file validation results; keep one across rebuilds.
#[derive(Default)]
pub struct Cache {
    interventions: HashMap<PathBuf, Cached<Intervention>>,
    regions: HashMap<PathBuf, Cached<Region>>,
    /// The intervention ids the cached regions were checked against.
    ids: Vec<String>,
}

struct Cached<T> {
    text: String,
    value: Option<T>,
    diagnostics: Vec<Diagnostic>,
    /// Links in the Markdown body (interventions only).
    links: Vec<Link>,
    used: bool,
}

impl<T: Clone> Cached<T> {
    fn replay(&mut self, diags: &mut Diagnostics) -> Option<T> {
        self.used = true;
        for d in &self.diagnostics {
            diags.push(d.clone());
        }
        self.value.clone()
    }
}

fn collected(local: &Diagnostics) -> Vec<Diagnostic> {
    local.iter().cloned().collect()
}

impl Cache {
    pub(super) fn intervention(
        &mut self,
        file: &InterventionFile,
        diags: &mut Diagnostics,
    ) -> Option<Intervention> {
        let text = &file.source.text;
        if let Some(hit) = self.interventions.get_mut(&file.source.path) {
            if hit.text == *text {
                return hit.replay(diags);
            }
        }
        let mut local = Diagnostics::default();
        let value = intervention::intervention(file, &mut local);
        let mut entry = Cached {
            text: text.clone(),
            value,
            diagnostics: collected(&local),
            links: links::extract(file.body()),
            used: false,
        };
        let result = entry.replay(diags);
        self.interventions.insert(file.source.path.clone(), entry);
        result
    }

    pub(super) fn region(
        &mut self,
        source: &SourceText,
        ids: &[&str],
        diags: &mut Diagnostics,
    ) -> Option<Region> {
        if self.ids.len() != ids.len() || self.ids.iter().zip(ids).any(|(a, b)| a != b) {
            self.ids = ids.iter().map(|s| s.to_string()).collect();
            self.regions.clear();
        }
        if let Some(hit) = self.regions.get_mut(&source.path) {
            if hit.text == source.text {
                return hit.replay(diags);
            }
        }
        let mut local = Diagnostics::default();
        let value = region::region(source, ids, &mut local);
        let mut entry = Cached {
            text: source.text.clone(),
            value,
            diagnostics: collected(&local),
            links: Vec::new(),
            used: false,
        };
        let result = entry.replay(diags);
        self.regions.insert(source.path.clone(), entry);
        result
    }

    /// The links of an intervention body validated in this run.
    pub(super) fn links(&self, file: &std::path::Path) -> &[Link] {
        self.interventions
            .get(file)
            .map(|c| c.links.as_slice())
            .unwrap_or(&[])
    }

    /// Forgets files that were not part of this run (deleted or renamed).
    pub(super) fn prune(&mut self) {
        self.interventions
            .retain(|_, c| std::mem::take(&mut c.used));
        self.regions.retain(|_, c| std::mem::take(&mut c.used));
    }
}
