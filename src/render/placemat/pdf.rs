//! The display list as a PDF, through printpdf 0.12.
//!
//! Text is drawn as real text in the embedded fonts: printpdf maps each
//! character to its glyph through the font's cmap, subsets both faces to
//! the glyphs used and writes a `/ToUnicode` map, so copying, searching and
//! `pdftotext` give back the original characters. There is no shaping step,
//! hence no ligatures that could break text extraction.
//!
//! printpdf names fonts and the document with ids from a process-wide
//! counter, so two builds would differ. We register the fonts under fixed
//! names and, after printpdf has built the lopdf document, replace the
//! trailer `/ID` with a hash of the page and set `/Lang`, which printpdf
//! does not offer. With `SOURCE_DATE_EPOCH` two builds are then byte-identical.

use lopdf::{Object, StringFormat};
use printpdf as pp;
use time::OffsetDateTime;

use super::font::{Fonts, Weight};
use super::page::Item;
use super::qr::Qr;
use crate::theme::placemat::Rgb;

/// What goes into one PDF: pages of one size, each a display list, and
/// the QR codes their [`Item::Qr`]s point to. The placemat and the
/// patient folder are both written through this.
pub struct Document<'a> {
    pub width: f32,
    pub height: f32,
    /// The pages in order; an empty one is left out.
    pub sides: Vec<&'a [Item]>,
    pub qrs: &'a [Qr],
}

/// The document information the PDF carries.
pub struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    pub created: OffsetDateTime,
}

/// Resource names of the two faces; the first six capitals double as the
/// subset tag (`MKREGU+DejaVuSans`), which must be six upper-case letters.
const REGULAR: &str = "MKREGU";
const BOLD: &str = "MKBOLD";

pub fn write(page: &Document, fonts: &Fonts, meta: &Meta) -> Result<Vec<u8>, String> {
    let mut doc = pp::PdfDocument::new(meta.title);
    let created = pp::OffsetDateTime::from_unix_timestamp(meta.created.unix_timestamp())
        .map_err(|e| format!("ongeldige datum: {e}"))?;
    let info = &mut doc.metadata.info;
    info.author = meta.author.to_string();
    info.subject = meta.subject.to_string();
    info.creator = "menukaart".to_string();
    info.producer = format!("menukaart {} (printpdf)", env!("CARGO_PKG_VERSION"));
    info.creation_date = created;
    info.modification_date = created;
    info.metadata_date = created;

    for (name, weight) in [(REGULAR, Weight::Regular), (BOLD, Weight::Bold)] {
        doc.resources.fonts.map.insert(
            pp::FontId(name.to_string()),
            pp::PdfFont::new(fonts.face(weight).font.clone()),
        );
    }

    for side in sides(page) {
        doc.pages.push(pp::PdfPage {
            media_box: pp::Rect::from_wh(pp::Pt(page.width), pp::Pt(page.height)),
            trim_box: pp::Rect::from_wh(pp::Pt(page.width), pp::Pt(page.height)),
            crop_box: pp::Rect::from_wh(pp::Pt(page.width), pp::Pt(page.height)),
            ops: operations(side, page.height),
        });
    }

    let options = pp::PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut pdf = doc.to_lopdf_document(&options, &mut warnings);
    for (index, side) in sides(page).enumerate() {
        add_qr_codes(&mut pdf, page, index, side)?;
    }
    pdf.version = "1.7".to_string();
    let catalog = pdf
        .catalog_mut()
        .map_err(|e| format!("PDF zonder catalogus: {e}"))?;
    catalog.set("Lang", Object::string_literal("nl"));
    catalog.set(
        "ViewerPreferences",
        lopdf::Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]),
    );
    // Empty or PDF/X-only keys printpdf always writes; they only confuse readers.
    if let Ok(Object::Reference(id)) = pdf.trailer.get(b"Info").cloned() {
        if let Ok(Object::Dictionary(info)) = pdf.get_object_mut(id) {
            for key in ["GTS_PDFXVersion", "Identifier", "Keywords", "Trapped"] {
                info.remove(key.as_bytes());
            }
        }
    }
    let id = fingerprint(page, meta);
    let id = Object::String(id.to_vec(), StringFormat::Hexadecimal);
    pdf.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    compress(&mut pdf)?;
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes)
        .map_err(|e| format!("PDF schrijven mislukt: {e}"))?;
    Ok(bytes)
}

