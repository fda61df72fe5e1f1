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
    #[command(
        help_template = HELP_TEMPLATE,
        next_help_heading = "Opties",
        override_usage = "menukaart build [--root <MAP>] [--output <MAP>] [--base-url <URL>] [--regio <SLUG>]… [--geen-placemats]"
    )]
    Build(BuildArgs),
    /// Controleer alleen de gegevens; er wordt niets geschreven
    #[command(
        help_template = HELP_TEMPLATE,
        next_help_heading = "Opties",
        override_usage = "menukaart check [--root <MAP>] [--strict]"
    )]
    Check(CheckArgs),
    /// Bekijk de site in de browser; bij elke wijziging ververst de pagina
    #[command(
        help_template = HELP_TEMPLATE,
        next_help_heading = "Opties",
        override_usage = "menukaart serve [--root <MAP>] [--port <N>]"
    )]
    Serve(ServeArgs),
    /// Maak een nieuw bestand voor een interventie of een zorggroep
    #[command(
        help_template = HELP_TEMPLATE,
        next_help_heading = "Opties",
        override_usage = "menukaart new <SOORT> <NAAM> [--root <MAP>]"
    )]
    New(NewArgs),
    /// Maak een nieuw, leeg project met een voorbeeld
    #[command(
        help_template = HELP_TEMPLATE,
        next_help_heading = "Opties",
        override_usage = "menukaart init [MAP]"
    )]
    Init(InitArgs),
    /// Schrijf JSON-schema's, zodat een editor sleutels kan aanvullen en controleren
    #[command(
        help_template = HELP_TEMPLATE,
        next_help_heading = "Opties",
        override_usage = "menukaart schema [--output <MAP>]"
    )]
    Schema(SchemaArgs),
    /// Leg de huidige editie van elke zorggroep vast in edities/, om later te zien wat er veranderd is
    #[command(
        help_template = HELP_TEMPLATE,
        next_help_heading = "Opties",
        override_usage = "menukaart editie [--root <MAP>] [--regio <SLUG>]…"
    )]
    Editie(EditieArgs),
}

#[derive(Args, Debug)]
struct EditieArgs {
    #[command(flatten)]
    root: RootArg,
    /// Alleen deze zorggroep (mag vaker)
    #[arg(long = "regio", value_name = "SLUG")]
    regio: Vec<String>,
}

#[derive(Args, Debug)]
struct CheckArgs {
    #[command(flatten)]
    root: RootArg,
    /// Zie waarschuwingen (zoals verouderde gegevens) als fouten
    #[arg(long)]
    strict: bool,
}

#[derive(Args, Debug)]
struct ServeArgs {
    #[command(flatten)]
    root: RootArg,
    /// Poort op 127.0.0.1 (0 kiest een vrije poort) [standaard: 8000]
    #[arg(
        long,
        value_name = "N",
        default_value_t = 8000,
        hide_default_value = true
    )]
    port: u16,
}

#[derive(Args, Debug)]
struct NewArgs {
    /// Wat u wilt maken: interventie of regio
    #[arg(value_name = "SOORT", value_parser = ["interventie", "regio"], hide_possible_values = true)]
    soort: String,
    /// De naam, tussen aanhalingstekens; de bestandsnaam wordt daarvan gemaakt
    #[arg(value_name = "NAAM")]
    naam: String,
    #[command(flatten)]
    root: RootArg,
}

#[derive(Args, Debug)]
struct InitArgs {
    /// Map voor het nieuwe project [standaard: de huidige map]
    #[arg(value_name = "MAP", default_value = ".", hide_default_value = true)]
    map: PathBuf,
}

#[derive(Args, Debug)]
struct SchemaArgs {
    /// Map voor de schema's [standaard: schema]
    #[arg(
        long,
        value_name = "MAP",
        default_value = menukaart::schema::DEFAULT_DIR,
        hide_default_value = true
    )]
    output: PathBuf,
}

#[derive(Args, Debug)]
struct RootArg {
    /// Map van het project (met interventions/ en regions/) [standaard: de huidige map]
    #[arg(
        long,
        value_name = "MAP",
        default_value = ".",
        hide_default_value = true
    )]
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
    /// Sla de placemats (PDF) over; sneller als u alleen de website nodig hebt
    #[arg(long = "geen-placemats")]
    geen_placemats: bool,
}

