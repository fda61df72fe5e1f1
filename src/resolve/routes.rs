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
//! Regions write steps as short sentences that start with who acts
//! ("POH mailt de buurtsportcoach", "Buurtsportcoach belt de patiënt"), so
//! the actor is read from the first word, after an article such as "de".
//! A step in the imperative ("Bespreek de GLI met de patiënt") is addressed
//! to the reader of the menukaart, the huisarts or POH. When neither gives
//! an answer, the actor of the same position in the generic route for the
//! verwijzing is used. When a route has no written steps at all, the
//! generic route itself is shown and marked as such.

use serde::Serialize;

use crate::model::{Aanbieder, Contact};
use crate::names::suggest_id;
use crate::resolve::{MenuItem, Menukaart, RegionInfo, VergoedingView};
use crate::vocab::{Verwijzing, Vocabulary};

/// Who carries out one step of a referral route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Actor {
    /// The referring side in the practice: huisarts, POH, or a specialist.
    Verwijzer,
    Buurtsportcoach,
    /// Whoever delivers the intervention: leefstijlcoach, diëtist, …
    Aanbieder,
    Patient,
}

impl Vocabulary for Actor {
    const UNKNOWN: &'static str = "onbekende rol";
    const ALL: &'static [Self] = &[
        Actor::Verwijzer,
        Actor::Buurtsportcoach,
        Actor::Aanbieder,
        Actor::Patient,
    ];

    fn id(self) -> &'static str {
        match self {
            Actor::Verwijzer => "huisarts-poh",
            Actor::Buurtsportcoach => "buurtsportcoach",
            Actor::Aanbieder => "aanbieder",
            Actor::Patient => "patient",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Actor::Verwijzer => "Huisarts of POH",
            Actor::Buurtsportcoach => "Buurtsportcoach",
            Actor::Aanbieder => "Aanbieder",
            Actor::Patient => "Patiënt",
        }
    }
}

impl Serialize for Actor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.term().serialize(s)
    }
}

/// All routes of one region, grouped per gemeente.
#[derive(Debug, Serialize)]
pub struct RegionRoutes<'a> {
    pub regio: &'a RegionInfo<'a>,
    /// In the order the region file lists them.
    pub gemeenten: Vec<GemeenteRoutes<'a>>,
    /// True when the region lists no gemeenten: `gemeenten` then holds one
    /// group for the whole region, which gets no page of its own.
    pub hele_regio: bool,
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
    pub actoren: Vec<Actor>,
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
    pub verwijzers: Vec<Actor>,
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
            .position(|s| s.actor == Actor::Buurtsportcoach)
            .unwrap_or(steps.len());
        let (ervoor, vanaf_coach) = steps.split_at(at);
        let mut verwijzers = Vec::new();
        for step in ervoor {
            if !verwijzers.contains(&step.actor) {
                verwijzers.push(step.actor);
            }
        }
        CoachView {
            verwijzers,
            ervoor: ervoor.to_vec(),
            vanaf_coach: vanaf_coach.to_vec(),
        }
    }
}

