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

/// A vocabulary value as templates see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Term {
    pub id: &'static str,
    pub label: &'static str,
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
}
