//! Paper sizes and print colours: the plain values that both the theme's
//! settings and the placemat renderer speak in, kept apart so that reading
//! `theme.toml` does not depend on the placemat code that uses it.

/// One millimetre in PDF points.
pub const MM: f32 = 72.0 / 25.4;

/// The two paper sizes every region gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Paper {
    A3,
    A4,
}

impl From<crate::vocab::Papier> for Paper {
    fn from(p: crate::vocab::Papier) -> Self {
        match p {
            crate::vocab::Papier::A3 => Paper::A3,
            crate::vocab::Papier::A4 => Paper::A4,
        }
    }
}

impl Paper {
    pub const ALL: [Paper; 2] = [Paper::A3, Paper::A4];

    /// The key of its settings: `[placemat.a3]`.
    pub fn key(self) -> &'static str {
        match self {
            Paper::A3 => "a3",
            Paper::A4 => "a4",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Paper::A3 => "A3",
            Paper::A4 => "A4",
        }
    }

    /// The file name in the region's folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Paper::A3 => "placemat.pdf",
            Paper::A4 => "placemat-a4.pdf",
        }
    }

    /// Width and height in points.
    pub fn size(self, landscape: bool) -> (f32, f32) {
        let (short, long) = match self {
            Paper::A3 => (297.0 * MM, 420.0 * MM),
            Paper::A4 => (210.0 * MM, 297.0 * MM),
        };
        if landscape {
            (long, short)
        } else {
            (short, long)
        }
    }
}

/// An sRGB colour with components from 0 to 1, as PDF wants them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rgb {
    pub r: f32,
    pub g: f32,
    pub b: f32,
}

impl Rgb {
    pub const WHITE: Rgb = Rgb {
        r: 1.0,
        g: 1.0,
        b: 1.0,
    };
    pub const BLACK: Rgb = Rgb {
        r: 0.0,
        g: 0.0,
        b: 0.0,
    };

    /// Parses `#rrggbb`; anything else is `None`.
    pub fn from_hex(hex: &str) -> Option<Rgb> {
        let digits = hex.strip_prefix('#')?;
        if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize| {
            u8::from_str_radix(&digits[i..i + 2], 16)
                .ok()
                .map(|v| f32::from(v) / 255.0)
        };
        Some(Rgb {
            r: channel(0)?,
            g: channel(2)?,
            b: channel(4)?,
        })
    }
}
