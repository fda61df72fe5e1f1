//! The CMS admin (`beheer/`) as an output of the build, beside the site it
//! edits. What the admin contains is decided by [`crate::cms`] from the key
//! tables; this module only writes it, like every other renderer.

use super::{Job, Renderer};
use crate::cms::files;

/// The admin as an output of the build, beside the site it edits.
pub(crate) struct Admin;

impl Renderer for Admin {
    fn render(&self, job: &mut Job) {
        for (path, text) in files(job.site.config) {
            job.write(&path, text.as_bytes());
        }
    }
}
