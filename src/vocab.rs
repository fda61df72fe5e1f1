//! Controlled vocabularies: the fixed lists of values users may write.
//!
//! Each value has the id users type in TOML and a Dutch label that readers
//! see. Keeping both here means the validator, the website, the placemat and
//! the exports can never disagree about what a value is called.

use serde::Serialize;

/// A vocabulary: its TOML key (for messages) and all its values.
pub trait Vocabulary: Sized + Copy + 'static {
    /// How messages name an unknown value: "onbekend thema", "onbekende vorm".
    const UNKNOWN: &'static str;
    const ALL: &'static [Self];
    fn id(self) -> &'static str;
    fn label(self) -> &'static str;

    fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.id() == id)
    }

    /// All ids, comma-separated, for "kies uit: …" hints.
    fn allowed() -> String {
        Self::ALL
            .iter()
            .map(|v| v.id())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn term(self) -> Term {
        Term {
            id: self.id(),
            label: self.label(),
        }
    }
}

/// A vocabulary value as templates see it: the id to branch on and the
/// label to show. The view model keeps the typed value (`Thema`, `Vorm`, …)
/// and only its serialisation, through [`shown`], turns it into this, so
/// Rust code never parses a label or id back into a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Term {
    pub id: &'static str,
    pub label: &'static str,
}

/// `serialize_with` helpers that show typed vocabulary values to templates
/// as [`Term`]s. A value serialised on its own (in the model, the cache key,
/// the exports) stays its bare id.
pub mod shown {
    use serde::{Serialize, Serializer};

    use super::Vocabulary;

    pub fn one<V: Vocabulary, S: Serializer>(value: &V, s: S) -> Result<S::Ok, S::Error> {
        value.term().serialize(s)
    }

    pub fn optional<V: Vocabulary, S: Serializer>(
        value: &Option<V>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        value.map(|v| v.term()).serialize(s)
    }

    pub fn list<V: Vocabulary, S: Serializer>(values: &[V], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(values.iter().map(|v| v.term()))
    }
}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $unknown:literal, { $($variant:ident => ($id:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl Vocabulary for $name {
            const UNKNOWN: &'static str = $unknown;
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn id(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }
            fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.id())
            }
        }
    };
}

vocabulary!(
    /// A paper size of the placemat, as a region or menukaart.toml asks.
    Papier, "onbekend papierformaat", {
        A3 => ("A3", "A3, liggend"),
        A4 => ("A4", "A4, staand"),
    }
);

vocabulary!(
    /// Lifestyle domains of the Leefstijlroer, plus social participation.
    Thema, "onbekend thema", {
        Bewegen => ("bewegen", "Bewegen"),
        Voeding => ("voeding", "Voeding"),
        Roken => ("roken", "Stoppen met roken"),
        Alcohol => ("alcohol", "Alcohol"),
        Slaap => ("slaap", "Slaap"),
        Ontspanning => ("ontspanning", "Ontspanning"),
        Zingeving => ("zingeving", "Zingeving"),
        Sociaal => ("sociaal", "Meedoen en contact"),
    }
);

vocabulary!(
    /// How an intervention is delivered.
    Vorm, "onbekende vorm", {
        Groep => ("groep", "In een groep"),
        Individueel => ("individueel", "Individueel"),
        Online => ("online", "Online"),
        Thuis => ("thuis", "Thuis"),
    }
);

vocabulary!(
    /// Who pays.
    VergoedingSoort, "onbekende soort vergoeding", {
        Basisverzekering => ("basisverzekering", "Basisverzekering"),
        AanvullendeVerzekering => ("aanvullende-verzekering", "Aanvullende verzekering"),
        Gemeente => ("gemeente", "Betaald door de gemeente"),
        Gratis => ("gratis", "Gratis"),
        EigenKosten => ("eigen-kosten", "Patiënt betaalt zelf"),
        Wisselend => ("wisselend", "Verschilt per verzekeraar of gemeente"),
    }
);

