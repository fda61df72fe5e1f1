//! Errors and warnings as data.
//!
//! Every problem in a user's project becomes a [`Diagnostic`] that names the
//! file, line and column, says what is wrong and, where we can, what to do.
//! Stages push diagnostics into a [`Diagnostics`] collection instead of
//! returning early, so that one run reports every error at once.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is: errors fail the run, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a user's file, 1-based line and column (columns count characters).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Location {
    /// A location for a whole file, when no better place is known.
    pub fn file(path: &Path) -> Self {
        Location {
            file: path.to_path_buf(),
            line: 1,
            column: 1,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}",
            self.file.display().to_string().replace('\\', "/"),
            self.line,
            self.column
        )
    }
}

/// One problem, with where it is and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Option<Location>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(location, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "fout",
            Severity::Warning => "waarschuwing",
        };
        match &self.location {
            Some(loc) => write!(f, "{label}: {loc}: {}", self.message)?,
            None => write!(f, "{label}: {}", self.message)?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// All diagnostics of one run, in the order files were read.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn last_mut(&mut self) -> Option<&mut Diagnostic> {
        self.items.last_mut()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorts by file and position so output is stable however the stages ran.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| a.location.cmp(&b.location));
    }
}

/// The text of one user file, able to turn byte offsets into line:column.
///
/// Front matter is parsed as a slice of the Markdown file; `base` is where
/// that slice starts, so positions are counted in the file the user edits.
#[derive(Clone, Debug)]
pub struct SourceText {
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceText {
    pub fn new(path: PathBuf, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceText {
            path,
            text,
            line_starts,
        }
    }

    /// Line and column (both 1-based, column in characters) of a byte offset.
    pub fn location(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line_index];
        let column = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        Location {
            file: self.path.clone(),
            line: line_index + 1,
            column,
        }
    }

    /// Location of the start of a span that is relative to `base`.
    pub fn span_location(&self, base: usize, span: &Range<usize>) -> Location {
        self.location(base + span.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_characters_not_bytes() {
        let src = SourceText::new("a.toml".into(), "x = 1\nnaam = \"ë\" y\n".into());
        let offset = src.text.find('y').unwrap();
        let loc = src.location(offset);
        assert_eq!((loc.line, loc.column), (2, 12));
    }

    #[test]
    fn prints_file_line_column_and_hint() {
        let d = Diagnostic::error(
            Some(Location {
                file: "regions/x.toml".into(),
                line: 14,
                column: 6,
            }),
            "onbekende interventie \"gli-cooll\"",
        )
        .with_hint("bedoelde u \"gli-cool\"?");
        assert_eq!(
            d.to_string(),
            "fout: regions/x.toml:14:6: onbekende interventie \"gli-cooll\"\n  hint: bedoelde u \"gli-cool\"?"
        );
    }
}