/// Every side that has something on it.
fn sides<'a>(page: &'a Document) -> impl Iterator<Item = &'a [Item]> {
    page.sides.iter().copied().filter(|side| !side.is_empty())
}

/// Appends the QR codes of one side to its page as a second content stream.
///
/// Through printpdf each module corner would be a pair of nine-digit
/// decimals, over 400 KB of drawing for sixteen codes. Here each code gets
/// a transformation to module units, so a block of modules is a `re` with
/// four small integers, and one fill per code paints them all at once
/// (one path: no hairline seams between neighbouring modules).
fn add_qr_codes(
    pdf: &mut lopdf::Document,
    page: &Document,
    index: usize,
    items: &[Item],
) -> Result<(), String> {
    use std::fmt::Write;
    let mut content = String::from("q\n0 0 0 rg\n");
    for item in items {
        let Item::Qr { rect, qr } = item else {
            continue;
        };
        let Some(code) = page.qrs.get(*qr) else {
            continue;
        };
        let module = rect.w / code.modules as f32;
        // Module (col, row) → page (x + col·m, top − row·m).
        let _ = writeln!(
            content,
            "q {module:.5} 0 0 {:.5} {:.3} {:.3} cm",
            -module,
            rect.x,
            page.height - rect.y
        );
        for b in &code.blocks {
            let _ = writeln!(content, "{} {} {} {} re", b.col, b.row, b.cols, b.rows);
        }
        content.push_str("f\nQ\n");
    }
    content.push_str("Q\n");
    let stream = pdf.add_object(lopdf::Stream::new(
        lopdf::Dictionary::new(),
        content.into_bytes(),
    ));
    let page_id = *pdf
        .get_pages()
        .values()
        .nth(index)
        .ok_or("PDF zonder pagina")?;
    let page_dict = pdf
        .get_object_mut(page_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| format!("PDF-pagina onleesbaar: {e}"))?;
    let contents = match page_dict.get(b"Contents") {
        Ok(Object::Array(list)) => {
            let mut list = list.clone();
            list.push(Object::Reference(stream));
            list
        }
        Ok(first) => vec![first.clone(), Object::Reference(stream)],
        Err(_) => vec![Object::Reference(stream)],
    };
    page_dict.set("Contents", Object::Array(contents));
    Ok(())
}

/// Deflates every stream that is not compressed yet. lopdf's own
/// `compress` uses the slowest level, which took two thirds of a
/// placemat's time.
fn compress(pdf: &mut lopdf::Document) -> Result<(), String> {
    use std::io::Write;
    for object in pdf.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(stream.content.len() / 2),
            flate2::Compression::new(LEVEL),
        );
        encoder
            .write_all(&stream.content)
            .map_err(|e| format!("comprimeren mislukt: {e}"))?;
        let packed = encoder
            .finish()
            .map_err(|e| format!("comprimeren mislukt: {e}"))?;
        if packed.len() < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    }
    Ok(())
}

/// zlib level 3: a fifth of the time of level 6 for a file under 10 %
/// larger (about 56 KB instead of 51 KB for twenty interventions).
const LEVEL: u32 = 3;

fn colour(c: Rgb) -> pp::Color {
    pp::Color::Rgb(pp::Rgb {
        r: c.r,
        g: c.g,
        b: c.b,
        icc_profile: None,
    })
}