vocabulary!(
    /// Who refers the patient, if anyone.
    Verwijzing, "onbekende verwijzing", {
        Geen => ("geen", "Patiënt meldt zichzelf aan, zonder verwijzing"),
        Huisarts => ("huisarts", "Verwijzing door de huisarts"),
        HuisartsOfSpecialist => ("huisarts-of-specialist", "Verwijzing door huisarts of medisch specialist"),
        Buurtsportcoach => ("buurtsportcoach", "Via de buurtsportcoach"),
        Poh => ("poh", "Via de praktijkondersteuner (POH)"),
    }
);

vocabulary!(
    /// Who acts in one step of a referral route (`wie` in `stappen`).
    Wie, "onbekende rol", {
        Huisarts => ("huisarts", "Huisarts"),
        Poh => ("poh", "POH"),
        Patient => ("patient", "Patiënt"),
        Buurtsportcoach => ("buurtsportcoach", "Buurtsportcoach"),
        Aanbieder => ("aanbieder", "Aanbieder"),
        Welzijnscoach => ("welzijnscoach", "Welzijnscoach"),
        Dietist => ("dietist", "Diëtist"),
        Fysiotherapeut => ("fysiotherapeut", "Fysiotherapeut"),
        Gemeente => ("gemeente", "Gemeente"),
        Zorggroep => ("zorggroep", "Zorggroep"),
    }
);

vocabulary!(
    /// Recognition level in the database of Loket Gezond Leven (RIVM).
    Erkenning, "onbekend erkenningsniveau", {
        GoedBeschreven => ("goed-beschreven", "Goed beschreven"),
        GoedOnderbouwd => ("goed-onderbouwd", "Goed onderbouwd"),
        EffectiefEerste => ("effectief-eerste-aanwijzingen", "Effectief – eerste aanwijzingen"),
        EffectiefGoede => ("effectief-goede-aanwijzingen", "Effectief – goede aanwijzingen"),
        EffectiefSterke => ("effectief-sterke-aanwijzingen", "Effectief – sterke aanwijzingen"),
    }
);

vocabulary!(
    /// Conditions a doelgroep can name; documented in the README.
    Aandoening, "onbekende aandoening", {
        Overgewicht => ("overgewicht", "Overgewicht"),
        Diabetes2 => ("diabetes-type-2", "Diabetes type 2"),
        HartEnVaatziekten => ("hart-en-vaatziekten", "Hart- en vaatziekten"),
        Copd => ("copd", "COPD"),
        Astma => ("astma", "Astma"),
        Hypertensie => ("hypertensie", "Hoge bloeddruk"),
        Artrose => ("artrose", "Artrose"),
        DepressieSomber => ("depressie-somber", "Somberheid of depressie"),
        Eenzaamheid => ("eenzaamheid", "Eenzaamheid"),
        KwetsbareOuderen => ("kwetsbare-ouderen", "Kwetsbare ouderen"),
        Roken => ("roken", "Roken"),
        Claudicatio => ("claudicatio", "Etalagebenen (claudicatio)"),
        Slaapproblemen => ("slaapproblemen", "Slaapproblemen"),
        Stress => ("stress", "Stress"),
        ChronischePijn => ("chronische-pijn", "Chronische pijn"),
    }
);

/// Words a huisarts or POH types for a thema or aandoening, besides its
/// label. They feed the search on the regional page, so "dm2",
/// "suikerziekte" and "roker" find what the data calls "diabetes-type-2" and
/// "roken". Lowercase, without accents: the search folds both sides.
pub trait Zoekwoorden: Vocabulary {
    fn zoekwoorden(self) -> &'static [&'static str];
}

