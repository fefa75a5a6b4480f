//! The transaction list of step 1: the host's transactions searched and filtered, newest
//! first, shown a page at a time so a member with 10,000 transactions types without lag.
//!
//! [`TransactionIndex`] is built once per list (sorted order, lower-cased merchants) and each
//! keystroke only scans it, stopping the rows it keeps at the page limit while still counting
//! every match for "Showing 50 of 1,234".

use casap_api::{TransactionDetail, TransactionType};

use super::{order_by, when_ms};

/// Rows shown at first, and added by each "Show more".
pub const LIST_PAGE: usize = 50;

/// How search text is folded to one case: `str::to_lowercase` natively; in the browser,
/// `String.prototype.toLowerCase`, so the wasm does not carry Unicode's case tables (7.7 KB gzip).
pub type Fold = fn(&str) -> String;

/// The transactions in display order with what search needs, computed once per list.
#[derive(Debug, Clone)]
pub struct TransactionIndex {
    /// Folds merchant names once, and each query.
    fold: Fold,
    /// Indexes into the list, newest first.
    order: Vec<usize>,
    /// Lower-cased merchant names, by index into the list.
    merchants: Vec<String>,
    /// When each happened (Unix ms), by index into the list.
    when: Vec<i64>,
    /// The type of each, by index into the list.
    kinds: Vec<TransactionType>,
    /// The types present, each once, in the API's order (unknown ones last).
    types: Vec<TransactionType>,
}

/// The search and filters the member set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListQuery {
    /// Text typed in the search box (any case, surrounding spaces ignored).
    pub text: String,
    pub kind: Option<TransactionType>,
    /// Only transactions at or after this instant (Unix ms).
    pub since_ms: Option<i64>,
}

/// The rows to show, and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPage {
    /// Indexes into the list, newest first, at most the limit asked for.
    pub rows: Vec<usize>,
    pub matches: usize,
}

impl TransactionIndex {
    pub fn new(transactions: &[TransactionDetail], fold: Fold) -> Self {
        let when: Vec<i64> = transactions.iter().map(when_ms).collect();
        // Newest first; transactions at the same instant keep the host's order.
        let order = order_by(when.iter().map(|w| !w).collect());
        let kinds: Vec<TransactionType> = transactions.iter().map(|t| t.kind).collect();
        let types = TransactionType::ALL
            .iter()
            .chain([&TransactionType::Unknown])
            .copied()
            .filter(|k| kinds.contains(k))
            .collect();
        Self {
            fold,
            order,
            merchants: transactions.iter().map(|t| fold(&t.merchant)).collect(),
            when,
            kinds,
            types,
        }
    }

    /// The types present in the list, each once, in the API's order, unknown ones last (for the
    /// type filter).
    pub fn types(&self) -> &[TransactionType] {
        &self.types
    }

    /// The first `limit` matches of `query` (indexes into the list this index was built from),
    /// and the number of all matches.
    pub fn find(&self, query: &ListQuery, limit: usize) -> ListPage {
        let text = (self.fold)(query.text.trim());
        let mut rows = Vec::with_capacity(limit.min(self.order.len()));
        let mut matches = 0;
        for &i in &self.order {
            let hit = (text.is_empty() || self.merchants[i].contains(&text))
                && query.kind.is_none_or(|k| self.kinds[i] == k)
                && query.since_ms.is_none_or(|s| self.when[i] >= s);
            if hit {
                matches += 1;
                if rows.len() < limit {
                    rows.push(i);
                }
            }
        }
        ListPage { rows, matches }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn txn(uuid: &str, merchant: &str, kind: TransactionType, secs: i64) -> TransactionDetail {
        TransactionDetail {
            uuid: uuid.into(),
            merchant: merchant.into(),
            kind,
            settled_timestamp: secs,
            ..Default::default()
        }
    }

    fn list() -> Vec<TransactionDetail> {
        (0..250)
            .map(|i| {
                let merchant = match i % 3 {
                    0 => format!("Gadget Galaxy #{i}"),
                    1 => format!("FreshMart Groceries #{i}"),
                    _ => format!("Über Rides #{i}"),
                };
                let kind = if i % 2 == 0 {
                    TransactionType::DebitCard
                } else {
                    TransactionType::Ach
                };
                txn(&format!("t{i}"), &merchant, kind, 1_700_000_000 + i * 60)
            })
            .collect()
    }

    #[test]
    fn newest_first_a_page_at_a_time_with_every_match_counted() {
        let list = list();
        let index = TransactionIndex::new(&list, str::to_lowercase);
        let page = index.find(&ListQuery::default(), LIST_PAGE);
        assert_eq!(page.matches, 250);
        assert_eq!(page.rows.len(), LIST_PAGE);
        assert_eq!(list[page.rows[0]].uuid, "t249", "newest first");
        assert_eq!(list[page.rows[49]].uuid, "t200");
        let more = index.find(&ListQuery::default(), 2 * LIST_PAGE);
        assert_eq!(
            more.rows[..LIST_PAGE],
            page.rows[..],
            "more keeps the first page"
        );
        assert_eq!(index.find(&ListQuery::default(), 1000).rows.len(), 250);
    }

    #[test]
    fn search_ignores_case_and_spaces_and_combines_with_filters() {
        let list = list();
        let index = TransactionIndex::new(&list, str::to_lowercase);
        let q = |text: &str, kind, since_ms| ListQuery {
            text: text.into(),
            kind,
            since_ms,
        };
        let page = index.find(&q("  gadget ", None, None), LIST_PAGE);
        assert_eq!(page.matches, 84);
        assert!(
            page.rows
                .iter()
                .all(|&i| list[i].merchant.starts_with("Gadget"))
        );
        // Non-ASCII lower-cases too.
        assert_eq!(index.find(&q("ÜBER", None, None), 0).matches, 83);
        let ach = index.find(&q("gadget", Some(TransactionType::Ach), None), 5);
        assert_eq!(ach.matches, 42);
        assert!(
            ach.rows
                .iter()
                .all(|&i| list[i].kind == TransactionType::Ach)
        );
        let recent = index.find(&q("", None, Some((1_700_000_000 + 240 * 60) * 1000)), 50);
        assert_eq!(recent.matches, 10);
        assert_eq!(index.find(&q("nothing like it", None, None), 50).matches, 0);
    }

    #[test]
    fn same_instant_keeps_the_hosts_order() {
        let list = vec![
            txn("a", "A", TransactionType::DebitCard, 5),
            txn("b", "B", TransactionType::DebitCard, 5),
            txn("c", "C", TransactionType::DebitCard, 9),
        ];
        let index = TransactionIndex::new(&list, str::to_lowercase);
        let page = index.find(&ListQuery::default(), 10);
        let uuids: Vec<&str> = page.rows.iter().map(|&i| list[i].uuid.as_str()).collect();
        assert_eq!(uuids, ["c", "a", "b"]);
    }

    #[test]
    fn types_are_listed_once_each() {
        let list = list();
        let index = TransactionIndex::new(&list, str::to_lowercase);
        assert_eq!(
            index.types(),
            [TransactionType::DebitCard, TransactionType::Ach]
        );
    }
}