/// A filled or outlined rectangle; `height` is the page's, since PDF
/// counts from the bottom and the layout from the top.
fn rectangle(rect: &super::page::Rect, height: f32, mode: pp::PaintMode) -> pp::Op {
    let fill = matches!(mode, pp::PaintMode::Fill);
    pp::Op::DrawRectangle {
        rectangle: pp::Rect {
            x: pp::Pt(rect.x),
            y: pp::Pt(height - rect.bottom()),
            width: pp::Pt(rect.w),
            height: pp::Pt(rect.h),
            mode: Some(mode),
            winding_order: fill.then_some(pp::WindingOrder::NonZero),
        },
    }
}

/// Shapes first, then text on top, with as few state changes as possible.
fn operations(items: &[Item], height: f32) -> Vec<pp::Op> {
    let flip = |y: f32| height - y;
    let mut ops = Vec::new();
    let mut fill: Option<Rgb> = None;
    let mut set_fill = |ops: &mut Vec<pp::Op>, c: Rgb| {
        if fill != Some(c) {
            ops.push(pp::Op::SetFillColor { col: colour(c) });
            fill = Some(c);
        }
    };
    for item in items {
        match item {
            Item::Fill { rect, colour: c } => {
                set_fill(&mut ops, *c);
                ops.push(rectangle(rect, height, pp::PaintMode::Fill));
            }
            Item::Frame {
                rect,
                colour: c,
                width,
            } => {
                ops.push(pp::Op::SetOutlineColor { col: colour(*c) });
                ops.push(pp::Op::SetOutlineThickness { pt: pp::Pt(*width) });
                ops.push(rectangle(rect, height, pp::PaintMode::Stroke));
            }
            // QR codes go into a stream of their own, see `qr_content`.
            Item::Qr { .. } => {}
            Item::Text { .. } => {}
        }
    }

    ops.push(pp::Op::StartTextSection);
    let mut font: Option<(Weight, f32)> = None;
    for item in items {
        let Item::Text {
            x,
            baseline,
            style,
            text,
        } = item
        else {
            continue;
        };
        if font != Some((style.weight, style.size)) {
            let name = match style.weight {
                Weight::Regular => REGULAR,
                Weight::Bold => BOLD,
            };
            ops.push(pp::Op::SetFont {
                font: pp::PdfFontHandle::External(pp::FontId(name.to_string())),
                size: pp::Pt(style.size),
            });
            font = Some((style.weight, style.size));
        }
        set_fill(&mut ops, style.colour);
        ops.push(pp::Op::SetTextMatrix {
            matrix: pp::TextMatrix::Translate(pp::Pt(*x), pp::Pt(flip(*baseline))),
        });
        ops.push(pp::Op::ShowText {
            items: vec![pp::TextItem::Text(text.clone())],
        });
    }
    ops.push(pp::Op::EndTextSection);
    ops
}

/// A 16-byte id from everything on the page: the same page gives the same
/// id, a changed page a different one, as the PDF specification intends.
fn fingerprint(page: &Document, meta: &Meta) -> [u8; 16] {
    // Two FNV-1a streams with different offsets; not cryptographic, stable across builds.
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x6c62_272e_07bb_0142;
    let mut feed = |bytes: &[u8]| {
        for &byte in bytes {
            a = (a ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            b = (b ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3 ^ 0x5bd1_e995);
        }
    };
    feed(meta.title.as_bytes());
    feed(meta.author.as_bytes());
    feed(&meta.created.unix_timestamp().to_le_bytes());
    feed(&page.width.to_le_bytes());
    for item in page.sides.iter().copied().flatten() {
        match item {
            Item::Text {
                x, baseline, text, ..
            } => {
                feed(&x.to_le_bytes());
                feed(&baseline.to_le_bytes());
                feed(text.as_bytes());
            }
            Item::Fill { rect, .. } | Item::Frame { rect, .. } => {
                feed(&rect.x.to_le_bytes());
                feed(&rect.y.to_le_bytes());
            }
            Item::Qr { qr, .. } => {
                if let Some(code) = page.qrs.get(*qr) {
                    feed(code.url.as_bytes());
                }
            }
        }
    }
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&a.to_be_bytes());
    out[8..].copy_from_slice(&b.to_be_bytes());
    out
}
