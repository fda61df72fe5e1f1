//! QR codes as vector rectangles, drawn from the `qrcode` crate's module matrix.
//!
//! Vector modules stay sharp at any print resolution and cost a few hundred
//! bytes per code. Dark modules are merged into rectangles (runs along a row,
//! stacked when the rows below repeat them) so one code is one filled path of
//! a few hundred rectangles, not a thousand separate squares.
//!
//! The crate encodes the data and draws the symbol; we pick the mask
//! ourselves. `QrCode::new` scores the eight masks with a general-purpose
//! penalty routine that takes about a millisecond per code, which for
//! twenty codes alone would blow the placemat's time budget. [`penalty`]
//! computes the same four penalty rules of ISO/IEC 18004 on a plain bit
//! matrix in a few microseconds. Any mask gives a valid code; the penalty
//! only steers away from patterns that confuse scanners.

use qrcode::bits;
use std::sync::OnceLock;

use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::ec;
use qrcode::{Color, EcLevel};

/// A rectangle of dark modules, in module units from the code's top-left corner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub col: usize,
    pub row: usize,
    pub cols: usize,
    pub rows: usize,
}

/// One QR code, ready to draw at any size.
#[derive(Clone, Debug, PartialEq)]
pub struct Qr {
    pub url: String,
    /// Modules per side, without the quiet zone.
    pub modules: usize,
    pub blocks: Vec<Block>,
}

/// The light margin a scanner needs around a code, in modules (ISO/IEC 18004).
pub const QUIET_ZONE: usize = 4;

const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

impl Qr {
    /// Encodes `url` with error correction level M: a printed sheet on a
    /// desk gets coffee rings and pen marks, and M still reads with 15 %
    /// of the code damaged while keeping the modules large.
    pub fn new(url: &str) -> Result<Qr, String> {
        let (modules, dark) = matrix(url)?;
        Ok(Qr {
            url: url.to_string(),
            modules,
            blocks: blocks(&dark, modules),
        })
    }
}

/// The module matrix of `url` (row by row, `true` is dark) with the mask
/// of the lowest penalty.
///
/// The masks are scored on bit rows: the unmasked symbol's rows XOR each
/// mask's pattern on the maskable modules. Only the winner goes through
/// the crate's `apply_mask`, which also writes the format information;
/// those few modules are light while scoring, which can only nudge the
/// choice between valid masks.
fn matrix(url: &str) -> Result<(usize, Vec<bool>), String> {
    let level = EcLevel::M;
    let bits = bits::encode_auto(url.as_bytes(), level).map_err(|e| e.to_string())?;
    let version = bits.version();
    let data = bits.into_bytes();
    let (encoded, correction) =
        ec::construct_codewords(&data, version, level).map_err(|e| e.to_string())?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&encoded, &correction);
    let width = usize::try_from(version.width()).map_err(|e| e.to_string())?;

    let best = if width <= 64 {
        // Bit x of row y: the module in column x.
        let mut base = vec![0u64; width];
        let mut free = vec![0u64; width];
        for y in 0..width {
            for x in 0..width {
                let (dark, maskable) = match canvas.get(x as i16, y as i16) {
                    Module::Masked(c) => (c == Color::Dark, false),
                    Module::Unmasked(c) => (c == Color::Dark, true),
                    Module::Empty => (false, true),
                };
                base[y] |= u64::from(dark) << x;
                free[y] |= u64::from(maskable) << x;
            }
        }
        let patterns = mask_rows();
        let mut rows = vec![0u64; width];
        let mut best: Option<(u32, MaskPattern)> = None;
        for (m, mask) in MASKS.iter().enumerate() {
            for y in 0..width {
                rows[y] = base[y] ^ (free[y] & patterns[m][y % 12]);
            }
            let score = row_penalty(&rows, width);
            if best.is_none_or(|(b, _)| score < b) {
                best = Some((score, *mask));
            }
        }
        best.map(|(_, mask)| mask)
    } else {
        // Very long addresses: score complete symbols the slow way.
        let mut best: Option<(u32, MaskPattern)> = None;
        for mask in MASKS {
            let mut masked = canvas.clone();
            masked.apply_mask(mask);
            let dark = to_bools(masked);
            let score = penalty(&dark, width);
            if best.is_none_or(|(b, _)| score < b) {
                best = Some((score, mask));
            }
        }
        best.map(|(_, mask)| mask)
    };
    let mask = best.ok_or_else(|| "geen masker".to_string())?;
    canvas.apply_mask(mask);
    Ok((width, to_bools(canvas)))
}

