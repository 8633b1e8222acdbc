//! The TOML examples in MAPPING.md are valid mappings.

use gapscope_import::Mapping;

#[test]
fn every_complete_toml_example_in_mapping_md_validates() {
    let doc = include_str!("../MAPPING.md");
    let blocks: Vec<&str> = doc
        .split("```toml\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .filter(|block| block.contains("cycle ="))
        .collect();
    assert_eq!(blocks.len(), 2, "the minimal and the full example");
    for block in blocks {
        let mapping = Mapping::from_toml(block).unwrap_or_else(|e| panic!("{e}\n{block}"));
        if let Err(report) = mapping.validate() {
            panic!("{report}\n{block}");
        }
    }
}
