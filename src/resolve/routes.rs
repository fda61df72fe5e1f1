//! Referral routes per gemeente: the view model of the `verwijsroutes` pages.
//!
//! A referral only works when both ends know the route. Buurtsportcoaches
//! work for one gemeente and check the routes there, so this module turns a
//! region's [`Menukaart`] into one list of routes per gemeente: for every
//! intervention the ordered steps with who acts in each, the contact on each
//! side and who pays in that gemeente.
//!
//! It is a resolve-stage module: it only reads the resolved [`Menukaart`]
//! (overrides already applied), so the routes can never disagree with the
//! menukaart page, the placemat or the exports.
//!
//! # What "available in a gemeente" means
//!
//! A zorggroep chooses its selection for its whole area, so **every
//! intervention of the region is available in each of its gemeenten**. A
//! provider may sit in the neighbouring gemeente; patients travel a few
//! kilometres. What differs per gemeente is:
//!
//! - **who pays**: a regional `vergoeding` limited with `gemeenten` applies
//!   (and is shown) only in those gemeenten; every other gemeente gets the
//!   national arrangement. Exactly one arrangement applies per gemeente.
//! - **the buurtsportcoach**: the route shows the coach of that gemeente,
//!   or says that the gemeente has none.
//! - **the aanbieders**: those whose `plaats` is the gemeente (compared
//!   without case and accents) plus those without a `plaats` (they serve the
//!   whole region). When none are left, all aanbieders of the region are
//!   shown, and the page says that none sits in the gemeente itself.
//!
//! A region that lists no gemeenten gets one group for the whole region, so
//! its routes page is never empty.
//!
//! # Who acts in a step
//!
//! Only the data say who acts: a step written as `{ wie = "poh", wat = "…" }`
//! carries its actor, a step written as plain text carries none and shows
//! none. Nothing is guessed from the words: "Het medisch team van de
//! aanbieder belt de patiënt" starts with none of the usual words, and a
//! guess put the huisarts where the provider acts. When a route has no
//! written steps at all, the usual route for its verwijzing is shown (with
//! its actors) and marked as such.

use serde::Serialize;

use crate::model::{Aanbieder, Contact, Stap};
use crate::names::suggest_id;
use crate::resolve::{MenuItem, Menukaart, RegionInfo, VergoedingView};
use crate::vocab::{shown, Verwijzing, Wie};

/// All routes of one region, grouped per gemeente.
#[derive(Debug, Serialize)]
pub struct RegionRoutes<'a> {
    pub regio: &'a RegionInfo<'a>,
    /// In the order the region file lists them.
    pub gemeenten: Vec<GemeenteRoutes<'a>>,
    /// True when the region lists no gemeenten: `gemeenten` then holds one
    /// group for the whole region, which gets no page of its own.
    pub hele_regio: bool,
    /// Every intervention once, with what differs per gemeente: the
    /// region's routes page shows these instead of one card per
    /// intervention and gemeente.
    pub interventies: Vec<SamenRoute<'a>>,
}

/// One intervention's route across the region's gemeenten: the steps are
/// the same everywhere; coach, aanbieders and costs may differ.
#[derive(Debug, Serialize)]
pub struct SamenRoute<'a> {
    pub item: &'a MenuItem<'a>,
    pub stappen: Vec<Step>,
    pub algemeen: bool,
    pub via_buurtsportcoach: bool,
    pub gemeenten: Vec<PerGemeente<'a>>,
}

/// What one gemeente has of a route.
#[derive(Debug, Serialize)]
pub struct PerGemeente<'a> {
    pub naam: &'a str,
    pub slug: String,
    pub buurtsportcoach: Option<&'a Contact>,
    pub aanbieders: Vec<&'a Aanbieder>,
    pub aanbieders_in_gemeente: bool,
    pub vergoeding: Option<VergoedingView<'a>>,
}