fn to_bools(canvas: Canvas) -> Vec<bool> {
    canvas
        .into_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect()
}

/// Each mask's pattern for the first 64 columns, by row modulo 12 (every
/// mask repeats after 2, 3, 4 or 6 rows): bit x is set where it inverts.
fn mask_rows() -> &'static [[u64; 12]; 8] {
    static ROWS: OnceLock<[[u64; 12]; 8]> = OnceLock::new();
    ROWS.get_or_init(|| {
        let invert: [fn(usize, usize) -> bool; 8] = [
            |x, y| (x + y) % 2 == 0,
            |_, y| y % 2 == 0,
            |x, _| x % 3 == 0,
            |x, y| (x + y) % 3 == 0,
            |x, y| (y / 2 + x / 3) % 2 == 0,
            |x, y| (x * y) % 2 + (x * y) % 3 == 0,
            |x, y| ((x * y) % 2 + (x * y) % 3) % 2 == 0,
            |x, y| ((x + y) % 2 + (x * y) % 3) % 2 == 0,
        ];
        let mut rows = [[0u64; 12]; 8];
        for (m, f) in invert.iter().enumerate() {
            for (y, row) in rows[m].iter_mut().enumerate() {
                for x in 0..64 {
                    *row |= u64::from(f(x, y)) << x;
                }
            }
        }
        rows
    })
}

/// The mask penalty of ISO/IEC 18004 (7.8.3): long runs (N1), 2×2 blocks
/// (N2), finder-like 1:1:3:1:1 patterns (N3) and dark/light imbalance (N4).
pub fn penalty(dark: &[bool], width: usize) -> u32 {
    if width == 0 || dark.len() != width * width {
        return u32::MAX;
    }
    let mut score = 0u32;
    // N1 and N3 along rows, then along columns (of a transposed copy).
    let mut transposed = vec![false; dark.len()];
    for (row, line) in dark.chunks_exact(width).enumerate() {
        score += line_penalty(line);
        for (col, d) in line.iter().enumerate() {
            transposed[col * width + row] = *d;
        }
    }
    for column in transposed.chunks_exact(width) {
        score += line_penalty(column);
    }
    // N2: every 2×2 block of one colour.
    for (upper, lower) in dark
        .chunks_exact(width)
        .zip(dark.chunks_exact(width).skip(1))
    {
        for (u, l) in upper.windows(2).zip(lower.windows(2)) {
            if u[0] == u[1] && l[0] == u[0] && l[1] == u[0] {
                score += 3;
            }
        }
    }
    // N4: 10 points per 5 % that the dark share deviates from 50 %.
    let dark_count = dark.iter().filter(|d| **d).count();
    let percent = dark_count * 100 / dark.len();
    score + 10 * (percent.abs_diff(50) / 5) as u32
}

/// [`penalty`] with each row and column as the bits of one integer (bit x
/// of `rows[y]` is the module in column x): the same four rules several
/// times faster. For codes up to 64 modules wide (version 11, addresses
/// up to about 250 bytes).
fn row_penalty(rows: &[u64], width: usize) -> u32 {
    let mut cols = vec![0u64; width];
    for (y, row) in rows.iter().enumerate() {
        for (x, col) in cols.iter_mut().enumerate() {
            *col |= ((row >> x) & 1) << y;
        }
    }
    let all = if width == 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    };
    // Bits 0..width-1: module c and module c+1 are both inside the line.
    let pairs = all >> 1;
    let mut score = 0u32;
    for line in rows.iter().chain(cols.iter()) {
        let x = *line;
        // N1: runs end where a module differs from the next one.
        let mut changes = (x ^ (x >> 1)) & pairs;
        let mut start = 0u32;
        loop {
            let end = if changes == 0 {
                width as u32
            } else {
                changes.trailing_zeros() + 1
            };
            let run = end - start;
            if run >= 5 {
                score += run - 2;
            }
            if changes == 0 {
                break;
            }
            changes &= changes - 1;
            start = end;
        }
        // N3: finder-like windows; bit k+j is module k+j, so the pattern
        // reads backwards in the window's bits.
        for k in 0..=width.saturating_sub(11) {
            let window = ((x >> k) & 0x7FF) as u16;
            if window == FINDER_BEFORE_BITS || window == FINDER_AFTER_BITS {
                score += 40;
            }
        }
    }
    // N2: 2×2 blocks of one colour between row r and r+1.
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let same_down = !(a ^ b) & all;
        let same_right = !(a ^ (a >> 1)) & pairs;
        score += 3 * (same_down & same_right & (same_down >> 1)).count_ones();
    }
    // N4.
    let dark_count: u32 = rows.iter().map(|r| r.count_ones()).sum();
    let percent = dark_count as usize * 100 / (width * width).max(1);
    score + 10 * (percent.abs_diff(50) / 5) as u32
}