/// Runs the command line and returns the exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    match cli.command {
        Command::Check(args) => {
            let mut outcome = menukaart::check(&args.root.root, menukaart::build::today());
            if args.strict && outcome.diagnostics.warning_count() > 0 {
                outcome.diagnostics = strict(&outcome.diagnostics);
                outcome.value = None;
            }
            print_diagnostics(&outcome.diagnostics);
            match outcome.value {
                Some(menukaart::build::Checked { project, .. }) => {
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
            options.render.placemats = !args.geen_placemats;
            options.render.folders = !args.geen_placemats;
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
        Command::Serve(args) => serve(&args),
        Command::Editie(args) => {
            let outcome =
                menukaart::build::editie(&args.root.root, &args.regio, menukaart::build::today());
            print_diagnostics(&outcome.diagnostics);
            match outcome.value {
                Some(files) => {
                    for file in &files {
                        println!("vastgelegd: {}", file.display());
                    }
                    if files.is_empty() {
                        println!("er is geen nieuwe editie vastgelegd");
                    } else {
                        println!("Zet deze bestanden samen met de gegevens in versiebeheer. De volgende editie (met een nieuwe peildatum) laat zien wat er sindsdien veranderd is.");
                    }
                    0
                }
                None => 1,
            }
        }
        Command::New(args) => {
            let today = menukaart::build::today();
            let root = &args.root.root;
            print_created(match args.soort.as_str() {
                "regio" => menukaart::scaffold::new_region(root, &args.naam, today),
                _ => menukaart::scaffold::new_intervention(root, &args.naam, today),
            })
        }
        Command::Init(args) => print_created(menukaart::scaffold::init(
            &args.map,
            menukaart::build::today(),
        )),
        Command::Schema(args) => match menukaart::schema::write(&args.output) {
            Ok(files) => {
                for file in files {
                    println!("geschreven: {}", file.display());
                }
                println!("Zo gebruikt u ze in een editor: zie \"Gegevens bewerken in een editor\" in de README.");
                0
            }
            Err(d) => {
                eprintln!("{d}");
                1
            }
        },
    }
}

/// `menukaart serve`: runs until Ctrl+C, then removes its private folder.
fn serve(args: &ServeArgs) -> i32 {
    let options = menukaart::serve::ServeOptions::new(args.root.root.clone(), args.port);
    let running = match menukaart::serve::start(&options) {
        Ok(running) => running,
        Err(d) => {
            eprintln!("{d}");
            return 1;
        }
    };
    let work = running.work_dir().to_path_buf();
    let _ = ctrlc::set_handler(move || {
        let _ = std::fs::remove_dir_all(&work);
        println!("\nGestopt.");
        std::process::exit(0);
    });
    println!("Bekijk de site op {}", running.url());
    println!("Sla een bestand op en de pagina ververst vanzelf. Stoppen: Ctrl+C.");
    let _ = std::io::stdout().flush();
    running.wait();
    0
}

/// `check --strict`: every warning counts as an error.
fn strict(diags: &Diagnostics) -> Diagnostics {
    let mut out = Diagnostics::default();
    for d in diags.iter() {
        let mut d = d.clone();
        d.severity = menukaart::Severity::Error;
        out.push(d);
    }
    out
}

/// Prints what `new` or `init` made and what to do next.
fn print_created(result: Result<menukaart::scaffold::Created, menukaart::Diagnostic>) -> i32 {
    match result {
        Ok(created) => {
            for file in &created.files {
                println!("gemaakt: {}", file.display());
            }
            println!("Zo gaat u verder:");
            for step in &created.next {
                println!("  - {step}");
            }
            0
        }
        Err(d) => {
            eprintln!("{d}");
            1
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
            "geef een opdracht: build, check, serve, new, init, schema of editie".to_string()
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
        eprintln!("  hint: bedoelde u \"{s}\"?");
    } else if let Some(ContextValue::Strings(v)) = err.get(ContextKind::SuggestedArg) {
        eprintln!("  hint: bedoelde u \"{}\"?", v.join(", "));
    }
    eprintln!("Gebruik: menukaart --help voor alle opdrachten en opties.");
    2
}