/// The routes of every intervention in one gemeente.
#[derive(Debug, Serialize)]
pub struct GemeenteRoutes<'a> {
    pub naam: &'a str,
    /// Folder name of the gemeente's page: `verwijsroutes/<slug>/`.
    pub slug: String,
    pub buurtsportcoach: Option<&'a Contact>,
    /// In menukaart order.
    pub routes: Vec<Route<'a>>,
    /// How many routes run through a buurtsportcoach this gemeente lacks.
    pub zonder_coach: usize,
    /// How many routes run through the buurtsportcoach. A count, so that a
    /// template need not filter `routes` into a copy to know it.
    pub via_coach: usize,
}

/// One intervention's route in one gemeente.
#[derive(Debug, Serialize)]
pub struct Route<'a> {
    /// The regional item: name, aanmelding contacts, notitie, page path.
    pub item: &'a MenuItem<'a>,
    /// Unique on a page that shows several gemeenten: `<gemeente>-<id>`.
    pub anker: String,
    pub stappen: Vec<Step>,
    /// True when the region wrote no steps and `stappen` is the generic
    /// route for the verwijzing.
    pub algemeen: bool,
    /// Every actor that appears in the steps, in order of first appearance.
    #[serde(serialize_with = "shown::list")]
    pub actoren: Vec<Wie>,
    /// The route passes the buurtsportcoach (verwijzing or a step).
    pub via_buurtsportcoach: bool,
    /// The coach of this gemeente, when the route passes one and there is one.
    pub buurtsportcoach: Option<&'a Contact>,
    /// The route as the buurtsportcoach sees it; only when it passes them.
    pub bij_coach: Option<CoachView>,
    pub aanbieders: Vec<&'a Aanbieder>,
    /// False when no aanbieder sits in the gemeente and `aanbieders` are
    /// those of the whole region.
    pub aanbieders_in_gemeente: bool,
    /// The one arrangement that applies in this gemeente.
    pub vergoeding: Option<VergoedingView<'a>>,
}

/// A route through the buurtsportcoach, split where the coach comes in:
/// who sends the patient to them, and what the coach and then others do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CoachView {
    /// Who sends the patient: the actors before the coach's first step.
    #[serde(serialize_with = "shown::list")]
    pub verwijzers: Vec<Wie>,
    /// The steps before the coach's first step.
    pub ervoor: Vec<Step>,
    /// The coach's first step and every step after it. Empty when no
    /// step names the coach (the region wrote none for them).
    pub vanaf_coach: Vec<Step>,
}

impl CoachView {
    /// Splits `steps` at the coach's first step.
    pub fn new(steps: &[Step]) -> CoachView {
        let at = steps
            .iter()
            .position(|s| s.actor == Some(Wie::Buurtsportcoach))
            .unwrap_or(steps.len());
        let (ervoor, vanaf_coach) = steps.split_at(at);
        let mut verwijzers = Vec::new();
        for actor in ervoor.iter().filter_map(|s| s.actor) {
            if !verwijzers.contains(&actor) {
                verwijzers.push(actor);
            }
        }
        CoachView {
            verwijzers,
            ervoor: ervoor.to_vec(),
            vanaf_coach: vanaf_coach.to_vec(),
        }
    }
}

/// One step of a route and who acts in it, when the data say so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    #[serde(serialize_with = "shown::optional")]
    pub actor: Option<Wie>,
    pub tekst: String,
}

/// Builds the routes of one region.
pub fn routes<'a>(menu: &'a Menukaart<'a>) -> RegionRoutes<'a> {
    let regio = &menu.regio;
    let hele_regio = regio.gemeenten.is_empty();
    let gemeenten = if hele_regio {
        vec![gemeente_routes(menu, None, regio.naam, "regio".to_string())]
    } else {
        let slugs = gemeente_slugs(regio.gemeenten.iter().map(|g| g.naam.as_str()));
        regio
            .gemeenten
            .iter()
            .zip(slugs)
            .map(|(g, slug)| gemeente_routes(menu, Some(&g.naam), &g.naam, slug))
            .collect()
    };
    let interventies = menu
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            let (stappen, algemeen) = steps(item.aanmelding.verwijzing, item.aanmelding.stappen);
            let per: Vec<PerGemeente> = gemeenten
                .iter()
                .map(|g| {
                    let r = &g.routes[n];
                    PerGemeente {
                        naam: g.naam,
                        slug: g.slug.clone(),
                        buurtsportcoach: r.buurtsportcoach,
                        aanbieders: r.aanbieders.clone(),
                        aanbieders_in_gemeente: r.aanbieders_in_gemeente,
                        vergoeding: r.vergoeding.clone(),
                    }
                })
                .collect();
            SamenRoute {
                item,
                via_buurtsportcoach: gemeenten
                    .first()
                    .is_some_and(|g| g.routes[n].via_buurtsportcoach),
                stappen,
                algemeen,
                gemeenten: per,
            }
        })
        .collect();
    RegionRoutes {
        regio,
        gemeenten,
        hele_regio,
        interventies,
    }
}