/// The finder-like patterns as window bits (module k in bit k): reversed.
const FINDER_BEFORE_BITS: u16 = FINDER_BEFORE.reverse_bits() >> 5;
const FINDER_AFTER_BITS: u16 = FINDER_AFTER.reverse_bits() >> 5;

/// N1 and N3 for one row or column, in one pass: the last eleven modules
/// are kept as bits, so a finder-like pattern is one comparison.
fn line_penalty(line: &[bool]) -> u32 {
    let Some(&first) = line.first() else {
        return 0;
    };
    let mut score = 0;
    let mut run = 0u32;
    let mut previous = first;
    let mut window: u16 = 0;
    for (i, &dark) in line.iter().enumerate() {
        if dark == previous {
            run += 1;
        } else {
            if run >= 5 {
                score += run - 2;
            }
            run = 1;
            previous = dark;
        }
        window = ((window << 1) | u16::from(dark)) & 0x7FF;
        if i >= 10 && (window == FINDER_BEFORE || window == FINDER_AFTER) {
            score += 40;
        }
    }
    if run >= 5 {
        score += run - 2;
    }
    score
}

/// Light, then dark-light-dark-dark-dark-light-dark: what a finder pattern
/// looks like, and so what a mask should not produce (first module in the
/// highest bit).
const FINDER_BEFORE: u16 = 0b000_0101_1101;
const FINDER_AFTER: u16 = 0b101_1101_0000;

