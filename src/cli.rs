//! Command-line parsing and printing. All logic lives in the library.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, Parser, Subcommand};

use menukaart::{BuildOptions, Diagnostics};

const HELP_TEMPLATE: &str = "{about-with-newline}\nGebruik: {usage}\n\n{all-args}{after-help}";

/// Maakt van leefstijlinterventies en de keuze van elke zorggroep een website en placemats.
#[derive(Parser, Debug)]
#[command(
    name = "menukaart",
    version,
    help_template = HELP_TEMPLATE,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Opdrachten",
    subcommand_value_name = "OPDRACHT",
    next_help_heading = "Opties",
    after_help = "Meer uitleg per opdracht: menukaart <OPDRACHT> --help"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Toon deze hulp
    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true)]
    help: Option<bool>,
    /// Toon de versie
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Controleer de gegevens en maak de website in output/
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Opties")]
    Build(BuildArgs),
    /// Controleer alleen de gegevens; er wordt niets geschreven
    #[command(help_template = HELP_TEMPLATE, next_help_heading = "Opties")]
    Check(RootArg),
}

#[derive(Args, Debug)]
struct RootArg {
    /// Map van het project (met interventions/ en regions/)
    #[arg(long, value_name = "MAP", default_value = ".")]
    root: PathBuf,
}

#[derive(Args, Debug)]
struct BuildArgs {
    #[command(flatten)]
    root: RootArg,
    /// Map voor de website [standaard: <root>/output]
    #[arg(long, value_name = "MAP")]
    output: Option<PathBuf>,
    /// Webadres waar de site komt te staan (voor sitemap en QR-codes)
    #[arg(long = "base-url", value_name = "URL")]
    base_url: Option<String>,
    /// Maak alleen deze zorggroep (mag vaker)
    #[arg(long = "regio", value_name = "SLUG")]
    regio: Vec<String>,
}

/// Runs the command line and returns the exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    match cli.command {
        Command::Check(args) => {
            let outcome = menukaart::check(&args.root, menukaart::build::today());
            print_diagnostics(&outcome.diagnostics);
            match outcome.value {
                Some(project) => {
                    println!(
                        "in orde: {} interventies en {} zorggroepen gecontroleerd",
                        project.interventions.len(),
                        project.regions.len()
                    );
                    0
                }
                None => 1,
            }
        }
        Command::Build(args) => {
            let mut options = BuildOptions::new(args.root.root);
            options.output = args.output;
            options.base_url = args.base_url;
            options.regions = args.regio;
            let outcome = menukaart::build(&options);
            print_diagnostics(&outcome.diagnostics);
            match outcome.value {
                Some(report) => {
                    println!("{}", report.summary());
                    0
                }
                None => 1,
            }
        }
    }
}

fn print_diagnostics(diags: &Diagnostics) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for d in diags.iter() {
        let _ = writeln!(err, "{d}");
    }
    let errors = diags.error_count();
    if errors > 0 {
        let _ = writeln!(
            err,
            "{errors} {} gevonden; er is niets geschreven.",
            if errors == 1 { "fout" } else { "fouten" }
        );
    }
}

/// clap's own messages are English; users get Dutch ones, and exit 2.
fn usage_error(err: clap::Error) -> i32 {
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            return 0;
        }
        _ => {}
    }
    let value = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let message = match err.kind() {
        ErrorKind::UnknownArgument => format!("onbekende optie {}", value(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => format!(
            "onbekende opdracht \"{}\"",
            value(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "geef een opdracht: build of check".to_string()
        }
        ErrorKind::MissingRequiredArgument => {
            format!("er ontbreekt iets: {}", value(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "ongeldige waarde \"{}\" voor {}",
            value(ContextKind::InvalidValue),
            value(ContextKind::InvalidArg)
        ),
        ErrorKind::ArgumentConflict => format!(
            "{} gaat niet samen met {}",
            value(ContextKind::InvalidArg),
            value(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues => {
            format!("te veel waarden voor {}", value(ContextKind::InvalidArg))
        }
        _ => "de opdracht klopt niet".to_string(),
    };
    eprintln!("fout: {message}");
    if let Some(ContextValue::String(s)) = err.get(ContextKind::SuggestedSubcommand) {
        eprintln!("  hint: bedoelde je \"{s}\"?");
    } else if let Some(ContextValue::Strings(v)) = err.get(ContextKind::SuggestedArg) {
        eprintln!("  hint: bedoelde je \"{}\"?", v.join(", "));
    }
    eprintln!("Gebruik: menukaart --help voor alle opdrachten en opties.");
    2
}
