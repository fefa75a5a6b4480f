//! Card and network facts the widget does not carry (`category_code`, `last4`, expiry,
//! `system`, `arn` or `switch_serial_number`), by transaction uuid: what the host passed on the
//! transaction wins, these fill the gaps. The demo and the tests read them from a CSV file
//! (`enrichment_csv`); a credit union's core answers the same questions over HTTP
//! (`enrichment_url`, `deferred.rs`).

use std::collections::HashMap;

/// What is known of one transaction's card and network (also the JSON the credit union's core
/// answers with: any of the fields).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct CardFacts {
    pub category_code: Option<String>,
    pub last4: Option<String>,
    pub expiry_month: Option<u32>,
    pub expiry_year: Option<u32>,
    /// `visa`, `mastercard`, `amex`, `discover`.
    pub network: Option<String>,
    pub arn: Option<String>,
    pub switch_serial_number: Option<String>,
    /// `single_message` or `dual_message`.
    pub system: Option<String>,
}

impl CardFacts {
    /// These facts, with what they lack taken from `more`.
    pub fn or(self, more: CardFacts) -> CardFacts {
        CardFacts {
            category_code: self.category_code.or(more.category_code),
            last4: self.last4.or(more.last4),
            expiry_month: self.expiry_month.or(more.expiry_month),
            expiry_year: self.expiry_year.or(more.expiry_year),
            network: self.network.or(more.network),
            arn: self.arn.or(more.arn),
            switch_serial_number: self.switch_serial_number.or(more.switch_serial_number),
            system: self.system.or(more.system),
        }
    }
}

/// The CSV's columns, in this order, with this header line.
pub const HEADER: &str = "transaction_uuid,category_code,last4,expiry_month,expiry_year,network,arn,switch_serial_number,system";

/// Facts by transaction uuid.
#[derive(Debug, Default, Clone)]
pub struct Table(HashMap<String, CardFacts>);

impl Table {
    /// Parses the CSV (header [`HEADER`], no quoting: none of the fields holds a comma); an
    /// error names the line.
    pub fn from_csv(text: &str) -> Result<Self, String> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        match lines.next() {
            Some((_, h)) if h.trim() == HEADER => {}
            _ => return Err(format!("line 1: the header must be {HEADER}")),
        }
        let mut out = HashMap::new();
        for (i, line) in lines {
            let f: Vec<&str> = line.split(',').map(str::trim).collect();
            if f.len() != 9 || f[0].is_empty() {
                return Err(format!(
                    "line {}: 9 fields, the first a transaction uuid",
                    i + 1
                ));
            }
            let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
            let num = |s: &str, what: &str| -> Result<Option<u32>, String> {
                if s.is_empty() {
                    return Ok(None);
                }
                s.parse()
                    .map(Some)
                    .map_err(|_| format!("line {}: {what} {s:?} is not a number", i + 1))
            };
            out.insert(
                f[0].to_owned(),
                CardFacts {
                    category_code: opt(f[1]),
                    last4: opt(f[2]),
                    expiry_month: num(f[3], "expiry_month")?,
                    expiry_year: num(f[4], "expiry_year")?,
                    network: opt(f[5]),
                    arn: opt(f[6]),
                    switch_serial_number: opt(f[7]),
                    system: opt(f[8]),
                },
            );
        }
        Ok(Self(out))
    }

    /// A table of these facts.
    pub fn from_rows(rows: Vec<(String, CardFacts)>) -> Self {
        Self(rows.into_iter().collect())
    }

    /// The facts of a transaction (none known: all empty).
    pub fn get(&self, transaction_uuid: &str) -> CardFacts {
        self.0.get(transaction_uuid).cloned().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_reads_by_transaction() {
        let t = Table::from_csv(&format!(
            "{HEADER}\ntxn-1,5732,4242,9,2029,visa,74000000000000000000001,,dual_message\ntxn-2,,,,,,,242025095,\n"
        ))
        .unwrap();
        let one = t.get("txn-1");
        assert_eq!(one.last4.as_deref(), Some("4242"));
        assert_eq!((one.expiry_month, one.expiry_year), (Some(9), Some(2029)));
        assert_eq!(one.switch_serial_number, None);
        assert_eq!(
            t.get("txn-2").switch_serial_number.as_deref(),
            Some("242025095")
        );
        assert_eq!(t.get("unknown"), CardFacts::default());
    }

    #[test]
    fn a_bad_csv_names_the_line() {
        assert!(
            Table::from_csv("uuid,last4\n")
                .unwrap_err()
                .starts_with("line 1:")
        );
        let e = Table::from_csv(&format!("{HEADER}\ntxn-1,5732,4242,sept,2029,visa,,,\n"));
        assert_eq!(
            e.unwrap_err(),
            "line 2: expiry_month \"sept\" is not a number"
        );
    }
}