/// Merges dark modules into rectangles: horizontal runs, extended downwards
/// while the next row has exactly the same run. Runs come left to right,
/// so a row's runs are matched against the open blocks in one pass.
fn blocks(dark: &[bool], width: usize) -> Vec<Block> {
    let mut done: Vec<Block> = Vec::new();
    let mut open: Vec<Block> = Vec::new();
    let mut next: Vec<Block> = Vec::new();
    for (row, line) in dark.chunks_exact(width).enumerate() {
        let mut previous = open.iter().peekable();
        let mut col = 0;
        while col < width {
            if !line[col] {
                col += 1;
                continue;
            }
            let start = col;
            while col < width && line[col] {
                col += 1;
            }
            let cols = col - start;
            // Open blocks left of this run cannot continue: close them.
            while let Some(b) = previous.next_if(|b| b.col < start) {
                done.push(*b);
            }
            match previous.next_if(|b| b.col == start && b.cols == cols) {
                Some(b) => next.push(Block {
                    rows: b.rows + 1,
                    ..*b
                }),
                None => next.push(Block {
                    col: start,
                    row,
                    cols,
                    rows: 1,
                }),
            }
        }
        done.extend(previous.copied());
        std::mem::swap(&mut open, &mut next);
        next.clear();
    }
    done.extend(open);
    done.sort_by_key(|b| (b.row, b.col));
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str =
        "https://menukaart.example.nl/zorggroep-kempenrand/stoppen-met-roken-intensief/";

    #[test]
    fn blocks_cover_exactly_the_dark_modules() {
        let (width, dark) = matrix(URL).unwrap();
        let qr = Qr::new(URL).unwrap();
        assert_eq!(qr.modules, width);
        let mut painted = vec![0u8; width * width];
        for b in &qr.blocks {
            for r in b.row..b.row + b.rows {
                for c in b.col..b.col + b.cols {
                    painted[r * width + c] += 1;
                }
            }
        }
        for (i, d) in dark.iter().enumerate() {
            assert_eq!(painted[i], u8::from(*d), "module {i}");
        }
        // Merging pays off: far fewer rectangles than dark modules.
        let count = dark.iter().filter(|d| **d).count();
        assert!(
            qr.blocks.len() * 2 < count,
            "{} vs {count}",
            qr.blocks.len()
        );
    }

    #[test]
    fn the_chosen_mask_is_one_the_crate_could_choose() {
        // The symbol is the crate's own, with the lowest-penalty mask: the
        // finder patterns sit in three corners as in any QR code.
        let (width, dark) = matrix(URL).unwrap();
        let reference = qrcode::QrCode::with_error_correction_level(URL, EcLevel::M).unwrap();
        assert_eq!(reference.width(), width);
        for (row, col) in [(0, 0), (0, width - 7), (width - 7, 0)] {
            for k in 0..7 {
                assert!(
                    dark[row * width + col + k],
                    "top edge of finder at {row},{col}"
                );
                assert!(
                    dark[(row + k) * width + col],
                    "left edge of finder at {row},{col}"
                );
            }
        }
        let same = reference
            .to_colors()
            .iter()
            .zip(&dark)
            .filter(|(c, d)| (**c == Color::Dark) == **d)
            .count();
        // Function patterns are shared; the data region differs only by the mask.
        assert!(same > width * width / 3);
    }

    fn fast_penalty(dark: &[bool], width: usize) -> Option<u32> {
        (width <= 64).then(|| {
            let rows: Vec<u64> = dark
                .chunks_exact(width)
                .map(|r| {
                    r.iter()
                        .enumerate()
                        .fold(0, |a, (x, d)| a | (u64::from(*d) << x))
                })
                .collect();
            row_penalty(&rows, width)
        })
    }

    #[test]
    fn mask_rows_match_the_standard_formulas() {
        // ISO/IEC 18004 table 10, i = row, j = column.
        let rows = mask_rows();
        for y in 0..40 {
            for x in 0..64 {
                let bit = |m: usize| (rows[m][y % 12] >> x) & 1 == 1;
                assert_eq!(bit(0), (y + x) % 2 == 0);
                assert_eq!(bit(1), y % 2 == 0);
                assert_eq!(bit(2), x % 3 == 0);
                assert_eq!(bit(3), (y + x) % 3 == 0);
                assert_eq!(bit(4), (y / 2 + x / 3) % 2 == 0);
                assert_eq!(bit(5), (y * x) % 2 + (y * x) % 3 == 0);
                assert_eq!(bit(6), ((y * x) % 2 + (y * x) % 3) % 2 == 0);
                assert_eq!(bit(7), ((y * x) % 3 + (y + x) % 2) % 2 == 0);
            }
        }
    }

    #[test]
    fn fast_penalty_agrees_with_the_plain_rules() {
        for url in [URL, "https://a.nl/", "https://menukaart.example.nl/x/y/"] {
            let code = qrcode::QrCode::with_error_correction_level(url, EcLevel::M).unwrap();
            let width = code.width();
            let dark: Vec<bool> = code.to_colors().iter().map(|c| *c == Color::Dark).collect();
            assert_eq!(
                fast_penalty(&dark, width),
                Some(penalty(&dark, width)),
                "{url}"
            );
        }
        let board: Vec<bool> = (0..36).map(|i| (i / 6 + i % 6) % 2 == 0).collect();
        assert_eq!(fast_penalty(&board, 6), Some(0));
        assert_eq!(fast_penalty(&[false; 25], 5), Some(30 + 48 + 100));
        let mut finder = vec![false; 121];
        for (k, bit) in [1, 0, 1, 1, 1, 0, 1].iter().enumerate() {
            finder[4 + k] = *bit == 1;
        }
        assert_eq!(fast_penalty(&finder, 11), Some(penalty(&finder, 11)));
    }

    #[test]
    fn penalty_rules() {
        let line = |bits: &str| line_penalty(&bits.chars().map(|c| c == '1').collect::<Vec<_>>());
        // Runs of five or more: 3 points, plus one per module beyond five.
        assert_eq!(line("0000"), 0);
        assert_eq!(line("00000"), 3);
        assert_eq!(line("1111111"), 5);
        assert_eq!(line("0101011111"), 3);
        // A finder-like pattern next to four light modules: 40 points.
        assert_eq!(line("00001011101"), 40);
        assert_eq!(line("10111010000"), 40);
        assert_eq!(line("1011101000"), 0, "only three light modules");
        // 5×5 all light: ten runs of five (30), sixteen 2×2 blocks (48),
        // and 0 % dark is ten steps of 5 % from half (100).
        assert_eq!(penalty(&[false; 25], 5), 30 + 48 + 100);
        // A checkerboard has no runs and no blocks, and is half dark.
        let board: Vec<bool> = (0..36).map(|i| (i / 6 + i % 6) % 2 == 0).collect();
        assert_eq!(penalty(&board, 6), 0);
    }
}