/// Folder names for gemeenten, unique within the region.
///
/// Names are folded like ids ("Sûdwest-Fryslân" → "sudwest-fryslan").
/// Two names that fold to the same slug ("Den Haag", "Den-Haag") get a
/// number, so no page overwrites another.
pub fn gemeente_slugs<'n>(names: impl IntoIterator<Item = &'n str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        let base = suggest_id(name);
        let mut slug = base.clone();
        let mut n = 2;
        while out.contains(&slug) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        out.push(slug);
    }
    out
}

/// `gemeente` is `None` for the whole-region group of a region without gemeenten.
fn gemeente_routes<'a>(
    menu: &'a Menukaart<'a>,
    gemeente: Option<&'a str>,
    naam: &'a str,
    slug: String,
) -> GemeenteRoutes<'a> {
    let buurtsportcoach = gemeente.and_then(|g| {
        menu.regio
            .gemeenten
            .iter()
            .find(|x| x.naam == g)
            .and_then(|x| x.buurtsportcoach.as_ref())
    });
    let routes: Vec<Route> = menu
        .items
        .iter()
        .map(|item| route(item, gemeente, buurtsportcoach, &slug))
        .collect();
    let via_coach = routes.iter().filter(|r| r.via_buurtsportcoach).count();
    let zonder_coach = if gemeente.is_some() && buurtsportcoach.is_none() {
        via_coach
    } else {
        0
    };
    GemeenteRoutes {
        naam,
        slug,
        buurtsportcoach,
        routes,
        zonder_coach,
        via_coach,
    }
}

fn route<'a>(
    item: &'a MenuItem<'a>,
    gemeente: Option<&str>,
    coach: Option<&'a Contact>,
    slug: &str,
) -> Route<'a> {
    let verwijzing = item.aanmelding.verwijzing;
    let (stappen, algemeen) = steps(verwijzing, item.aanmelding.stappen);
    let mut actoren: Vec<Wie> = Vec::new();
    for actor in stappen.iter().filter_map(|s| s.actor) {
        if !actoren.contains(&actor) {
            actoren.push(actor);
        }
    }
    let via_buurtsportcoach =
        verwijzing == Some(Verwijzing::Buurtsportcoach) || actoren.contains(&Wie::Buurtsportcoach);
    let (aanbieders, aanbieders_in_gemeente) = aanbieders(item.aanbieders, gemeente);
    let bij_coach = via_buurtsportcoach.then(|| CoachView::new(&stappen));
    Route {
        item,
        anker: format!("{slug}-{}", item.interventie.id),
        stappen,
        algemeen,
        actoren,
        via_buurtsportcoach,
        buurtsportcoach: if via_buurtsportcoach { coach } else { None },
        bij_coach,
        aanbieders,
        aanbieders_in_gemeente,
        vergoeding: vergoeding(&item.vergoedingen, gemeente),
    }
}

/// The arrangement that applies in `gemeente`: one limited to it, else one
/// without limits (the national one, or a regional one for all gemeenten).
pub fn vergoeding<'a>(
    vergoedingen: &[VergoedingView<'a>],
    gemeente: Option<&str>,
) -> Option<VergoedingView<'a>> {
    let limited = gemeente.and_then(|g| {
        vergoedingen
            .iter()
            .find(|v| v.gemeenten.iter().any(|x| x == g))
    });
    limited
        .or_else(|| vergoedingen.iter().find(|v| v.gemeenten.is_empty()))
        .cloned()
}

