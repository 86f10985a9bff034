//! CSV: one table, its first row the header. A table too long for one passage is cut between
//! rows, each part carrying the header ([`paddock_core::knowledge::chunk`]).

use paddock_core::knowledge::chunk::{Block, Extracted, Page};

use super::{ReadError, utf8};

pub(super) fn read_csv(content: &[u8]) -> Result<Extracted, ReadError> {
    let text = utf8(content)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|error| {
            ReadError::Unreadable(format!("row {} is not valid CSV: {error}", index + 1))
        })?;
        if record.iter().any(|cell| !cell.trim().is_empty()) {
            rows.push(record.iter().map(str::to_owned).collect());
        }
    }
    let blocks = match rows.is_empty() {
        true => Vec::new(),
        false => vec![Block::Table(rows)],
    };
    Ok(Extracted {
        pages: vec![Page { number: 1, blocks }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_file_is_one_table_without_its_blank_rows() {
        let read = read_csv(b"item,limit\nPhone,500\n,\n\"Bike, road\",1200\n").unwrap();
        assert_eq!(
            read.pages[0].blocks,
            [Block::Table(vec![
                vec!["item".into(), "limit".into()],
                vec!["Phone".into(), "500".into()],
                vec!["Bike, road".into(), "1200".into()],
            ])]
        );
    }

    #[test]
    fn a_file_that_is_not_utf8_is_refused_with_where_it_breaks() {
        let error = read_csv(b"a,b\n\xff\xfe,1\n").unwrap_err();
        assert_eq!(error.to_string(), "the file is not UTF-8 text (at byte 4)");
    }
}
