//! Column flow: thema groups of cards poured into newspaper columns.
//!
//! Cards go top to bottom, column after column, in the menukaart's order.
//! A card is never split. Each group starts with its thema heading; the
//! heading stays with the group's first card, and a group that continues
//! in the next column repeats its heading there ("(vervolg)"), so every
//! card sits under the name of its thema. [`balance`] then finds the
//! lowest column height that still holds everything, so the columns end
//! at about the same height instead of leaving the last one nearly empty.

/// Heights and spacing for one attempt, in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spacing {
    pub heading: f32,
    /// Between a heading and the card below it.
    pub after_heading: f32,
    /// Between two cards of a group.
    pub between_cards: f32,
    /// Above a heading that is not at the top of a column.
    pub between_groups: f32,
}

/// Where one piece goes: column and top, relative to the body's top.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Placed {
    Heading {
        group: usize,
        continued: bool,
        column: usize,
        y: f32,
    },
    Card {
        group: usize,
        card: usize,
        column: usize,
        y: f32,
    },
}

/// Pours `groups` (card heights per group) into `columns` of `height`;
/// `None` when they do not fit.
pub fn flow(
    groups: &[Vec<f32>],
    spacing: Spacing,
    columns: usize,
    height: f32,
) -> Option<Vec<Placed>> {
    let mut out = Vec::new();
    let mut column = 0;
    let mut y = 0.0_f32;
    for (group, cards) in groups.iter().enumerate() {
        for (card, &card_height) in cards.iter().enumerate() {
            let heading_here = card == 0 || y == 0.0;
            let gap = if y == 0.0 {
                0.0
            } else if heading_here {
                spacing.between_groups
            } else {
                spacing.between_cards
            };
            let heading = if heading_here {
                spacing.heading + spacing.after_heading
            } else {
                0.0
            };
            let mut top = y + gap;
            let mut with_heading = heading_here;
            if top + heading + card_height > height {
                // Next column; the group's heading comes along.
                column += 1;
                if column >= columns {
                    return None;
                }
                top = 0.0;
                with_heading = true;
                if spacing.heading + spacing.after_heading + card_height > height {
                    return None;
                }
            }
            if with_heading {
                out.push(Placed::Heading {
                    group,
                    continued: card > 0,
                    column,
                    y: top,
                });
                top += spacing.heading + spacing.after_heading;
            }
            out.push(Placed::Card {
                group,
                card,
                column,
                y: top,
            });
            y = top + card_height;
        }
    }
    Some(out)
}

/// The lowest column height (to a tenth of a point) at which everything
/// still fits in `max_height`, with its placement.
pub fn balance(
    groups: &[Vec<f32>],
    spacing: Spacing,
    columns: usize,
    max_height: f32,
) -> Option<Vec<Placed>> {
    let mut best = flow(groups, spacing, columns, max_height)?;
    let tallest = groups.iter().flatten().fold(0.0_f32, |m, &h| {
        m.max(h + spacing.heading + spacing.after_heading)
    });
    let (mut low, mut high) = (tallest.min(max_height), max_height);
    if let Some(placed) = flow(groups, spacing, columns, low) {
        return Some(placed);
    }
    while high - low > 0.1 {
        let mid = (low + high) / 2.0;
        match flow(groups, spacing, columns, mid) {
            Some(placed) => {
                best = placed;
                high = mid;
            }
            None => low = mid,
        }
    }
    Some(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPACING: Spacing = Spacing {
        heading: 10.0,
        after_heading: 2.0,
        between_cards: 4.0,
        between_groups: 8.0,
    };

    fn columns_of(placed: &[Placed]) -> Vec<usize> {
        placed
            .iter()
            .filter_map(|p| match p {
                Placed::Card { column, .. } => Some(*column),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn cards_flow_into_the_next_column_with_a_repeated_heading() {
        let groups = vec![vec![50.0, 50.0, 50.0]];
        let placed = flow(&groups, SPACING, 2, 120.0).unwrap();
        assert_eq!(columns_of(&placed), [0, 0, 1]);
        assert!(placed.contains(&Placed::Heading {
            group: 0,
            continued: true,
            column: 1,
            y: 0.0
        }));
    }

    #[test]
    fn a_heading_is_never_left_alone_at_the_bottom() {
        // Room for the second group's heading in column 0, not for its card.
        let groups = vec![vec![90.0], vec![50.0]];
        let placed = flow(&groups, SPACING, 2, 125.0).unwrap();
        assert!(placed.contains(&Placed::Heading {
            group: 1,
            continued: false,
            column: 1,
            y: 0.0
        }));
    }

    #[test]
    fn too_much_does_not_fit() {
        assert!(flow(&[vec![50.0; 5]], SPACING, 2, 120.0).is_none());
        assert!(flow(&[vec![200.0]], SPACING, 3, 120.0).is_none());
    }

    #[test]
    fn balancing_evens_out_the_columns() {
        let groups = vec![vec![40.0; 6]];
        let greedy = flow(&groups, SPACING, 3, 1000.0).unwrap();
        assert_eq!(columns_of(&greedy), [0; 6]);
        let balanced = balance(&groups, SPACING, 3, 1000.0).unwrap();
        assert_eq!(columns_of(&balanced), [0, 0, 1, 1, 2, 2]);
    }
}
