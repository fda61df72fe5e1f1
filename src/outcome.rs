//! The result of a run: a value only when no error was found.
//!
//! This is the build's central invariant, so it lives in the type and not
//! in each caller: an [`Outcome`] is made by [`Outcome::new`],
//! which drops the value as soon as one diagnostic is an error. Any error,
//! from any stage (a file that could not be read counts as much as a
//! misspelled key), therefore means no output, exit status 1, and the
//! previous `output/` untouched.

use crate::diagnostics::Diagnostics;

/// A value when the run succeeded, and every diagnostic of the run.
/// `non_exhaustive`: other crates (the binary, tests) cannot build one by
/// hand, only through [`Outcome::new`].
#[derive(Debug)]
#[non_exhaustive]
pub struct Outcome<T> {
    /// `Some` only when `diagnostics` holds no error.
    pub value: Option<T>,
    pub diagnostics: Diagnostics,
}

impl<T> Outcome<T> {
    /// Pairs a value with the run's diagnostics, dropping the value when
    /// there is any error among them.
    pub fn new(value: Option<T>, diagnostics: Diagnostics) -> Self {
        let value = if diagnostics.has_errors() {
            None
        } else {
            value
        };
        Outcome { value, diagnostics }
    }

    /// A failed run: no value, whatever the diagnostics say.
    pub fn failed(diagnostics: Diagnostics) -> Self {
        Outcome {
            value: None,
            diagnostics,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    #[test]
    fn any_error_drops_the_value() {
        let mut diags = Diagnostics::default();
        diags.push(Diagnostic::warning(None, "let op"));
        assert_eq!(Outcome::new(Some(1), diags.clone()).value, Some(1));
        diags.push(Diagnostic::error(None, "fout"));
        assert_eq!(Outcome::new(Some(1), diags).value, None);
    }
}