/// Aanbieders in the gemeente, or all of them when none is; see the module doc.
fn aanbieders<'a>(all: &'a [Aanbieder], gemeente: Option<&str>) -> (Vec<&'a Aanbieder>, bool) {
    let Some(gemeente) = gemeente else {
        return (all.iter().collect(), true);
    };
    let key = suggest_id(gemeente);
    let local: Vec<&Aanbieder> = all
        .iter()
        .filter(|a| a.plaats.as_deref().is_none_or(|p| suggest_id(p) == key))
        .collect();
    if local.is_empty() {
        (all.iter().collect(), all.is_empty())
    } else {
        (local, true)
    }
}

/// The steps of a route with their actors; `true` when they are generic.
pub fn steps(verwijzing: Option<Verwijzing>, written: &[Stap]) -> (Vec<Step>, bool) {
    if written.is_empty() {
        return (generic_steps(verwijzing), true);
    }
    let steps = written
        .iter()
        .map(|s| Step {
            actor: s.wie,
            tekst: s.wat.clone(),
        })
        .collect();
    (steps, false)
}

/// The usual route for a verwijzing, for regions that wrote no steps.
pub fn generic_steps(verwijzing: Option<Verwijzing>) -> Vec<Step> {
    use Wie::*;
    let list: &[(Wie, &str)] = match verwijzing {
        None | Some(Verwijzing::Geen) => &[
            (Huisarts, "Huisarts vertelt de patiënt over dit aanbod"),
            (Patient, "Patiënt meldt zichzelf aan bij de aanbieder"),
            (Aanbieder, "Aanbieder neemt contact op met de patiënt"),
        ],
        Some(Verwijzing::Huisarts) => &[
            (Huisarts, "Huisarts bespreekt het aanbod met de patiënt"),
            (Huisarts, "Huisarts verwijst de patiënt naar de aanbieder"),
            (Aanbieder, "Aanbieder neemt contact op met de patiënt"),
        ],
        Some(Verwijzing::HuisartsOfSpecialist) => &[
            (
                Huisarts,
                "Huisarts of specialist bespreekt het aanbod met de patiënt",
            ),
            (
                Huisarts,
                "Huisarts of specialist verwijst de patiënt naar de aanbieder",
            ),
            (Aanbieder, "Aanbieder neemt contact op met de patiënt"),
        ],
        Some(Verwijzing::Poh) => &[
            (Poh, "POH bespreekt het aanbod met de patiënt"),
            (Poh, "POH meldt de patiënt aan bij de aanbieder"),
            (Aanbieder, "Aanbieder neemt contact op met de patiënt"),
        ],
        Some(Verwijzing::Buurtsportcoach) => &[
            (
                Huisarts,
                "Huisarts bespreekt meer bewegen en vraagt of de buurtsportcoach mag bellen",
            ),
            (
                Poh,
                "POH geeft naam, telefoonnummer en hulpvraag door aan de buurtsportcoach",
            ),
            (
                Buurtsportcoach,
                "Buurtsportcoach belt de patiënt en zoekt samen een passende activiteit",
            ),
            (
                Aanbieder,
                "Aanbieder ontvangt de patiënt bij de eerste activiteit",
            ),
        ],
    };
    list.iter()
        .map(|(actor, tekst)| Step {
            actor: Some(*actor),
            tekst: (*tekst).to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Vocabulary;

    fn stap(wie: Option<Wie>, wat: &str) -> Stap {
        Stap {
            wie,
            wat: wat.to_string(),
        }
    }

    #[test]
    fn a_step_has_the_actor_the_data_give_and_no_guess() {
        let written = [
            stap(Some(Wie::Huisarts), "Huisarts meldt aan"),
            // Starts with "Het medisch team": once guessed as the huisarts.
            stap(
                Some(Wie::Aanbieder),
                "Het medisch team van de aanbieder belt de patiënt",
            ),
            // Plain text: no actor, whatever its first word.
            stap(None, "Buurtsportcoach belt de patiënt"),
        ];
        let (steps, algemeen) = steps(Some(Verwijzing::Huisarts), &written);
        assert!(!algemeen);
        let actors: Vec<Option<Wie>> = steps.iter().map(|s| s.actor).collect();
        assert_eq!(actors, [Some(Wie::Huisarts), Some(Wie::Aanbieder), None]);
    }

    #[test]
    fn routes_without_steps_get_the_generic_route() {
        for verwijzing in [None]
            .into_iter()
            .chain(Verwijzing::ALL.iter().copied().map(Some))
        {
            let (steps, algemeen) = steps(verwijzing, &[]);
            assert!(algemeen);
            assert!(steps.len() >= 3, "{verwijzing:?}");
            assert!(steps.iter().all(|s| s.actor.is_some()));
        }
        let (steps, _) = steps(Some(Verwijzing::Buurtsportcoach), &[]);
        assert!(steps.iter().any(|s| s.actor == Some(Wie::Buurtsportcoach)));
    }

    #[test]
    fn the_coach_view_splits_at_the_coachs_first_step() {
        let (steps, _) = steps(Some(Verwijzing::Buurtsportcoach), &[]);
        let view = CoachView::new(&steps);
        assert_eq!(view.verwijzers, [Wie::Huisarts, Wie::Poh]);
        assert_eq!(view.ervoor.len(), 2);
        assert_eq!(view.vanaf_coach[0].actor, Some(Wie::Buurtsportcoach));
        assert_eq!(view.ervoor.len() + view.vanaf_coach.len(), steps.len());

        let written = [stap(
            Some(Wie::Buurtsportcoach),
            "Buurtsportcoach belt de patiënt",
        )];
        let (steps, _) = steps_of(&written);
        let view = CoachView::new(&steps);
        assert_eq!(view.verwijzers, []);
        assert_eq!(view.vanaf_coach.len(), 1);

        // No step names the coach: everything counts as before the coach.
        let written = [
            stap(Some(Wie::Huisarts), "Huisarts belt"),
            stap(None, "POH mailt"),
        ];
        let (steps, _) = steps_of(&written);
        let view = CoachView::new(&steps);
        assert_eq!(view.verwijzers, [Wie::Huisarts]);
        assert!(view.vanaf_coach.is_empty());
    }

    fn steps_of(written: &[Stap]) -> (Vec<Step>, bool) {
        steps(Some(Verwijzing::Huisarts), written)
    }

    #[test]
    fn gemeente_slugs_fold_accents_and_stay_unique() {
        assert_eq!(
            gemeente_slugs([
                "Reusel-De Mierden",
                "Sûdwest-Fryslân",
                "Den Haag",
                "Den-Haag"
            ]),
            [
                "reusel-de-mierden",
                "sudwest-fryslan",
                "den-haag",
                "den-haag-2"
            ]
        );
    }

    #[test]
    fn aanbieders_in_the_gemeente_or_all() {
        let a = |naam: &str, plaats: Option<&str>| Aanbieder {
            naam: naam.into(),
            adres: None,
            postcode: None,
            plaats: plaats.map(Into::into),
            telefoon: None,
            email: None,
            website: None,
            agb: None,
            kvk: None,
        };
        let all = [
            a("Oss 1", Some("Oss")),
            a("Regio", None),
            a("Heesch", Some("Heesch")),
        ];
        let (list, local) = aanbieders(&all, Some("OSS"));
        assert!(local);
        assert_eq!(
            list.iter().map(|a| a.naam.as_str()).collect::<Vec<_>>(),
            ["Oss 1", "Regio"]
        );
        let only_elsewhere = [a("Heesch", Some("Heesch"))];
        let (list, local) = aanbieders(&only_elsewhere, Some("Bernheze"));
        assert!(!local);
        assert_eq!(list.len(), 1);
        let (list, local) = aanbieders(&[], Some("Bernheze"));
        assert!(local && list.is_empty());
    }
}
