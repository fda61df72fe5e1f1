//! Warnings for data that is getting old.
//!
//! A placemat with last year's reimbursement rules misleads every huisarts
//! who uses it, so `check` and `build` say when information needs a new
//! look. The rules (documented in the README, "Verouderde gegevens"):
//!
//! - `laatst_gecontroleerd` of an intervention older than `controle_maanden`
//!   months (menukaart.toml, default 12);
//! - `geldig_tot` of a region within [`GELDIG_TOT_DAGEN`] days (the passed
//!   case is warned about by `check_dates` in the parent module);
//! - the `peildatum` of a region *without* `geldig_tot` older than
//!   `controle_maanden` months. A region with `geldig_tot` has said itself
//!   how long its data holds, so then only the `geldig_tot` rules apply.
//!
//! These are warnings: the site still builds. `check --strict` turns them
//! into errors so that a zorggroep's CI can block a stale publication.

use time::{Date, Month};

use super::Context;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Intervention, Region, SiteConfig};

/// How many days before `geldig_tot` the warning starts.
pub const GELDIG_TOT_DAGEN: i64 = 30;

/// `date` minus `months` calendar months; the day is clamped to the month's
/// length (31 March minus one month is 28 or 29 February).
pub fn months_before(date: Date, months: u32) -> Date {
    let total = date.year() * 12 + (date.month() as i32 - 1) - months as i32;
    let year = total.div_euclid(12);
    let month = Month::try_from((total.rem_euclid(12) + 1) as u8).unwrap_or(Month::January);
    let last_day = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, date.day().min(last_day)).unwrap_or(Date::MIN)
}

fn maanden(n: u32) -> String {
    if n == 1 {
        "1 maand".to_string()
    } else {
        format!("{n} maanden")
    }
}

/// Warns when an intervention was last checked too long ago.
pub fn intervention(i: &Intervention, config: &SiteConfig, ctx: &Context, diags: &mut Diagnostics) {
    let limit = months_before(ctx.today, config.controle_maanden);
    if i.laatst_gecontroleerd < limit {
        diags.push(
            Diagnostic::warning(
                Some(i.laatst_gecontroleerd_at.clone()),
                format!(
                    "de gegevens van \"{}\" zijn voor het laatst gecontroleerd op {}, langer dan {} geleden",
                    i.naam,
                    i.laatst_gecontroleerd,
                    maanden(config.controle_maanden)
                ),
            )
            .with_hint(format!(
                "kijk de vergoeding, de aanmelding en de contactgegevens na en zet daarna laatst_gecontroleerd = {}",
                ctx.today
            )),
        );
    }
}

/// Warns when a region's geldig_tot is near, or its peildatum (without a
/// geldig_tot) is too old.
pub fn region(region: &Region, config: &SiteConfig, ctx: &Context, diags: &mut Diagnostics) {
    match (region.geldig_tot, &region.geldig_tot_at) {
        (Some(tot), Some(at)) => {
            let days_left = (tot - ctx.today).whole_days();
            if tot >= ctx.today && days_left <= GELDIG_TOT_DAGEN {
                let wanneer = match days_left {
                    0 => "vandaag voor het laatst geldig".to_string(),
                    1 => format!("nog 1 dag geldig (tot en met {tot})"),
                    n => format!("nog {n} dagen geldig (tot en met {tot})"),
                };
                diags.push(
                    Diagnostic::warning(
                        Some(at.clone()),
                        format!("de menukaart van {} is {wanneer}", region.naam),
                    )
                    .with_hint("controleer op tijd de interventies en vergoedingen, en zet daarna een nieuwe peildatum en geldig_tot"),
                );
            }
        }
        _ => {
            let limit = months_before(ctx.today, config.controle_maanden);
            if region.peildatum < limit {
                diags.push(
                    Diagnostic::warning(
                        Some(region.peildatum_at.clone()),
                        format!(
                            "de peildatum van {} is {}, langer dan {} geleden",
                            region.naam,
                            region.peildatum,
                            maanden(config.controle_maanden)
                        ),
                    )
                    .with_hint(format!(
                        "controleer de menukaart en zet peildatum = {}; of zet geldig_tot als de gegevens bewust langer gelden",
                        ctx.today
                    )),
                );
            }
        }
    }
}

/// Warns when a region shows a cost under the eigen risico but
/// `[eigen_risico]` has no amount for the year of its peildatum: the cost
/// line then cannot say how much the patient may pay.
pub fn eigen_risico(
    region: &Region,
    interventions: &[Intervention],
    config: &SiteConfig,
    diags: &mut Diagnostics,
) {
    let year = region.peildatum.year();
    if config.eigen_risico.contains_key(&year) {
        return;
    }
    let under_eigen_risico = region.entries.iter().any(|e| {
        let national = interventions.iter().find(|i| i.id == e.id);
        let national = national.map(|i| &i.vergoeding);
        e.vergoeding
            .iter()
            .chain(national)
            .any(|v| v.eigen_risico == Some(true))
    });
    if under_eigen_risico {
        diags.push(
            Diagnostic::warning(
                Some(region.peildatum_at.clone()),
                format!(
                    "[eigen_risico] in menukaart.toml noemt geen bedrag voor {year}, het jaar van de peildatum van {}",
                    region.naam
                ),
            )
            .with_hint(format!(
                "voeg in menukaart.toml onder [eigen_risico] het bedrag toe, bijvoorbeeld {year} = 385; dan noemt de kostenregel het bedrag"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_before_clamps_the_day() {
        assert_eq!(
            months_before(date!(2026 - 11 - 01), 12),
            date!(2025 - 11 - 01)
        );
        assert_eq!(
            months_before(date!(2026 - 03 - 31), 1),
            date!(2026 - 02 - 28)
        );
        assert_eq!(
            months_before(date!(2024 - 03 - 31), 1),
            date!(2024 - 02 - 29)
        );
        assert_eq!(
            months_before(date!(2026 - 01 - 15), 13),
            date!(2024 - 12 - 15)
        );
    }
}