impl Zoekwoorden for Thema {
    fn zoekwoorden(self) -> &'static [&'static str] {
        match self {
            Thema::Bewegen => &[
                "bewegen", "beweging", "sport", "sporten", "fitness", "conditie", "wandelen",
                "inactief",
            ],
            Thema::Voeding => &["voeding", "eten", "dieet", "dietist", "afvallen", "gewicht"],
            Thema::Roken => &[
                "roken",
                "roker",
                "rookt",
                "sigaret",
                "sigaretten",
                "shag",
                "vapen",
                "e-sigaret",
                "stoppen",
                "rookstop",
                "nicotine",
                "tabak",
            ],
            Thema::Alcohol => &["alcohol", "drinken", "drank", "bier", "wijn", "minderen"],
            Thema::Slaap => &["slaap", "slapen", "insomnia", "slapeloosheid", "moe"],
            Thema::Ontspanning => &[
                "ontspanning",
                "ontspannen",
                "stress",
                "spanning",
                "burn-out",
                "burnout",
                "overspannen",
                "piekeren",
            ],
            Thema::Zingeving => &["zingeving", "zin", "levensvragen", "rouw"],
            Thema::Sociaal => &[
                "sociaal",
                "eenzaam",
                "alleen",
                "contact",
                "meedoen",
                "welzijn",
                "vrijwilliger",
            ],
        }
    }
}

impl Zoekwoorden for Aandoening {
    fn zoekwoorden(self) -> &'static [&'static str] {
        match self {
            Aandoening::Overgewicht => &[
                "overgewicht",
                "bmi",
                "afvallen",
                "obesitas",
                "gewicht",
                "dik",
            ],
            Aandoening::Diabetes2 => &[
                "diabetes",
                "dm2",
                "dm",
                "dmii",
                "suikerziekte",
                "suiker",
                "diabeet",
            ],
            Aandoening::HartEnVaatziekten => &[
                "hart",
                "vaatziekten",
                "hvz",
                "cvrm",
                "hartinfarct",
                "beroerte",
                "cva",
            ],
            Aandoening::Copd => &["copd", "longen", "longziekte", "benauwd", "kortademig"],
            Aandoening::Astma => &["astma", "longen", "benauwd"],
            Aandoening::Hypertensie => &["hypertensie", "bloeddruk"],
            Aandoening::Artrose => &["artrose", "gewrichten", "knie", "heup", "slijtage"],
            Aandoening::DepressieSomber => &[
                "depressie",
                "depressief",
                "somber",
                "somberheid",
                "neerslachtig",
                "down",
            ],
            Aandoening::Eenzaamheid => &["eenzaam", "eenzaamheid", "alleen", "isolement"],
            Aandoening::KwetsbareOuderen => &[
                "ouderen",
                "kwetsbaar",
                "vallen",
                "valangst",
                "valrisico",
                "valpreventie",
                "gevallen",
                "evenwicht",
                "balans",
            ],
            Aandoening::Roken => &[
                "roken",
                "roker",
                "rookt",
                "sigaret",
                "sigaretten",
                "shag",
                "vapen",
                "e-sigaret",
                "stoppen",
                "rookstop",
                "nicotine",
                "tabak",
            ],
            Aandoening::Claudicatio => &["etalagebenen", "claudicatio", "pad", "vaatlijden"],
            Aandoening::Slaapproblemen => &["slapen", "slaap", "insomnia", "slapeloosheid"],
            Aandoening::Stress => &[
                "stress",
                "spanning",
                "burn-out",
                "burnout",
                "overspannen",
                "piekeren",
            ],
            Aandoening::ChronischePijn => &["pijn", "rugpijn"],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_unique() {
        for t in Thema::ALL {
            assert_eq!(Thema::from_id(t.id()), Some(*t));
        }
        let mut ids: Vec<_> = Aandoening::ALL.iter().map(|a| a.id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), Aandoening::ALL.len());
    }

    #[test]
    fn search_words_are_folded_and_name_the_value_itself() {
        fn check<V: Zoekwoorden>() {
            for v in V::ALL {
                let words = v.zoekwoorden();
                assert!(!words.is_empty(), "{} has no search words", v.id());
                for w in words {
                    assert!(
                        w.chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                        "{}: \"{w}\" is not lowercase ASCII",
                        v.id()
                    );
                }
            }
        }
        check::<Thema>();
        check::<Aandoening>();
        // The search splits what is typed at spaces, so a search word is one word.
        assert!(Aandoening::Diabetes2
            .zoekwoorden()
            .contains(&"suikerziekte"));
        assert!(Aandoening::Roken.zoekwoorden().contains(&"roker"));
    }
}
