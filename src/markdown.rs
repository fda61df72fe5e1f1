//! Markdown to safe HTML.
//!
//! Users write Markdown, not HTML. Raw HTML in a body is shown as text, so a
//! pasted `<script>` can never run; links may only use web, mail and phone
//! schemes; images from other hosts become plain links, so a page never
//! loads anything from another host.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

/// Renders Markdown to HTML that is safe to put into a page unescaped.
///
/// `heading_offset` shifts heading levels down (a `#` in a body becomes an
/// `<h2>` when the page already has an `<h1>`).
pub fn to_html(markdown: &str, heading_offset: u8) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION;
    let mut in_external_image = false;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        // Raw HTML becomes visible text: escaped by the HTML writer.
        Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: shift(level, heading_offset),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => {
            Event::End(TagEnd::Heading(shift(level, heading_offset)))
        }
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if !is_local(&dest_url) => {
            in_external_image = true;
            Event::Start(Tag::Link {
                link_type,
                dest_url: safe_url(dest_url),
                title,
                id,
            })
        }
        Event::End(TagEnd::Image) if in_external_image => {
            in_external_image = false;
            Event::End(TagEnd::Link)
        }
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

fn shift(level: pulldown_cmark::HeadingLevel, by: u8) -> pulldown_cmark::HeadingLevel {
    use pulldown_cmark::HeadingLevel::*;
    let n = (level as u8 + by).min(6);
    match n {
        1 => H1,
        2 => H2,
        3 => H3,
        4 => H4,
        5 => H5,
        _ => H6,
    }
}

/// A link target without a scheme, or with one we allow.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let scheme = lower.split_once(':').map(|(s, _)| s);
    let has_scheme = scheme.is_some_and(|s| !s.contains(['/', '?', '#']));
    if !has_scheme || matches!(scheme, Some("http" | "https" | "mailto" | "tel")) {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

fn is_local(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    !(lower.starts_with("//") || lower.contains(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = to_html(
            "Hallo <script>alert(1)</script>\n\n<div onclick=\"x()\">a</div>",
            0,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn dangerous_links_are_neutralised() {
        let html = to_html(
            "[klik](javascript:alert(1)) [ok](https://example.nl) [rel](../gli-cool/)",
            0,
        );
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://example.nl\""));
        assert!(html.contains("href=\"../gli-cool/\""));
    }

    #[test]
    fn remote_images_become_links_and_headings_shift() {
        let html = to_html("# Kop\n\n![foto](https://example.nl/a.png)", 1);
        assert!(html.contains("<h2>Kop</h2>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("<a href=\"https://example.nl/a.png\">foto</a>"),
            "{html}"
        );
    }
}
