//! The JSON Schema of the output, generated from the model types.

/// The pretty-printed JSON Schema of [`crate::model::Document`], as
/// `docmend schema` prints it and `docs/schema.json` holds it.
///
/// It describes what docmend writes (the serialisation contract): fields
/// that are always written, null or not, are required; fields written only
/// when they apply (`origin`, `repairs[].row`) are optional.
pub fn json_schema() -> String {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let schema = generator.into_root_schema_for::<crate::model::Document>();
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serialises");
    text.push('\n');
    text
}
