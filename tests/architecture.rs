//! The layering rules of docs/architecture.md, checked on the manifests:
//! a converter crate depends on docmend-core and no other docmend crate,
//! and the core depends on no docmend crate.

use std::path::Path;

/// The docmend crates a manifest's `[dependencies]` name.
fn docmend_dependencies(manifest: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(manifest).unwrap();
    let mut in_dependencies = false;
    let mut found = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
            continue;
        }
        if in_dependencies && line.starts_with("docmend") {
            let name: String = line
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            found.push(name);
        }
    }
    found
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn converter_crates_depend_on_the_core_only() {
    let mut converters = 0;
    for entry in std::fs::read_dir(root().join("converters")).unwrap() {
        let manifest = entry.unwrap().path().join("Cargo.toml");
        if !manifest.exists() {
            continue;
        }
        converters += 1;
        assert_eq!(
            docmend_dependencies(&manifest),
            ["docmend-core"],
            "{}",
            manifest.display()
        );
    }
    assert_eq!(converters, 6, "one crate per converter");
}

#[test]
fn the_core_depends_on_no_other_docmend_crate() {
    assert!(docmend_dependencies(&root().join("src/core/Cargo.toml")).is_empty());
}

#[test]
fn the_library_does_not_depend_on_the_command_line() {
    let deps = docmend_dependencies(&root().join("Cargo.toml"));
    assert!(deps.contains(&"docmend-core".to_string()), "{deps:?}");
    assert!(!deps.iter().any(|d| d == "docmend-cli"), "{deps:?}");
}
