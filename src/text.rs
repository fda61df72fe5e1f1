//! Small helpers for Dutch text that the website, the placemat and the
//! exports share, so the three never write the same thing differently.

/// Dutch writes no capital after a colon inside a sentence: "Leeftijd:
/// vanaf 18 jaar", not "Leeftijd: Vanaf 18 jaar". Labels and generated texts
/// start with a capital because they also stand on their own, so a value
/// that follows a label goes through this. Only an ordinary word loses its
/// capital: "COPD", "GLI" and "BeweegKuur" (a capital after the first
/// letter) keep theirs.
pub(crate) fn after_colon(text: &str) -> String {
    let first_word = text.split([' ', '-', ',', '(']).next().unwrap_or("");
    let mut chars = first_word.chars();
    let ordinary = chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase);
    if !ordinary {
        return text.to_string();
    }
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_lowercase().collect::<String>());
    first.unwrap_or_default() + chars.as_str()
}

/// "Oss", "Oss en Bernheze", "Eersel, Bladel en Bergeijk".
pub(crate) fn dutch_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} en {last}", init.join(", ")),
    }
}

/// Ends `text` with a full stop unless it already ends with punctuation.
pub(crate) fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?', ':']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ordinary_words_lose_their_capital_after_a_colon() {
        assert_eq!(after_colon("Vanaf 18 jaar"), "vanaf 18 jaar");
        assert_eq!(after_colon("Hart- en vaatziekten"), "hart- en vaatziekten");
        assert_eq!(
            after_colon("Effectief – goede aanwijzingen"),
            "effectief – goede aanwijzingen"
        );
        assert_eq!(after_colon("Één keer"), "één keer");
        for kept in [
            "COPD",
            "GLI (gecombineerd)",
            "BeweegKuur",
            "18 tot 80 jaar",
            "",
            "iPad",
        ] {
            assert_eq!(after_colon(kept), kept);
        }
    }

    #[test]
    fn dutch_lists_and_sentences() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(dutch_list(&names(&["Oss"])), "Oss");
        assert_eq!(dutch_list(&names(&["Oss", "Bernheze"])), "Oss en Bernheze");
        assert_eq!(
            dutch_list(&names(&["Eersel", "Bladel", "Bergeijk"])),
            "Eersel, Bladel en Bergeijk"
        );
        assert_eq!(sentence("Geen eigen risico"), "Geen eigen risico.");
        assert_eq!(sentence("Klaar. "), "Klaar.");
    }
}
