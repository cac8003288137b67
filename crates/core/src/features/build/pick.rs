//! A stage's list to pick from: the items as the service answered them, a label per item,
//! a filter typed straight into it (a few dozen specs or datasets, so a plain
//! case-insensitive match of every word), the row in focus and, for datasets to export,
//! the items ticked.

use std::collections::BTreeSet;

use serde_json::Value;

#[derive(Clone, Debug, Default)]
pub struct Pick {
    pub items: Vec<Value>,
    /// What each item shows, searched by the filter.
    pub labels: Vec<String>,
    pub filter: String,
    /// Index into `visible()`.
    pub selected: usize,
    /// Ticked items (indices into `items`).
    pub ticked: BTreeSet<usize>,
    /// Still reading the items.
    pub loading: bool,
}

impl Pick {
    pub fn new(items: Vec<Value>, label: impl Fn(&Value) -> String) -> Pick {
        let labels = items.iter().map(label).collect();
        Pick {
            items,
            labels,
            ..Pick::default()
        }
    }

    pub fn loading() -> Pick {
        Pick {
            loading: true,
            ..Pick::default()
        }
    }

    /// Indices of the items the filter keeps, in order.
    pub fn visible(&self) -> Vec<usize> {
        let words: Vec<String> = self
            .filter
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        (0..self.items.len())
            .filter(|&i| {
                let label = self.labels[i].to_lowercase();
                words.iter().all(|w| label.contains(w.as_str()))
            })
            .collect()
    }

    /// The item in focus.
    pub fn current(&self) -> Option<(usize, &Value)> {
        let i = *self.visible().get(self.selected)?;
        Some((i, &self.items[i]))
    }

    pub fn step(&mut self, delta: isize) {
        let n = self.visible().len() as isize;
        if n == 0 {
            self.selected = 0;
            return;
        }
        self.selected = (self.selected as isize + delta).clamp(0, n - 1) as usize;
    }

    pub fn type_char(&mut self, c: char) {
        self.filter.push(c);
        self.selected = 0;
    }

    pub fn backspace(&mut self) {
        self.filter.pop();
        self.selected = 0;
    }

    /// Ticks or unticks the item in focus.
    pub fn tick(&mut self) {
        if let Some((i, _)) = self.current()
            && !self.ticked.remove(&i)
        {
            self.ticked.insert(i);
        }
    }

    pub fn ticked_items(&self) -> Vec<Value> {
        self.ticked.iter().map(|&i| self.items[i].clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_filter_matches_every_word_and_keeps_focus_in_range() {
        let mut p = Pick::new(
            vec![
                json!({"n": "Amazon S3", "c": "cloudStorage"}),
                json!({"n": "Salesforce", "c": "CRM"}),
                json!({"n": "Azure Blob", "c": "cloudStorage"}),
            ],
            |v| {
                format!(
                    "{} {}",
                    v["c"].as_str().unwrap_or(""),
                    v["n"].as_str().unwrap_or("")
                )
            },
        );
        p.step(5);
        assert_eq!(p.selected, 2);
        for c in "cloud blob".chars() {
            p.type_char(c);
        }
        assert_eq!(p.visible(), vec![2]);
        assert_eq!(p.current().map(|(i, _)| i), Some(2));
        p.tick();
        assert_eq!(p.ticked_items().len(), 1);
        p.tick();
        assert!(p.ticked_items().is_empty());
        for _ in 0..5 {
            p.backspace();
        }
        assert_eq!(p.visible(), vec![0, 2]);
    }
}