/// One step of a route and who acts in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    pub actor: Actor,
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
    RegionRoutes {
        regio,
        gemeenten,
        hele_regio,
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
    let mut actoren: Vec<Actor> = Vec::new();
    for step in &stappen {
        if !actoren.contains(&step.actor) {
            actoren.push(step.actor);
        }
    }
    let via_buurtsportcoach = verwijzing == Some(Verwijzing::Buurtsportcoach)
        || actoren.contains(&Actor::Buurtsportcoach);
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
pub fn steps(verwijzing: Option<Verwijzing>, written: &[String]) -> (Vec<Step>, bool) {
    let generic = generic_steps(verwijzing);
    if written.is_empty() {
        return (generic, true);
    }
    let steps = written
        .iter()
        .enumerate()
        .map(|(index, tekst)| {
            let actor = actor_of(tekst).unwrap_or_else(|| {
                // Same position in the generic route; its last step for a long route.
                generic
                    .get(index)
                    .or(generic.last())
                    .map_or(Actor::Verwijzer, |s| s.actor)
            });
            Step {
                actor,
                tekst: tekst.clone(),
            }
        })
        .collect();
    (steps, false)
}

/// The usual route for a verwijzing, for regions that wrote no steps.
pub fn generic_steps(verwijzing: Option<Verwijzing>) -> Vec<Step> {
    use Actor::*;
    let list: &[(Actor, &str)] = match verwijzing {
        None | Some(Verwijzing::Geen) => &[
            (
                Verwijzer,
                "Huisarts of POH vertelt de patiënt over dit aanbod",
            ),
            (Patient, "Patiënt meldt zichzelf aan bij de aanbieder"),
            (Aanbieder, "Aanbieder neemt contact op met de patiënt"),
        ],
        Some(Verwijzing::Huisarts) => &[
            (Verwijzer, "Huisarts bespreekt het aanbod met de patiënt"),
            (Verwijzer, "Huisarts verwijst de patiënt naar de aanbieder"),
            (Aanbieder, "Aanbieder neemt contact op met de patiënt"),
        ],
        Some(Verwijzing::HuisartsOfSpecialist) => &[
            (
                Verwijzer,
                "Huisarts of specialist bespreekt het aanbod met de patiënt",
            ),
            (
                Verwijzer,
                "Huisarts of specialist verwijst de patiënt naar de aanbieder",
            ),
            (Aanbieder, "Aanbieder neemt contact op met de patiënt"),
        ],
        Some(Verwijzing::Poh) => &[
            (Verwijzer, "POH bespreekt het aanbod met de patiënt"),
            (Verwijzer, "POH meldt de patiënt aan bij de aanbieder"),
            (Aanbieder, "Aanbieder neemt contact op met de patiënt"),
        ],
        Some(Verwijzing::Buurtsportcoach) => &[
            (
                Verwijzer,
                "Huisarts of POH bespreekt meer bewegen en vraagt of de buurtsportcoach mag bellen",
            ),
            (
                Verwijzer,
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
            actor: *actor,
            tekst: (*tekst).to_string(),
        })
        .collect()
}

/// Words that may stand before the actor without changing who acts.
const SKIP: &[&str] = &[
    "de",
    "het",
    "een",
    "eerst",
    "dan",
    "daarna",
    "vervolgens",
    "tot",
    "slot",
];

/// Imperatives: the step is addressed to the reader, the huisarts or POH.
const IMPERATIVES: &[&str] = &[
    "bespreek",
    "verwijs",
    "meld",
    "stuur",
    "mail",
    "bel",
    "vraag",
    "geef",
    "meet",
    "doe",
    "vul",
    "zet",
    "leg",
    "noteer",
    "kijk",
    "maak",
    "plan",
    "controleer",
    "overleg",
    "noem",
    "wijs",
    "check",
];

/// Who acts in a written step, read from its first word; `None` if unclear.
pub fn actor_of(step: &str) -> Option<Actor> {
    // `suggest_id` lowercases, folds accents and separates words by '-'.
    let folded = suggest_id(step);
    let word = folded.split('-').find(|w| !SKIP.contains(w))?;
    if IMPERATIVES.contains(&word) {
        return Some(Actor::Verwijzer);
    }
    actor_word(word)
}

fn actor_word(word: &str) -> Option<Actor> {
    const VERWIJZER: &[&str] = &[
        "huisarts",
        "huisartsen",
        "poh",
        "pohs",
        "praktijkondersteuner",
        "praktijkverpleegkundige",
        "doktersassistent",
        "doktersassistente",
        "assistent",
        "assistente",
        "praktijk",
        "verwijzer",
        "specialist",
        "medisch",
        "kaderarts",
        "arts",
        "longarts",
        "vaatchirurg",
        "cardioloog",
        "internist",
    ];
    const PATIENT: &[&str] = &[
        "patient",
        "patienten",
        "client",
        "clienten",
        "deelnemer",
        "deelnemers",
    ];
    const AANBIEDER: &[&str] = &[
        "aanbieder",
        "aanbieders",
        "zorgaanbieder",
        "dietist",
        "dietisten",
        "trainer",
        "begeleider",
        "cursusleider",
        "groepsleider",
        "instructeur",
        "docent",
        "welzijnswerker",
    ];
    if word.starts_with("buurtsportcoach") || word == "sportcoach" {
        Some(Actor::Buurtsportcoach)
    } else if VERWIJZER.contains(&word) {
        Some(Actor::Verwijzer)
    } else if PATIENT.contains(&word) {
        Some(Actor::Patient)
    } else if AANBIEDER.contains(&word)
        || word.ends_with("coach")
        || word.ends_with("coaches")
        || word.ends_with("therapeut")
        || word.ends_with("therapeuten")
    {
        Some(Actor::Aanbieder)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors_from_the_first_words() {
        let cases = [
            ("Huisarts of POH bespreekt de GLI", Some(Actor::Verwijzer)),
            ("POH-ggz zet de training klaar", Some(Actor::Verwijzer)),
            ("Patiënt of POH neemt contact op", Some(Actor::Patient)),
            (
                "Buurtsportcoach belt de patiënt",
                Some(Actor::Buurtsportcoach),
            ),
            ("De buurtsportcoach belt", Some(Actor::Buurtsportcoach)),
            ("Leefstijlcoach plant een intake", Some(Actor::Aanbieder)),
            ("Welzijnscoach belt de patiënt", Some(Actor::Aanbieder)),
            ("Diëtist plant een afspraak", Some(Actor::Aanbieder)),
            ("Fysiotherapeut doet een test", Some(Actor::Aanbieder)),
            ("De coach belt de patiënt", Some(Actor::Aanbieder)),
            ("Bespreek de GLI met de patiënt", Some(Actor::Verwijzer)),
            ("Verwijs via Zorgdomein", Some(Actor::Verwijzer)),
            ("Intake binnen twee weken", None),
            ("", None),
        ];
        for (step, expected) in cases {
            assert_eq!(actor_of(step), expected, "{step}");
        }
    }

    #[test]
    fn unclear_steps_take_the_actor_of_the_generic_route() {
        let written = vec![
            "Huisarts meldt aan".to_string(),
            "Kennismaking binnen een week".to_string(),
            "Terugkoppeling".to_string(),
            "Nog een stap".to_string(),
            "En nog een".to_string(),
        ];
        let (steps, algemeen) = steps(Some(Verwijzing::Buurtsportcoach), &written);
        assert!(!algemeen);
        let actors: Vec<Actor> = steps.iter().map(|s| s.actor).collect();
        assert_eq!(
            actors,
            [
                Actor::Verwijzer,
                Actor::Verwijzer,
                Actor::Buurtsportcoach,
                Actor::Aanbieder,
                Actor::Aanbieder
            ]
        );
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
            assert_eq!(steps[0].actor, Actor::Verwijzer);
            // The generic texts follow the same rule as written ones.
            for step in &steps {
                assert_eq!(actor_of(&step.tekst), Some(step.actor), "{}", step.tekst);
            }
        }
        let (steps, _) = steps(Some(Verwijzing::Buurtsportcoach), &[]);
        assert!(steps.iter().any(|s| s.actor == Actor::Buurtsportcoach));
    }

    #[test]
    fn the_coach_view_splits_at_the_coachs_first_step() {
        let (steps, _) = steps(Some(Verwijzing::Buurtsportcoach), &[]);
        let view = CoachView::new(&steps);
        assert_eq!(view.verwijzers, [Actor::Verwijzer]);
        assert_eq!(view.ervoor.len(), 2);
        assert_eq!(view.vanaf_coach[0].actor, Actor::Buurtsportcoach);
        assert_eq!(view.ervoor.len() + view.vanaf_coach.len(), steps.len());

        let written = ["Buurtsportcoach belt de patiënt".to_string()];
        let (steps, _) = steps_of(&written);
        let view = CoachView::new(&steps);
        assert_eq!(view.verwijzers, []);
        assert_eq!(view.vanaf_coach.len(), 1);

        // No step names the coach: everything counts as before the coach.
        let written = ["Huisarts belt".to_string(), "POH mailt".to_string()];
        let (steps, _) = steps_of(&written);
        let view = CoachView::new(&steps);
        assert_eq!(view.verwijzers, [Actor::Verwijzer]);
        assert!(view.vanaf_coach.is_empty());
    }

    fn steps_of(written: &[String]) -> (Vec<Step>, bool) {
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
            plaats: plaats.map(Into::into),
            telefoon: None,
            email: None,
            website: None,
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
