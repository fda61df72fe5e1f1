//! Page contexts filled with values that were converted once.
//!
//! Tera renders from a [`Context`] of JSON values, and [`Context::insert`]
//! converts whatever it is given into a fresh copy. Much of the view model
//! appears on several pages: a region's items on its menukaart page and
//! again one by one on the intervention pages, every menu on the home page
//! and on the not-found page, a gemeente's routes on the region's routes
//! page and on the gemeente's own page. Converting such a part once and
//! *moving* it into each page's context, and back out after rendering, makes
//! a page cost its rendering only, not another copy of the view model:
//! converting and freeing those copies was most of a national build's time
//! and its peak memory (issue 15).
//!
//! The templates see exactly the values they saw before: the same names,
//! made by the same `Serialize` implementations.

use serde::Serialize;
use tera::{Context, Value};

use super::{Sink, Themes};
use crate::diagnostics::Diagnostic;
use crate::resolve::Site;

/// `value` as the JSON value a template sees.
pub(crate) fn json<T: Serialize + ?Sized>(value: &T) -> Result<Value, Diagnostic> {
    serde_json::to_value(value).map_err(|err| {
        Diagnostic::error(
            None,
            format!("kan de gegevens voor een pagina niet klaarzetten: {err}"),
        )
        .with_hint("dit is een fout in menukaart zelf; meld het met de invoer die het veroorzaakt")
    })
}

/// Every element of `list` as a JSON value.
pub(crate) fn json_each<T: Serialize>(list: &[T]) -> Result<Vec<Value>, Diagnostic> {
    list.iter().map(json).collect()
}

/// Moves `value` into `ctx` under `key`, replacing what was there, without
/// copying it (unlike [`Context::insert`]).
pub(crate) fn put(ctx: &mut Context, key: &str, value: Value) {
    let mut map = tera::Map::new();
    map.insert(key.to_owned(), value);
    // Only fails for a value that is not an object, and this one is.
    if let Ok(one) = Context::from_value(Value::Object(map)) {
        ctx.extend(one);
    }
}

/// Takes the value under `key` back out of `ctx`; `Null` when absent.
pub(crate) fn take(ctx: &mut Context, key: &str) -> Value {
    ctx.remove(key).unwrap_or(Value::Null)
}

/// The elements of a list value, when it is a list of `len` elements: the
/// caller then pairs them with the `len` items they were made from.
pub(crate) fn elements(value: Value, len: usize) -> Option<Vec<Value>> {
    match value {
        Value::Array(list) if list.len() == len => Some(list),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_moved_in_is_rendered_like_an_inserted_one_and_comes_back() {
        #[derive(Serialize)]
        struct Item<'a> {
            naam: &'a str,
            themas: Vec<&'a str>,
        }
        let item = Item {
            naam: "Beweegkuur <groep>",
            themas: vec!["bewegen", "voeding"],
        };
        let template = "{{ item.naam }}: {% for t in item.themas %}{{ t }} {% endfor %}";
        let mut inserted = Context::new();
        inserted.insert("item", &item);
        let mut moved = Context::new();
        put(&mut moved, "item", json(&item).expect("json"));
        let render = |ctx: &Context| Tera::one_off(template, ctx, true).expect("render");
        use tera::Tera;
        assert_eq!(render(&moved), render(&inserted));

        let back = take(&mut moved, "item");
        assert_eq!(back, json(&item).expect("json"));
        assert!(!moved.contains_key("item"));
        assert_eq!(take(&mut moved, "item"), Value::Null);
    }

    #[test]
    fn elements_only_of_a_list_of_the_expected_length() {
        let list = json(&[1, 2, 3]).expect("json");
        assert_eq!(elements(list.clone(), 3).map(|l| l.len()), Some(3));
        assert!(elements(list, 2).is_none());
        assert!(elements(Value::Null, 0).is_none());
    }
}

/// Site-wide values every template gets.
#[derive(Serialize)]
struct SiteInfo<'a> {
    titel: &'a str,
    base_url: Option<&'a str>,
}

/// `../` repeated once per folder level, so links work from disk and under any path.
fn root_for(depth: usize) -> String {
    "../".repeat(depth)
}

/// The context every page starts from: where the static files and the
/// site root are, seen from a page `depth` folders deep, and the site's
/// title and address.
pub(crate) fn base_context(site: &Site, themes: &Themes, theme: &str, depth: usize) -> Context {
    let mut ctx = Context::new();
    let root = root_for(depth);
    ctx.insert("static", &format!("{root}{}", themes.static_dir(theme)));
    ctx.insert("root", &root);
    ctx.insert(
        "site",
        &SiteInfo {
            titel: site.titel,
            base_url: site.base_url,
        },
    );
    ctx
}

/// Writes one rendered page to `<path>index.html`; returns the path.
pub(crate) fn write_page(
    out: &dyn Sink,
    path: &str,
    html: Result<String, Diagnostic>,
) -> Result<String, Diagnostic> {
    let file = format!("{path}index.html");
    out.write(&file, html?.as_bytes()).map_err(|err| {
        Diagnostic::error(None, format!("kan {file} niet schrijven: {err}"))
            .with_hint("controleer of de schijf niet vol is en of u in de outputmap mag schrijven")
    })?;
    Ok(path.to_string())
}
