//! A hit's snippet: the passage around its first match, as parts of plain text, the matches
//! marked. Case-insensitive like the search itself (each character compared by its simple
//! lowercase), so the marks fall where the database matched.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Characters of context kept before the first match, and the most a snippet shows.
const BEFORE: usize = 40;
const WINDOW: usize = 160;

/// A run of the snippet's text; `mark` runs are matches of the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Part {
    pub text: String,
    pub mark: bool,
}

fn fold(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Where `needle` occurs in `hay` (character indices, not overlapping).
fn matches(hay: &[char], needle: &[char]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    if needle.is_empty() || needle.len() > hay.len() {
        return found;
    }
    let mut at = 0;
    while at + needle.len() <= hay.len() {
        if hay[at..at + needle.len()]
            .iter()
            .zip(needle)
            .all(|(a, b)| fold(*a) == fold(*b))
        {
            found.push((at, at + needle.len()));
            at += needle.len();
        } else {
            at += 1;
        }
    }
    found
}

/// `body` cut to at most [`WINDOW`] characters around the first match of `query` (an
/// ellipsis where it was cut), split into marked and unmarked parts.
pub fn snippet(body: &str, query: &str) -> Vec<Part> {
    let chars: Vec<char> = body.chars().collect();
    let needle: Vec<char> = query.chars().collect();
    let found = matches(&chars, &needle);
    let first = found.first().map_or(0, |(start, _)| *start);
    let mut start = first.saturating_sub(BEFORE);
    let end = (start + WINDOW).min(chars.len());
    if end - start < WINDOW {
        start = end.saturating_sub(WINDOW);
    }
    // Start at a word when one begins shortly after the cut.
    if start > 0
        && let Some(space) = chars[start..first.max(start)]
            .iter()
            .take(12)
            .position(|c| c.is_whitespace())
    {
        start += space + 1;
    }

    let mut parts: Vec<Part> = Vec::new();
    let mut push = |text: String, mark: bool| {
        if text.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(last) if last.mark == mark => last.text.push_str(&text),
            _ => parts.push(Part { text, mark }),
        }
    };
    if start > 0 {
        push("…".to_owned(), false);
    }
    let mut at = start;
    for (from, to) in found {
        if to <= start || from >= end {
            continue;
        }
        let (from, to) = (from.max(start), to.min(end));
        push(chars[at..from].iter().collect(), false);
        push(chars[from..to].iter().collect(), true);
        at = to;
    }
    push(chars[at..end].iter().collect(), false);
    if end < chars.len() {
        push("…".to_owned(), false);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(parts: &[Part]) -> String {
        parts
            .iter()
            .map(|p| {
                if p.mark {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn every_match_is_marked_whatever_its_case() {
        assert_eq!(
            render(&snippet("Eigenvalues and eigenvectors", "EIGEN")),
            "[Eigen]values and [eigen]vectors"
        );
        assert_eq!(
            render(&snippet("선형대수: 고유값 분해 정리", "유값 분")),
            "선형대수: 고[유값 분]해 정리"
        );
    }

    #[test]
    fn a_long_passage_is_cut_around_the_first_match() {
        let body = format!("{} pivot {}", "word ".repeat(60), "tail ".repeat(60));
        let parts = snippet(&body, "pivot");
        let text = render(&parts);
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert!(text.contains("[pivot]"), "{text}");
        assert!(text.chars().count() <= WINDOW + 2, "{text}");
        assert!(text.starts_with("…word"), "starts at a word: {text}");
    }

    #[test]
    fn without_a_match_the_start_is_shown_unmarked() {
        let parts = snippet("nothing here", "zzz");
        assert_eq!(
            parts,
            vec![Part {
                text: "nothing here".into(),
                mark: false
            }]
        );
    }
}
