//! The `menukaart` command: parses arguments, runs the library, prints Dutch
//! messages, and exits 0 (success), 1 (invalid data, failed build) or 2
//! (wrong usage).

mod cli;

fn main() {
    std::process::exit(cli::run(std::env::args_os()));
}
