//! The JSON Schema of the output, generated from the model types.

/// The pretty-printed JSON Schema of [`crate::model::Document`], as
/// `docmend schema` prints it and `docs/schema.json` holds it.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(crate::model::Document);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serialises");
    text.push('\n');
    text
}
