//! The default theme is compiled into the binary with `include_dir!`, which
//! cannot tell cargo about the files it reads. Without this, editing a
//! template or `theme.toml` would not rebuild the binary.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
